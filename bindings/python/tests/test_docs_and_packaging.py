"""docs/python.md's worked example runs and prints what the page says, and the package installs
offline with pip and then finds an installed library."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import escalate

from . import support
from .test_library import loaded_library_file

DOC = support.ROOT / "docs" / "python.md"


def _clean_environment(**extra: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("ESCALATE_LIBRARY", "ESCALATE_RULESETS", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env.update(extra)
    return env


class TestWorkedExample(unittest.TestCase):
    def test_example_prints_what_the_page_says(self):
        # The page's own expected output was worked by hand from the policy (see the page).
        text = DOC.read_text(encoding="utf-8")
        section = text[text.index("## A worked example"):]
        code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
        printed = re.search(r"It prints:\n\n```\n(.*?)```", section, re.DOTALL).group(1)
        env = _clean_environment(ESCALATE_LIBRARY=str(loaded_library_file()),
                                 PYTHONPATH=str(support.PACKAGE_SOURCE))
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=support.RULESETS.parent, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, printed)


def _has_pip() -> bool:
    probe = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True)
    return probe.returncode == 0


@unittest.skipUnless(_has_pip(), "pip is not available for this interpreter")
class TestOfflineInstall(unittest.TestCase):
    def test_pip_install_without_an_index_then_find_an_installed_library(self):
        with tempfile.TemporaryDirectory() as directory:
            tree = Path(directory)
            source = tree / "checkout" / "bindings" / "python"
            # Build from a copy laid out as the checkout (the package beside the rulesets it
            # ships) so the checkout gains no build artefacts.
            shutil.copytree(support.PACKAGE_SOURCE, source,
                            ignore=shutil.ignore_patterns("__pycache__", "tests", "*.egg-info",
                                                          "build", "libescalate*"))
            shutil.copytree(support.ROOT / "rulesets", tree / "checkout" / "rulesets")
            install = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--no-index", "--no-cache-dir",
                 "--disable-pip-version-check", "--target", str(tree / "site"), str(source)],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
            installed = tree / "site" / "escalate"
            self.assertTrue((installed / "__init__.py").is_file())
            self.assertTrue((installed / "py.typed").is_file())
            # The package ships the bundled rulesets, and says its licence.
            self.assertTrue((installed / "rulesets" / "pathways" / "wolverhampton.xml").is_file())
            metadata = next((tree / "site").glob("escalate-*.dist-info")) / "METADATA"
            self.assertIn("License: Apache-2.0", metadata.read_text(encoding="utf-8").splitlines())
            # The library as `cmake --install` would leave it, reached through the loader.
            lib = tree / "prefix" / "lib"
            lib.mkdir(parents=True)
            shutil.copy2(loaded_library_file(), lib / "libescalate.so.1")
            script = (
                "import datetime, escalate\n"
                "print(escalate.__file__)\n"
                "print(escalate.library_path())\n"
                "print(escalate.rulesets_dir())\n"
                "engine = escalate.Engine.load()\n"
                "print(engine.decide('wolverhampton', at=datetime.date(2023, 3, 6)).due)\n"
            )
            result = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, cwd=tree,
                env=_clean_environment(PYTHONPATH=str(tree / "site"), LD_LIBRARY_PATH=str(lib)),
                timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            package_file, library, rulesets, due = result.stdout.splitlines()
            self.assertTrue(package_file.startswith(str(installed)))
            self.assertEqual(rulesets, str((installed / "rulesets").resolve()))
            self.assertEqual(library, "libescalate.so.1")
            # Wolverhampton Stage 1 from Mon 6 March 2023: 5 working days -> Mon 13 March.
            self.assertEqual(due, "2023-03-13")

    def test_installed_version_is_the_binding_version(self):
        with tempfile.TemporaryDirectory() as directory:
            source = Path(directory) / "source"
            shutil.copytree(support.PACKAGE_SOURCE, source,
                            ignore=shutil.ignore_patterns("__pycache__", "tests"))
            wheel = subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--no-index", "--no-deps",
                 "--no-cache-dir", "--disable-pip-version-check", "-w", directory, str(source)],
                capture_output=True, text=True, timeout=300)
            self.assertEqual(wheel.returncode, 0, wheel.stdout + wheel.stderr)
            names = [p.name for p in Path(directory).glob("*.whl")]
            self.assertEqual(names, [f"escalate-{escalate.__version__}-py3-none-any.whl"])


if __name__ == "__main__":
    unittest.main()
