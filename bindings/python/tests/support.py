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


def macros() -> dict[str, object]:
    """#define NAME value: ints and strings; INT32_MIN as its value."""
    found: dict[str, object] = {}
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
