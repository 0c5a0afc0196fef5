"""What the suites share: where the checkout's files are, one loaded engine, and a reader for
escalate.h (the tests compare the binding with the header, never with itself)."""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Optional

import escalate

ROOT = Path(__file__).resolve().parents[3]
HEADER = ROOT / "capi" / "include" / "escalate.h"
RULESETS = Path(os.environ.get("ESCALATE_RULESETS", ROOT / "rulesets"))
PACKAGE_SOURCE = ROOT / "bindings" / "python"

_engine_lock = threading.Lock()
_engine: Optional[escalate.Engine] = None


def engine() -> escalate.Engine:
    """The bundled rulesets, loaded once for the suites that only read them."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = escalate.Engine.load(RULESETS)
        return _engine


try:
    import numpy
except ImportError:  # Debian's python3 has it; a bare pyenv or venv interpreter may not
    numpy = None


# ---------------------------------------------------------------------------------------------
# escalate.h
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def header_text() -> str:
    """The header without comments (so commented-out text is never mistaken for code)."""
    text = HEADER.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    return re.sub(r"//[^\n]*", " ", text)


CMAKE_LISTS = ROOT / "CMakeLists.txt"


def project_versions() -> dict[str, object]:
    """The release and ABI versions as the root CMakeLists.txt states them (project() and
    ESCALATE_ABI_VERSION), read here independently of the generated escalate_version.h."""
    text = CMAKE_LISTS.read_text(encoding="utf-8")
    release = re.search(r"project\(escalate VERSION (\d+)\.(\d+)\.(\d+)", text)
    abi = re.search(r"set\(ESCALATE_ABI_VERSION (\d+)\)", text)
    assert release and abi, f"versions not found in {CMAKE_LISTS}"
    major, minor, patch = (int(part) for part in release.groups())
    return {
        "ESCALATE_VERSION_MAJOR": major, "ESCALATE_VERSION_MINOR": minor,
        "ESCALATE_VERSION_PATCH": patch, "ESCALATE_VERSION_STRING": f"{major}.{minor}.{patch}",
        "ESCALATE_VERSION_NUMBER": major * 1000000 + minor * 1000 + patch,
        "ESC_ABI_VERSION": int(abi.group(1)),
    }


def version_header_text() -> str:
    """An escalate_version.h with the versions of project_versions(), for compiling the
    header outside a build tree."""
    lines = [f'#define {name} "{value}"' if isinstance(value, str) else f"#define {name} {value}"
             for name, value in project_versions().items()]
    return "\n".join(lines) + "\n"


def macros() -> dict[str, object]:
    """#define NAME value: ints and strings; INT32_MIN as its value. The versions, which the
    build generates into escalate_version.h, come from project_versions()."""
    found: dict[str, object] = dict(project_versions())
    for name, value in re.findall(r"^\s*#define\s+(\w+)[ \t]+(.+?)\s*$", header_text(),
                                  re.MULTILINE):
        if value == "INT32_MIN":
            found[name] = -(2**31)
        elif re.fullmatch(r"-?\d+", value):
            found[name] = int(value)
        elif value.startswith('"'):
            found[name] = value.strip('"')
    return found


def enum(name: str) -> dict[str, int]:
    """The enumerators of ``typedef enum name { ... }`` with their values."""
    body = re.search(r"typedef\s+enum\s+" + name + r"\s*\{(.*?)\}", header_text(), re.DOTALL)
    assert body, f"enum {name} not found in {HEADER}"
    values = {}
    for item in body.group(1).split(","):
        if item.strip():
            key, value = (part.strip() for part in item.split("="))
            values[key] = int(value)
    return values


def functions() -> dict[str, tuple[str, list[str]]]:
    """Every ESC_API declaration: name -> (result type, [argument types])."""
    found = {}
    for result, name, arguments in re.findall(
            r"ESC_API\s+([\w\s\*]+?)\s*\b(esc_\w+)\s*\(([^)]*)\)\s*;", header_text()):
        types = []
        for argument in arguments.split(","):
            argument = " ".join(argument.split())
            if argument in ("void", ""):
                continue
            # Drop the parameter name: the last identifier, after any stars.
            types.append(re.sub(r"\s*\b\w+$", "", argument).strip())
        found[name] = (" ".join(result.split()), types)
    return found


def structs() -> dict[str, list[tuple[str, str]]]:
    """Every ``typedef struct name { fields } name;``: name -> [(field, type)]."""
    found = {}
    for name, body in re.findall(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*\1\s*;",
                                 header_text(), re.DOTALL):
        fields = []
        for declaration in body.split(";"):
            declaration = " ".join(declaration.split())
            if declaration:
                match = re.fullmatch(r"(.+?)\s*\b(\w+)", declaration)
                fields.append((match.group(2), match.group(1).strip()))
        found[name] = fields
    return found


try:
    import pandas
except ImportError:  # Debian's python3-pandas (the quickstart installs it); absent elsewhere
    pandas = None
