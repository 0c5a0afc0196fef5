"""Finding and checking libescalate: the search order of docs/python.md and the error that
lists where it looked. Each case runs in a fresh interpreter, since a process loads the
library once, with a copy of the package and of the library laid out in a temporary tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import escalate
from escalate import _ffi

from . import support

_PROBE = (
    "import json, escalate\n"
    "try:\n"
    "    print(json.dumps({'path': escalate.library_path()}))\n"
    "except escalate.LibraryError as error:\n"
    "    print(json.dumps({'error': str(error), 'searched': list(error.searched)}))\n"
)


def loaded_library_file() -> Path:
    """The file of the library this process loaded (the loader may have been given a bare
    name, so ask the process's own memory map when the path is not a file)."""
    path = escalate.library_path()
    if os.path.isfile(path):
        return Path(path).resolve()
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "libescalate" in line:
                return Path(line.split()[-1])
    raise AssertionError("libescalate is not mapped into this process")


class TestLoadedLibrary(unittest.TestCase):
    def test_versions_match_the_header(self):
        macros = support.macros()
        self.assertEqual(escalate.library_version(), macros["ESCALATE_VERSION_STRING"])
        self.assertEqual(_ffi.library().esc_abi_version(), macros["ESC_ABI_VERSION"])

    def test_every_required_call_is_bound(self):
        lib = _ffi.library()
        for name in _ffi.PROTOTYPES:
            if name not in _ffi.OPTIONAL:
                self.assertTrue(lib.has(name), name)


class TestSearchOrder(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.library = loaded_library_file()

    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.tree = Path(self.directory.name)

    def tearDown(self):
        self.directory.cleanup()

    def _package_copy(self, where: Path) -> Path:
        """A copy of the escalate package at where/escalate; returns its parent for PYTHONPATH."""
        shutil.copytree(support.PACKAGE_SOURCE / "escalate", where / "escalate",
                        ignore=shutil.ignore_patterns("__pycache__", "libescalate*"))
        return where

    def _library_copy(self, directory: Path, name: str = "libescalate.so.1") -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.library, directory / name)
        return directory / name

    def _probe(self, python_path: Path, **environment: str) -> dict:
        env = {key: value for key, value in os.environ.items()
               if key not in ("ESCALATE_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
        env.update(environment)
        env["PYTHONPATH"] = str(python_path)
        result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                                env=env, cwd=self.tree, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_environment_variable_comes_first(self):
        packages = self._package_copy(self.tree / "site")
        self._library_copy(packages / "escalate")  # beside the package: must be passed over
        chosen = self._library_copy(self.tree / "chosen")
        found = self._probe(packages, ESCALATE_LIBRARY=str(chosen))
        self.assertEqual(found, {"path": str(chosen)})

    def test_environment_variable_may_name_a_directory(self):
        packages = self._package_copy(self.tree / "site")
        chosen = self._library_copy(self.tree / "chosen")
        found = self._probe(packages, ESCALATE_LIBRARY=str(chosen.parent))
        self.assertEqual(found, {"path": str(chosen)})

    def test_a_wrong_environment_variable_is_reported_not_searched_past(self):
        packages = self._package_copy(self.tree / "site")
        self._library_copy(packages / "escalate")
        missing = self.tree / "nowhere" / "libescalate.so.1"
        found = self._probe(packages, ESCALATE_LIBRARY=str(missing))
        self.assertIn(str(missing), found["error"])
        self.assertIn("ESCALATE_LIBRARY", found["error"])
        self.assertEqual(len(found["searched"]), 1)

    def test_a_file_that_is_not_a_library_is_reported_with_the_loaders_reason(self):
        packages = self._package_copy(self.tree / "site")
        bogus = self.tree / "libescalate.so.1"
        bogus.write_text("not a shared object")
        found = self._probe(packages, ESCALATE_LIBRARY=str(bogus))
        self.assertIn(str(bogus), found["error"])
        self.assertRegex(found["searched"][0], r"\(.+\)$")

    def test_beside_the_package(self):
        packages = self._package_copy(self.tree / "site")
        beside = self._library_copy(packages / "escalate")
        self.assertEqual(self._probe(packages), {"path": str(beside)})

    def test_build_tree_of_a_checkout_default_build_first(self):
        # A checkout: capi/include/escalate.h and bindings/python/escalate, built twice.
        (self.tree / "capi" / "include").mkdir(parents=True)
        shutil.copy2(support.HEADER, self.tree / "capi" / "include" / "escalate.h")
        packages = self._package_copy(self.tree / "bindings" / "python")
        self._library_copy(self.tree / "build-other" / "lib")
        default = self._library_copy(self.tree / "build" / "lib")
        self.assertEqual(self._probe(packages), {"path": str(default)})
        default.unlink()
        other = self.tree / "build-other" / "lib" / "libescalate.so.1"
        self.assertEqual(self._probe(packages), {"path": str(other)})

    def test_system_loader_path(self):
        # An installed package (no checkout around it) finds an installed library through the
        # dynamic loader, here pointed at it with LD_LIBRARY_PATH.
        packages = self._package_copy(self.tree / "site")
        installed = self._library_copy(self.tree / "prefix" / "lib")
        found = self._probe(packages, LD_LIBRARY_PATH=str(installed.parent))
        self.assertEqual(found, {"path": "libescalate.so.1"})

    def test_error_lists_every_place_when_nothing_is_found(self):
        from escalate import _library

        saved = os.environ.get("ESCALATE_LIBRARY")
        os.environ["ESCALATE_LIBRARY"] = str(self.tree / "absent.so")
        try:
            with self.assertRaises(escalate.LibraryError) as caught:
                _library.load()
        finally:
            if saved is None:
                del os.environ["ESCALATE_LIBRARY"]
            else:
                os.environ["ESCALATE_LIBRARY"] = saved
        self.assertIn("absent.so", str(caught.exception))
        self.assertIn("set ESCALATE_LIBRARY", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
