"""Finding libescalate: where to look, in order, and an error that lists every place tried.

The order (docs/python.md): the ``ESCALATE_LIBRARY`` environment variable, then beside the
package (a wheel may ship the library inside it), then the build tree when the package is
run from a source checkout, then the system (the dynamic loader's own search, which covers
``LD_LIBRARY_PATH`` and ``ldconfig``'s cache, and the usual install directories in case
``ldconfig`` has not run since ``cmake --install``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import sysconfig
from pathlib import Path
from typing import Iterator, Optional

from .constants import ABI_VERSION
from .errors import LibraryError

ENVIRONMENT_VARIABLE = "ESCALATE_LIBRARY"


def _file_names() -> tuple[str, ...]:
    """The library's file names on this platform, the ABI-versioned name first so that a
    directory holding two majors gives the one this binding speaks."""
    if sys.platform == "darwin":
        return (f"libescalate.{ABI_VERSION}.dylib", "libescalate.dylib")
    if sys.platform == "win32":
        return ("escalate.dll", "libescalate.dll")
    return (f"libescalate.so.{ABI_VERSION}", "libescalate.so")


def _in_directory(directory: Path) -> Iterator[Path]:
    for name in _file_names():
        yield directory / name


def _source_root() -> Optional[Path]:
    """The checkout this package sits in (``<root>/bindings/python/escalate``), if it does."""
    root = Path(__file__).resolve().parent.parent.parent.parent
    if (root / "capi" / "include" / "escalate.h").is_file():
        return root
    return None


# Where a CMake build tree puts the shared library: capi/CMakeLists.txt sends it to
# <build>/lib; <build>/capi is where a default CMake layout would leave it.
_BUILD_OUTPUTS = ("lib", "capi")


def _build_directories(root: Path) -> list[Path]:
    """The library directories of ``build/`` first (the README's default), then of any other
    ``build*`` tree, the one with the most recently built library first."""
    preferred = root / "build"
    others = []
    for candidate in root.glob("build*"):
        if candidate == preferred or not candidate.is_dir():
            continue
        newest = max(
            (p.stat().st_mtime for output in _BUILD_OUTPUTS
             for p in _in_directory(candidate / output) if p.exists()),
            default=None,
        )
        if newest is not None:
            others.append((newest, candidate))
    others.sort(key=lambda item: item[0], reverse=True)
    return [tree / output for tree in [preferred] + [directory for _, directory in others]
            for output in _BUILD_OUTPUTS]


def _system_directories() -> list[Path]:
    directories = []
    for value in (sysconfig.get_config_var("LIBDIR"), os.path.join(sys.prefix, "lib")):
        if value:
            directories.append(Path(value))
    multiarch = sysconfig.get_config_var("MULTIARCH")
    for prefix in ("/usr/local/lib", "/usr/lib"):
        directories.append(Path(prefix))
        if multiarch:
            directories.append(Path(prefix) / multiarch)
    directories.append(Path("/usr/local/lib64"))
    unique = []
    for directory in directories:
        if directory not in unique:
            unique.append(directory)
    return unique


def candidates() -> Iterator[tuple[str, str]]:
    """Every (place, what to dlopen) pair in search order. ``place`` describes the source
    for the error message."""
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "")
    if from_environment:
        path = Path(from_environment)
        if path.is_dir():
            for file in _in_directory(path):
                yield f"${ENVIRONMENT_VARIABLE} directory", str(file)
        else:
            yield f"${ENVIRONMENT_VARIABLE}", str(path)
        # An explicit choice is not second-guessed: searching on would hide a typo.
        return
    package_directory = Path(__file__).resolve().parent
    for file in _in_directory(package_directory):
        yield "beside the package", str(file)
    root = _source_root()
    if root is not None:
        for directory in _build_directories(root):
            for file in _in_directory(directory):
                yield "build tree", str(file)
    for name in _file_names():
        yield "system loader", name
    found = ctypes.util.find_library("escalate")
    if found:
        yield "system (ctypes.util.find_library)", found
    for directory in _system_directories():
        for file in _in_directory(directory):
            yield "system directory", str(file)


def load() -> tuple[ctypes.CDLL, str]:
    """Loads the first library found, returning it and the path or name it was loaded from.

    Raises :class:`LibraryError` listing each place tried and why it was passed over.
    """
    searched: list[str] = []
    for place, target in candidates():
        if os.sep in target and not os.path.exists(target):
            searched.append(f"{place}: {target} (no such file)")
            continue
        try:
            library = ctypes.CDLL(target)
        except OSError as error:
            searched.append(f"{place}: {target} ({error})")
            continue
        return library, target
    hint = (
        f"set {ENVIRONMENT_VARIABLE} to the path of libescalate.so.{ABI_VERSION}, build it "
        "(cmake --build build puts it in build/lib/), or install it (cmake --install build)"
    )
    raise LibraryError(
        "libescalate not found; looked in:\n  " + "\n  ".join(searched) + "\n" + hint,
        tuple(searched),
    )
