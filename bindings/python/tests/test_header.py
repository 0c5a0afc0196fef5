"""The binding against escalate.h: constants, the prototype table and the struct layouts.

Every expected value here is read from the header itself (parsed by tests/support.py), and the
struct layouts are checked against what a C compiler makes of the header, so a change to the
C ABI that the binding has not followed fails here rather than corrupting memory at run time.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from ctypes import POINTER

import escalate
from escalate import _ffi

from . import support

_BASE_TYPES = {
    "char": ctypes.c_char,
    "int": ctypes.c_int,
    "int32_t": ctypes.c_int32,
    "int64_t": ctypes.c_int64,
    "uint32_t": ctypes.c_uint32,
    "uint8_t": ctypes.c_uint8,
    "size_t": ctypes.c_size_t,
    "esc_date": _ffi.esc_date,
    "esc_status": _ffi.esc_status,
    "esc_row_reason": _ffi.esc_row_reason,
    "esc_engine": _ffi.esc_engine,
    "esc_calendar": _ffi.esc_calendar,
    "esc_force": _ffi.esc_force,
    "void": None,
}


def ctypes_type(declaration: str):
    """The ctypes type the binding must use for a C type written in the header."""
    stars = declaration.count("*")
    base = " ".join(word for word in declaration.replace("*", " ").split() if word != "const")
    kind = _ffi.STRUCTS.get(base) or _BASE_TYPES[base]
    if base == "char" and stars >= 1 and declaration.startswith("const"):
        # const char * is a string the library hands out or reads: c_char_p.
        kind, stars = ctypes.c_char_p, stars - 1
    for _ in range(stars):
        kind = POINTER(kind)
    return kind


class TestConstants(unittest.TestCase):
    def setUp(self):
        self.macros = support.macros()

    def test_status_codes_match_the_header_enum(self):
        header = support.enum("esc_status")
        python = {f"ESC_{member.name}": int(member) for member in escalate.Status}
        self.assertEqual(python, header)

    def _check_group(self, prefix: str, enumeration):
        header = {name[len(prefix):]: value for name, value in self.macros.items()
                  if name.startswith(prefix)}
        self.assertTrue(header, f"no {prefix}* macros in the header")
        self.assertEqual({member.name: int(member) for member in enumeration}, header)

    def test_deadline_kinds(self):
        self._check_group("ESC_DEADLINE_", escalate.DeadlineKind)

    def test_anchors(self):
        self._check_group("ESC_ANCHOR_", escalate.Anchor)

    def test_due_rules(self):
        self._check_group("ESC_DUE_RULE_", escalate.DueRule)

    def test_forces_are_the_header_enum_in_order(self):
        from escalate.constants import FORCES

        header = support.enum("esc_force")
        self.assertEqual({f"ESC_FORCE_{word.upper()}": code for code, word in enumerate(FORCES)}, header)

    def test_obligation_sources(self):
        from escalate.constants import OBLIGATION_SOURCES

        header = {name: value for name, value in self.macros.items() if name.startswith("ESC_FROM_")}
        # "event" is the word for an obligation from the transition the event takes.
        words = {"STAGE": "stage", "TRANSITION": "event", "OUTCOME": "outcome"}
        self.assertEqual({f"ESC_FROM_{name}": OBLIGATION_SOURCES.index(word) for name, word in words.items()}, header)

    def test_the_row_reasons_the_binding_gives(self):
        from escalate import constants

        header = support.enum("esc_row_reason")
        self.assertEqual((constants.ROW_OK, constants.ROW_DATE_OUT_OF_RANGE),
                         (header["ESC_ROW_OK"], header["ESC_ROW_DATE_OUT_OF_RANGE"]))

    def test_the_reason_table_of_c_api_md_is_the_library_s(self):
        # docs/c-api.md's table of row reasons, held to the header and to the library: each
        # reason's value, name (esc_row_reason_name) and row status (esc_row_reason_status).
        import re

        reasons, statuses = support.enum("esc_row_reason"), support.enum("esc_status")
        lib = escalate._ffi.library()
        text = (support.ROOT / "docs" / "c-api.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| `(ESC_ROW_[A-Z_]+)`[^|]*\| `([a-z-]+)` \|[^|]*\| `(ESC_[A-Z_]+)` \|$",
                          text, re.MULTILINE)
        self.assertEqual(sorted(name for name, _, _ in rows), sorted(reasons))
        for name, word, status in rows:
            with self.subTest(reason=name):
                self.assertEqual(lib.esc_row_reason_name(reasons[name]).decode(), word)
                self.assertEqual(lib.esc_row_reason_status(reasons[name]), statuses[status])
        self.assertEqual(lib.esc_row_reason_status(99), statuses["ESC_INVALID_ARGUMENT"])

    def test_outcome_kinds(self):
        self._check_group("ESC_OUTCOME_", escalate.OutcomeKind)

    def test_abi_version_and_no_date(self):
        self.assertEqual(escalate.ABI_VERSION, self.macros["ESC_ABI_VERSION"])
        self.assertEqual(escalate.NO_DATE, self.macros["ESC_NO_DATE"])
        from escalate.constants import DATE_BUFFER_SIZE

        self.assertEqual(DATE_BUFFER_SIZE, self.macros["ESC_DATE_BUFFER_SIZE"])

    def test_binding_version_is_the_header_release(self):
        self.assertEqual(escalate.__version__, self.macros["ESCALATE_VERSION_STRING"])
        pyproject = (support.PACKAGE_SOURCE / "pyproject.toml").read_text(encoding="utf-8")
        self.assertRegex(pyproject, r'(?m)^version = "' + re.escape(escalate.__version__) + '"$')

    def test_every_status_has_its_exception_class(self):
        # docs/python.md's classes, and one for every other status the header defines.
        expected = {
            "INVALID_ARGUMENT": escalate.InvalidArgumentError,
            "PARSE_ERROR": escalate.ParseError,
            "INVALID_RULESET": escalate.RulesetError,
            "NOT_FOUND": escalate.NotFoundError,
            "NO_TRANSITION": escalate.NoTransitionError,
            "OUT_OF_RANGE": escalate.OutOfRangeError,
            "IO_ERROR": escalate.IoError,
            "NO_MEMORY": escalate.NoMemoryError,
            "INTERNAL_ERROR": escalate.InternalError,
        }
        from escalate.errors import error_class

        for name, value in support.enum("esc_status").items():
            if value == 0:
                continue
            with self.subTest(status=name):
                self.assertIs(error_class(value), expected[name[len("ESC_"):]])


class TestPrototypes(unittest.TestCase):
    def test_every_header_function_has_a_prototype_with_the_header_types(self):
        declared = support.functions()
        self.assertGreater(len(declared), 20)
        for name, (result, arguments) in declared.items():
            with self.subTest(function=name):
                self.assertIn(name, _ffi.PROTOTYPES)
                table_result, table_arguments = _ffi.PROTOTYPES[name]
                self.assertIs(table_result, ctypes_type(result))
                self.assertEqual(list(table_arguments), [ctypes_type(a) for a in arguments])

    def test_every_prototype_is_in_the_header_or_marked_optional(self):
        declared = support.functions()
        for name in _ffi.PROTOTYPES:
            with self.subTest(function=name):
                self.assertTrue(name in declared or name in _ffi.OPTIONAL,
                                f"{name} is neither declared in escalate.h nor optional")

    def test_handles_have_their_own_pointer_types(self):
        self.assertIsNot(_ffi.EnginePointer, _ffi.CalendarPointer)
        # The one void * is esc_factorize_records' records: bytes of any kind, not a handle.
        for name, (_, arguments) in _ffi.PROTOTYPES.items():
            handles = arguments[1:] if name == "esc_factorize_records" else arguments
            self.assertNotIn(ctypes.c_void_p, handles, name)


class TestStructs(unittest.TestCase):
    def test_fields_and_types_match_the_header(self):
        declared = support.structs()
        self.assertEqual(set(declared), set(_ffi.STRUCTS))
        for name, fields in declared.items():
            with self.subTest(struct=name):
                python = [(field, kind) for field, kind in _ffi.STRUCTS[name]._fields_]
                self.assertEqual([f for f, _ in python], [f for f, _ in fields])
                for (field, kind), (_, c_type) in zip(python, fields):
                    self.assertIs(kind, ctypes_type(c_type), f"{name}.{field}")

    @unittest.skipUnless(shutil.which("cc") or shutil.which("gcc") or shutil.which("clang"),
                         "needs a C compiler")
    def test_layout_matches_a_c_compiler(self):
        # The compiler's sizeof/offsetof are the ground truth the library was built with.
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        declared = support.structs()
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "escalate.h"',
                 "int main(void) {"]
        for name, fields in declared.items():
            lines.append(f'printf("{name} %zu\\n", sizeof({name}));')
            for field, _ in fields:
                lines.append(f'printf("{name}.{field} %zu\\n", offsetof({name}, {field}));')
        lines += ["return 0;", "}"]
        with tempfile.TemporaryDirectory() as directory:
            source = os.path.join(directory, "layout.c")
            program = os.path.join(directory, "layout")
            with open(source, "w") as file:
                file.write("\n".join(lines))
            # escalate_version.h is generated by the build; its macros do not touch layouts.
            with open(os.path.join(directory, "escalate_version.h"), "w") as file:
                file.write(support.version_header_text())
            subprocess.run([compiler, "-std=c99", "-I", str(support.HEADER.parent), "-I",
                            directory, source, "-o", program], check=True, capture_output=True)
            output = subprocess.run([program], check=True, capture_output=True, text=True).stdout
        c_layout = dict(line.rsplit(" ", 1) for line in output.splitlines())
        for name, fields in declared.items():
            structure = _ffi.STRUCTS[name]
            with self.subTest(struct=name):
                self.assertEqual(ctypes.sizeof(structure), int(c_layout[name]))
                for field, _ in fields:
                    self.assertEqual(getattr(structure, field).offset,
                                     int(c_layout[f"{name}.{field}"]), f"{name}.{field}")


if __name__ == "__main__":
    unittest.main()
