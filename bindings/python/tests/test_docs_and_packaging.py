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


class TestEveryExample(unittest.TestCase):
    """Every `pycon` block of docs/python.md runs as a doctest, in order, in one namespace (as a
    reader would type them), from the repository root; the Dask example runs on two small CSV
    files. A block needing NumPy or pandas is skipped, saying so, where they are absent."""

    def test_pycon_blocks(self):
        import doctest

        text = DOC.read_text(encoding="utf-8")
        blocks = re.findall(r"```pycon\n(.*?)```", text, re.DOTALL)
        self.assertGreaterEqual(len(blocks), 6)
        parser = doctest.DocTestParser()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        namespace: dict = {}
        cwd = os.getcwd()
        os.chdir(support.RULESETS.parent)
        try:
            for number, block in enumerate(blocks):
                if ("pd." in block and support.pandas is None) or \
                        ("np." in block and support.numpy is None):
                    continue  # stated in the class docstring; the other suites say which
                test = parser.get_doctest(block, namespace, f"docs/python.md pycon block {number}",
                                          str(DOC), 0)
                runner.run(test, clear_globs=False)
                namespace = test.globs
        finally:
            os.chdir(cwd)
        results = runner.summarize(verbose=False)
        self.assertEqual(results.failed, 0, "a docs/python.md example gave another answer")

    @unittest.skipIf(support.pandas is None, "pandas is not installed (python3-pandas)")
    def test_dask_example(self):
        try:
            import dask.dataframe  # noqa: F401
        except ImportError:
            self.skipTest("Dask is not installed (python3-dask)")
        text = DOC.read_text(encoding="utf-8")
        section = text[text.index("## Scale-out: Dask and Spark"):]
        code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
        code = code.replace("/srv/escalate/rulesets", str(support.RULESETS))
        escalate.library_path()  # loaded now: $ESCALATE_LIBRARY may be relative to here
        with tempfile.TemporaryDirectory() as work:
            Path(work, "cases-1.csv").write_text(
                "case_id,pathway,stage,entered,started\n"
                "C1,wolverhampton,stage-1,2023-03-06,2023-03-06\n")
            Path(work, "cases-2.csv").write_text(
                "case_id,pathway,stage,entered,started\n"
                "C2,wolverhampton,stage-4,2023-03-20,\nC3,atlantis,stage-1,2023-03-20,\n")
            cwd = os.getcwd()
            os.chdir(work)
            try:
                namespace: dict = {}
                exec(compile(code, "docs/python.md (Dask)", "exec"), namespace)
            finally:
                os.chdir(cwd)
        result = namespace["result"].set_index("case_id")
        self.assertEqual(str(result.due["C1"].date()), "2023-03-13")
        self.assertEqual(str(result.due["C2"].date()), "2023-03-22")
        self.assertEqual(result.status["C3"], "NOT_FOUND")


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
