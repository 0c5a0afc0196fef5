"""Every exception class: its place in the hierarchy, the status it stands for, and that real
failures of the C calls arrive as it with the library's own message.

Expected classes come from escalate.h's status comments and docs/python.md; the files that
provoke each error are written here, so the line numbers are known independently.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import unittest

import escalate
from escalate import Status
from escalate.errors import make_error

from . import support

MONDAY = datetime.date(2023, 3, 6)


class TestHierarchy(unittest.TestCase):
    def test_every_error_is_an_escalate_error(self):
        for cls in (escalate.InvalidArgumentError, escalate.ParseError, escalate.RulesetError,
                    escalate.NotFoundError, escalate.NoTransitionError, escalate.OutOfRangeError,
                    escalate.IoError, escalate.NoMemoryError, escalate.InternalError,
                    escalate.LibraryError, escalate.RecalculationError):
            with self.subTest(cls=cls.__name__):
                self.assertTrue(issubclass(cls, escalate.EscalateError))

    def test_parse_errors_are_ruleset_errors(self):
        # One `except RulesetError` catches every problem with the files (docs/python.md).
        self.assertTrue(issubclass(escalate.ParseError, escalate.RulesetError))

    def test_python_families(self):
        # Callers who only know Python's own classes still catch the right things.
        self.assertTrue(issubclass(escalate.NotFoundError, LookupError))
        self.assertTrue(issubclass(escalate.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(escalate.OutOfRangeError, ValueError))
        self.assertTrue(issubclass(escalate.IoError, OSError))
        self.assertTrue(issubclass(escalate.NoMemoryError, MemoryError))

    def test_make_error_maps_each_status_and_keeps_the_message(self):
        for status, cls in ((Status.INVALID_ARGUMENT, escalate.InvalidArgumentError),
                            (Status.PARSE_ERROR, escalate.ParseError),
                            (Status.INVALID_RULESET, escalate.RulesetError),
                            (Status.NOT_FOUND, escalate.NotFoundError),
                            (Status.NO_TRANSITION, escalate.NoTransitionError),
                            (Status.OUT_OF_RANGE, escalate.OutOfRangeError),
                            (Status.IO_ERROR, escalate.IoError),
                            (Status.NO_MEMORY, escalate.NoMemoryError),
                            (Status.INTERNAL_ERROR, escalate.InternalError)):
            with self.subTest(status=status.name):
                error = make_error(status, "what went wrong")
                self.assertIs(type(error), cls)
                self.assertEqual(error.status, status)
                self.assertEqual(str(error), "what went wrong")
                self.assertEqual(error.message, "what went wrong")

    def test_a_status_from_a_newer_library_is_still_an_error(self):
        error = make_error(42, "")
        self.assertIs(type(error), escalate.EscalateError)
        self.assertEqual(error.status, 42)
        self.assertIn("42", str(error))

    def test_ruleset_error_location(self):
        error = make_error(Status.INVALID_RULESET,
                           "esc_engine_load: rules/a.xml:12: unknown attribute 'x'; remove it")
        self.assertEqual((error.file, error.line), ("rules/a.xml", 12))
        error = make_error(Status.INVALID_RULESET, "no location in this one")
        self.assertEqual((error.file, error.line), (None, None))

    def test_messages_are_put_in_python_terms(self):
        error = make_error(Status.INVALID_ARGUMENT,
                           "esc_decide: query->at is ESC_NO_DATE; a date is required")
        self.assertEqual(str(error), "at is None; a date is required")
        self.assertEqual(make_error(Status.INVALID_ARGUMENT, "esc_x: out is NULL").message,
                         "out is None")


class TestRaisedByTheLibrary(unittest.TestCase):
    """Each class provoked through the real C calls."""

    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        cls.directory = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.directory.cleanup()

    def _write(self, name: str, text: str) -> str:
        path = os.path.join(self.directory.name, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    def test_parse_error_names_file_and_line(self):
        # <weekend>, opened on line 4, is never closed: the mismatch is that element's, line 4.
        path = self._write("malformed.xml",
                           '<?xml version="1.0"?>\n<calendar id="x"\n  name="X">\n'
                           '  <weekend days="saturday sunday">\n</calendar>\n')
        with self.assertRaises(escalate.ParseError) as caught:
            escalate.Engine.load(path)
        self.assertEqual(caught.exception.status, Status.PARSE_ERROR)
        self.assertEqual(caught.exception.file, path)
        self.assertEqual(caught.exception.line, 4)

    def test_ruleset_error_names_file_line_and_fix(self):
        # Line 4 carries an attribute the format does not define (docs/ruleset-format.md).
        path = self._write("invalid.xml",
                           '<?xml version="1.0"?>\n'
                           '<calendar id="x" name="X" first-year="2000" last-year="2001" source="s">\n'
                           '  <weekend days="saturday sunday"/>\n'
                           '  <fixed name="A" month="1" day="1" substitute="none" colour="red"/>\n'
                           '</calendar>\n')
        with self.assertRaises(escalate.RulesetError) as caught:
            escalate.Engine.load(path)
        error = caught.exception
        self.assertIs(type(error), escalate.RulesetError)
        self.assertEqual(error.status, Status.INVALID_RULESET)
        self.assertEqual((error.file, error.line), (path, 4))
        self.assertIn("colour", str(error))

    def test_io_error_for_a_missing_path(self):
        missing = os.path.join(self.directory.name, "no-such-directory")
        with self.assertRaises(escalate.IoError) as caught:
            escalate.Engine.load(missing)
        self.assertIn(missing, str(caught.exception))
        self.assertIsInstance(caught.exception, OSError)

    def test_invalid_argument_for_an_empty_path_and_a_nul(self):
        with self.assertRaises(escalate.InvalidArgumentError):
            escalate.Engine.load("")
        with self.assertRaises(escalate.InvalidArgumentError):
            escalate.Engine.load("rules\0sets")

    def test_not_found(self):
        with self.assertRaises(escalate.NotFoundError) as caught:
            self.engine.decide("nowhere", at=MONDAY)
        self.assertIn("nowhere", str(caught.exception))
        with self.assertRaises(escalate.NotFoundError):
            self.engine.decide("wolverhampton", "stage-9", "unresolved", at=MONDAY)
        with self.assertRaises(escalate.NotFoundError):
            self.engine.decide("wolverhampton", "stage-1", "no-such-event", at=MONDAY)
        with self.assertRaises(escalate.NotFoundError):
            self.engine.calendar("atlantis")
        with self.assertRaises(escalate.NotFoundError):
            self.engine.due("wolverhampton", "no-such-stage", MONDAY)

    def test_no_transition(self):
        # Wolverhampton's exceptional route leaves from Stage 3 only (Section 4, Stage 4 row:
        # "unresolved at the end of stage 3"), and a written confirmation cannot escalate.
        with self.assertRaises(escalate.NoTransitionError) as caught:
            self.engine.decide("wolverhampton", "stage-1", "exceptional", at=MONDAY)
        self.assertIn("exceptional", str(caught.exception))
        with self.assertRaises(escalate.NoTransitionError):
            self.engine.decide("wolverhampton", "confirm-outcome-stage-1", "unresolved",
                               at=MONDAY)

    def test_invalid_argument_from_the_library(self):
        # A stage without an event, and an outset after the event (escalate.h, esc_decide).
        with self.assertRaises(escalate.InvalidArgumentError) as caught:
            self.engine.decide("wolverhampton", "stage-1", at=MONDAY)
        self.assertIn("event", str(caught.exception))
        # In Python terms: the keyword arguments, not the C struct's fields or call names
        # (issue 14 saw "query->event is required with query->stage").
        self.assertIn("event is required with stage", str(caught.exception))
        self.assertNotRegex(str(caught.exception), r"->|esc_|NULL|ESC_NO_DATE")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.decide("wolverhampton", "stage-1", "unresolved", at=MONDAY,
                               started=MONDAY + datetime.timedelta(days=3))

    def test_invalid_argument_for_subject_and_missing_outset(self):
        # escalate.h, esc_decide and esc_pathway_due: a subject the pathway does not cover, or
        # no outset where the stage's due date counts from it, is ESC_INVALID_ARGUMENT.
        # Staffordshire covers adults only (seed 004); Wolverhampton's Stage 2 is covered by
        # the 10-working-day discussion limit from the outset (seed 002, Section 4).
        with self.assertRaisesRegex(escalate.InvalidArgumentError, "child"):
            self.engine.decide("staffordshire", at=MONDAY, subject="child")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.decide("wolverhampton", at=MONDAY, subject="robot")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.decide("wolverhampton", "stage-1", "unresolved", at=MONDAY)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.due("wolverhampton", "stage-2", MONDAY)

    def test_invalid_argument_in_python_before_the_call(self):
        with self.assertRaisesRegex(TypeError, "at is required"):
            self.engine.decide("wolverhampton")  # no `at`
        with self.assertRaisesRegex(TypeError, "pathway is required"):
            self.engine.decide(None, at=MONDAY)
        with self.assertRaisesRegex(TypeError, "stage is required"):
            self.engine.due("wolverhampton", None, MONDAY)
        with self.assertRaisesRegex(TypeError, "entered is required"):
            self.engine.due("wolverhampton", "stage-1", None)
        with self.assertRaises(TypeError):
            self.engine.decide("wolverhampton", 3, at=MONDAY)
        with self.assertRaises(TypeError):
            self.engine.dot("wolverhampton", subject=1)
        with self.assertRaises(TypeError):
            self.engine.decide("wolverhampton", at="2023-03-06")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.due("wolverhampton", 99, MONDAY)

    def test_out_of_range(self):
        # england-and-wales covers 1980-01-01 to 2100-12-31 (its first-year and last-year).
        with self.assertRaises(escalate.OutOfRangeError):
            self.engine.decide("wolverhampton", at=datetime.date(1979, 12, 31))
        with self.assertRaises(escalate.OutOfRangeError):
            self.engine.decide("wolverhampton", at=datetime.date(2101, 1, 3))
        # Inside the calendar but before Wolverhampton's only version (V3, 3 March 2023): not
        # found, naming that version's effective-from (docs/ruleset-format.md, Versions).
        with self.assertRaisesRegex(escalate.NotFoundError, "no version in force on 2022-06-01"):
            self.engine.decide("wolverhampton", at=datetime.date(2022, 6, 1))
        # Starting on 2100-12-30, Stage 1's 5 working days run past 2100-12-31.
        with self.assertRaises(escalate.OutOfRangeError):
            self.engine.decide("wolverhampton", at=datetime.date(2100, 12, 30))
        calendar = self.engine.calendar("england-and-wales")
        with self.assertRaises(escalate.OutOfRangeError):
            calendar.holidays(1979)
        with self.assertRaises(escalate.OutOfRangeError):
            calendar.is_working_day(datetime.date(2101, 1, 3))

    def test_message_is_the_callers_own_after_another_thread_fails(self):
        import threading

        messages = {}

        def fail(name, pathway):
            try:
                self.engine.decide(pathway, at=MONDAY)
            except escalate.NotFoundError as error:
                messages[name] = str(error)

        threads = [threading.Thread(target=fail, args=(f"t{i}", f"missing-{i}"))
                   for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for i in range(8):
            self.assertIn(f'"missing-{i}"', messages[f"t{i}"])

    def test_status_name(self):
        for name, value in support.enum("esc_status").items():
            self.assertEqual(escalate.status_name(value), name)


if __name__ == "__main__":
    unittest.main()
