"""Engine.recalculate: bulk due dates from sequences and NumPy arrays.

The library's esc_recalculate (issue 6) is not in escalate.h yet. Until it is, the marshalling
is tested against a stand-in with the signature the binding proposes (escalate/_ffi.py),
computing each row with esc_pathway_due; the same cases run against the real call whenever the
loaded library has it. Expected dates are worked by hand (see test_engine.py): Wolverhampton,
started Mon 6 March 2023, Stage 1 entered that day is due Mon 13 March; Stage 2 entered Fri
17 March is capped by the 10-working-day limit at Mon 20 March; Stage 4 entered Mon 20 March
is due Wed 22 March; Shropshire states no timescale.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import unittest

import escalate
from escalate import NO_DATE, Status, _ffi

from . import support

D = datetime.date
np = support.numpy

PATHWAYS = ["wolverhampton", "wolverhampton", "wolverhampton", "shropshire"]
STAGES = ["stage-1", "stage-2", "stage-4", "stage-1"]
ENTERED = [D(2023, 3, 6), D(2023, 3, 17), D(2023, 3, 20), D(2023, 3, 6)]
STARTED = [D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 6)]
EXPECTED = [D(2023, 3, 13), D(2023, 3, 20), D(2023, 3, 22), None]


def _stand_in(lib):
    """esc_recalculate as the binding declares it, row by row over esc_pathway_due."""
    result, arguments = _ffi.PROTOTYPES["esc_recalculate"]
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, *[_ffi._as_ctypes(a) for a in arguments])

    def recalculate(engine, count, pathways, stages, entered, started, out, statuses, threads,
                    failed):
        bad = 0
        for row in range(count):
            due = _ffi.esc_date()
            try:
                lib.esc_pathway_due(engine, pathways[row], stages[row], entered[row],
                                    started[row] if started else NO_DATE, ctypes.byref(due))
                out[row], status = due.value, 0
            except escalate.EscalateError as error:
                out[row], status = NO_DATE, int(error.status)
            if statuses:
                statuses[row] = status
            bad += status != 0
        failed[0] = bad
        return 0

    function = prototype(recalculate)
    function.errcheck = _ffi._check_status
    return function


class _Cases:
    """The cases, run by the subclasses against the stand-in and the real call."""

    def setUp(self):
        self.engine = support.engine()

    def test_sequences(self):
        self.assertEqual(self.engine.recalculate(PATHWAYS, STAGES, ENTERED, STARTED), EXPECTED)

    def test_indices_and_ids_mix(self):
        wolverhampton = self.engine.pathways["wolverhampton"]
        pathways = [wolverhampton.index, "wolverhampton"]
        stages = [wolverhampton.stages.index("stage-1"), "stage-4"]
        self.assertEqual(self.engine.recalculate(pathways, stages, ENTERED[::2], STARTED[::2]),
                         [D(2023, 3, 13), D(2023, 3, 22)])

    def test_empty(self):
        self.assertEqual(self.engine.recalculate([], [], [], None), [])

    def test_bad_rows_fail_alone(self):
        pathways = PATHWAYS + ["nowhere", "wolverhampton", "wolverhampton"]
        stages = STAGES + ["stage-1", "no-such-stage", 99]
        entered = ENTERED + [D(2023, 3, 6)] * 3
        started = STARTED + [D(2023, 3, 6)] * 3
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(pathways, stages, entered, started)
        error = caught.exception
        self.assertEqual(error.rows, [4, 5, 6])
        self.assertEqual(error.statuses[4:], [Status.NOT_FOUND, Status.NOT_FOUND,
                                              Status.INVALID_ARGUMENT])
        self.assertEqual(error.due[:4], EXPECTED)
        self.assertEqual(error.due[4:], [None, None, None])
        self.assertIn("3 of 7 rows failed", str(error))
        coerced = self.engine.recalculate(pathways, stages, entered, started, errors="coerce")
        self.assertEqual(coerced, EXPECTED + [None, None, None])

    def test_argument_checks(self):
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.recalculate(PATHWAYS, STAGES[:2], ENTERED, STARTED)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.recalculate(PATHWAYS, STAGES, ENTERED, STARTED, errors="ignore")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.recalculate(PATHWAYS, STAGES, ENTERED, STARTED, threads=-1)
        with self.assertRaises(TypeError):
            self.engine.recalculate(PATHWAYS, STAGES, ["2023-03-06"] * 4, STARTED)

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_ids_and_datetime64(self):
        due = self.engine.recalculate(np.array(PATHWAYS), np.array(STAGES),
                                      np.array(ENTERED, dtype="datetime64[D]"),
                                      np.array(STARTED, dtype="datetime64[D]"), threads=2)
        self.assertIsInstance(due, np.ndarray)
        self.assertEqual(due.dtype, np.dtype("datetime64[D]"))
        expected = np.array([d if d else "NaT" for d in EXPECTED], dtype="datetime64[D]")
        np.testing.assert_array_equal(due, expected)

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_indices_and_day_numbers(self):
        table = self.engine.pathways
        pathways = np.array([table[p].index for p in PATHWAYS], dtype=np.int64)
        stages = np.array([table[p].stages.index(s) for p, s in zip(PATHWAYS, STAGES)],
                          dtype=np.int32)
        epoch = D(1970, 1, 1)
        entered = np.array([(d - epoch).days for d in ENTERED], dtype=np.int32)
        started = np.array([(d - epoch).days for d in STARTED], dtype=np.int32)
        due = self.engine.recalculate(pathways, stages, entered, started)
        self.assertEqual(due.dtype, np.int32)
        self.assertEqual(due.tolist(), [(d - epoch).days if d else NO_DATE for d in EXPECTED])

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_int32_columns_go_straight_to_the_library(self):
        # The bulk path: int32 indices and dates, no conversion. Row 0 is Wolverhampton Stage 1
        # entered Mon 2023-03-06 (due Mon 13, five working days); row 1 a pathway index past
        # the end; row 2 no entry date; row 3 a datetime64 start beyond any day number.
        wolverhampton = self.engine.pathway_index("wolverhampton")
        stage_1 = self.engine.stage_index("wolverhampton", "stage-1")
        epoch = D(1970, 1, 1)
        monday = (D(2023, 3, 6) - epoch).days
        pathways = np.array([wolverhampton, 99, wolverhampton], dtype=np.int32)
        stages = np.array([stage_1] * 3, dtype=np.int32)
        entered = np.array([monday, monday, NO_DATE], dtype=np.int32)
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(pathways, stages, entered, entered)
        self.assertEqual(caught.exception.rows, [1, 2])
        self.assertEqual(caught.exception.statuses[1:], [Status.INVALID_ARGUMENT] * 2)
        due = self.engine.recalculate(pathways, stages, entered, entered, errors="coerce")
        self.assertEqual(due.tolist(), [(D(2023, 3, 13) - epoch).days, NO_DATE, NO_DATE])
        dates = np.array(["2023-03-06", "+6000000-01-01"], dtype="datetime64[D]")
        due = self.engine.recalculate(pathways[:1].repeat(2), stages[:2], dates, dates, errors="coerce")
        self.assertEqual(due[0], np.datetime64("2023-03-13"))
        self.assertTrue(np.isnat(due[1]))

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_bad_rows(self):
        pathways = np.array(["wolverhampton", "nowhere", "wolverhampton", "wolverhampton"])
        stages = np.array(["stage-1", "stage-1", "stage-9", "stage-1"])
        entered = np.array(["2023-03-06", "2023-03-06", "2023-03-06", "NaT"],
                           dtype="datetime64[D]")
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(pathways, stages, entered, entered)
        error = caught.exception
        self.assertEqual(error.rows, [1, 2, 3])
        self.assertEqual(error.statuses[1:3], [Status.NOT_FOUND, Status.NOT_FOUND])
        self.assertNotEqual(error.statuses[3], Status.OK)  # no entry date: the library's call
        self.assertEqual(error.due[0], np.datetime64("2023-03-13"))
        self.assertTrue(np.isnat(error.due[1:]).all())
        coerced = self.engine.recalculate(pathways, stages, entered, entered, errors="coerce")
        np.testing.assert_array_equal(coerced, error.due)

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_dates_beyond_a_day_number_fail_their_row(self):
        entered = np.array(["2023-03-06", "+6000000-01-01"], dtype="datetime64[D]")
        due = self.engine.recalculate(np.array(["wolverhampton"] * 2),
                                      np.array(["stage-1"] * 2), entered, entered,
                                      errors="coerce")
        self.assertEqual(due[0], np.datetime64("2023-03-13"))
        self.assertTrue(np.isnat(due[1]))
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(np.array(["wolverhampton"] * 2), np.array(["stage-1"] * 2),
                                    entered, entered)
        self.assertEqual(caught.exception.statuses[1], Status.OUT_OF_RANGE)

    @unittest.skipIf(np is None, "NumPy is not installed")
    def test_numpy_in_list_out_rules(self):
        # Any NumPy argument gives a NumPy answer; lists alone give a list.
        due = self.engine.recalculate(np.array(PATHWAYS), STAGES, ENTERED, STARTED)
        self.assertIsInstance(due, np.ndarray)
        self.assertIsInstance(self.engine.recalculate(PATHWAYS, STAGES, ENTERED, STARTED), list)


class TestWithTheStandIn(_Cases, unittest.TestCase):
    """The marshalling, against the stand-in (always runs)."""

    def setUp(self):
        super().setUp()
        lib = _ffi.library()
        self._stack = contextlib.ExitStack()
        if lib.has("esc_recalculate"):
            real = lib.esc_recalculate
            self._stack.callback(setattr, lib, "esc_recalculate", real)
        else:
            self._stack.callback(delattr, lib, "esc_recalculate")
        lib.esc_recalculate = _stand_in(lib)

    def tearDown(self):
        self._stack.close()


@unittest.skipUnless(escalate.has_recalculate(), "the loaded libescalate has no esc_recalculate")
class TestWithTheLibrary(_Cases, unittest.TestCase):
    """The same cases against the library's own bulk call."""


@unittest.skipIf(escalate.has_recalculate(), "the loaded libescalate has esc_recalculate")
class TestWithoutTheBulkCall(unittest.TestCase):
    def test_a_clear_error(self):
        with self.assertRaises(escalate.LibraryError) as caught:
            support.engine().recalculate(PATHWAYS, STAGES, ENTERED, STARTED)
        self.assertIn("esc_recalculate", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
