"""String-id columns through engine.recalculate (issue 14): every form an analyst holds ids in
(pandas object and string Series, Categoricals, NumPy object, 'U' and 'S' arrays, strided
views) gives, row for row, the answers, statuses and reasons of the sequence path, which looks
each row's ids up one by one in Python (an independent implementation of the same mapping).
The worst case, many distinct ids most of them wrong, stays correct; so does a library
without esc_factorize_records (the pandas.factorize and np.unique fallbacks).

Also: a datetime64[D] date beyond the day-number range with int32 ids is out of range, not
missing.
"""

from __future__ import annotations

import datetime
import unittest
from unittest import mock

import escalate

from . import support

np = support.numpy
try:
    import pandas as pd
except ImportError:
    pd = None

D = datetime.date
NEEDS_NUMPY = "NumPy is not installed (Debian: apt-get install python3-numpy)"
NEEDS_PANDAS = "pandas is not installed (Debian: apt-get install python3-pandas)"


def mixed_rows(engine):
    """Every stage of every pathway, then rows whose ids are wrong in every way a fixed-width
    or hashed look-up could get wrong: unknown, another pathway's stage, a prefix of a known
    id, a known id with a trailing space, empty, longer than any known id, a known id with one
    character replaced by one that shares its low byte (as a NumPy 'U' record holds it:
    'n' U+006E and U+016E, '1' U+0031 and U+0131)."""
    rows = [(p.id, stage, D(2024, 1, 2) + datetime.timedelta(days=k), D(2023, 12, 20))
            for k, p in enumerate(engine.pathways.values()) for stage in p.stages]
    day, start = D(2024, 3, 4), D(2024, 3, 1)
    rows += [("atlantis", "stage-1", day, start),
             ("wolverhampton", "stage-9", day, start),
             ("wolverhampton", "mediation-panel", day, start),  # North Somerset's stage
             ("wolverhampto", "stage-1", day, start),
             ("wolverhampton", "stage-", day, start),
             ("wolverhampton ", "stage-1", day, start),
             ("", "stage-1", day, start),
             ("wolverhampton", "", day, start),
             ("wolverhampton-and-somewhere-much-longer", "stage-1", day, start),
             ("shropshire", "confirm-outcome-stage-1-and-then-some", day, start),
             ("wolverhampto\u016e", "stage-1", day, start),
             ("wolverhampton", "stage-\u0131", day, start),
             ("wolverhampton", "stage-4", day, None)]  # a good row after the bad ones
    return rows * 3  # each id many times, as in a caseload


@unittest.skipIf(np is None, NEEDS_NUMPY)
class TestStringIdColumns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        cls.rows = mixed_rows(cls.engine)
        pathways, stages, entered, started = (list(column) for column in zip(*cls.rows))
        cls.pathways, cls.stages = pathways, stages
        cls.entered = np.array(entered, dtype="datetime64[D]")
        cls.started = np.array([np.datetime64("NaT") if s is None else s for s in started],
                               dtype="datetime64[D]")
        # The reference: the sequence path, row by row in Python.
        cls.expected_due = cls.engine.recalculate(pathways, stages, entered, started,
                                                  errors="coerce")
        with unittest.TestCase().assertRaises(escalate.RecalculationError) as caught:
            cls.engine.recalculate(pathways, stages, entered, started)
        cls.expected = caught.exception

    def doors(self):
        """(name, pathway column, stage column) for every form of string ids."""
        distinct_objects = np.array(["".join(list(s)) for s in self.pathways], dtype=object)
        shared = np.array(sorted(set(self.pathways)), dtype=object)
        shared_objects = shared[np.searchsorted(shared, np.array(self.pathways, dtype=object))]
        stages = np.array(self.stages, dtype=object)
        unicode_p, unicode_s = distinct_objects.astype(str), stages.astype(str)
        doors = [("object, one object per row", distinct_objects, stages),
                 ("object, shared objects", shared_objects, stages),
                 ("NumPy 'U'", unicode_p, unicode_s),
                 ("NumPy 'U' wider than the ids", unicode_p.astype("U64"), unicode_s),
                 ("NumPy 'S' (UTF-8)", np.char.encode(unicode_p, "utf-8"),
                  np.char.encode(unicode_s, "utf-8")),
                 ("NumPy 'U' and object", unicode_p, stages),
                 ("NumPy 'U', strided view", np.repeat(unicode_p, 2)[::2],
                  np.repeat(unicode_s, 2)[::2]),
                 ("NumPy 'U', reversed view", unicode_p[::-1].copy()[::-1],
                  unicode_s[::-1].copy()[::-1])]
        if pd is not None:
            doors += [("pandas object Series", pd.Series(distinct_objects), pd.Series(stages)),
                      ("pandas string Series", pd.Series(self.pathways, dtype="string"),
                       pd.Series(self.stages, dtype="string")),
                      ("pandas Categorical", pd.Series(self.pathways, dtype="category"),
                       pd.Series(self.stages, dtype="category")),
                      ("Categorical pathways, object stages",
                       pd.Series(self.pathways, dtype="category"), pd.Series(stages))]
        return doors

    def check_door(self, name, pathways, stages):
        expected = self.expected
        statuses = np.full(len(self.rows), 99, dtype=np.int32)
        due = self.engine.recalculate(pathways, stages, self.entered, self.started,
                                      statuses=statuses, errors="coerce")
        due = np.asarray(due).astype("datetime64[D]")
        self.assertEqual([None if np.isnat(d) else d.item() for d in due], self.expected_due,
                         name)
        # The sequence path calls an unknown id NOT_FOUND too; the statuses agree row by row.
        self.assertEqual(statuses.tolist(), [int(s) for s in expected.statuses], name)
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(pathways, stages, self.entered, self.started)
        self.assertEqual(caught.exception.rows, expected.rows, name)
        self.assertEqual(caught.exception.reasons, expected.reasons, name)

    def test_every_door_agrees_with_the_sequence_path(self):
        # Hand-checked anchors of the reference itself: the bad rows fail for the right reason.
        reasons = self.expected.reasons
        bad = len(self.rows) // 3 - 13
        self.assertEqual(reasons[bad:bad + 13], [
            "unknown-pathway", "unknown-stage", "unknown-stage", "unknown-pathway",
            "unknown-stage", "unknown-pathway", "unknown-pathway", "unknown-stage",
            "unknown-pathway", "unknown-stage", "unknown-pathway", "unknown-stage", "ok"])
        self.assertEqual(self.expected.statuses[bad], escalate.Status.NOT_FOUND)
        for name, pathways, stages in self.doors():
            with self.subTest(door=name):
                self.check_door(name, pathways, stages)

    def test_without_the_factorize_call_the_fallbacks_agree(self):
        # A library older than ESCALATE_1.3: pandas.factorize (when pandas is loaded), else
        # np.unique.
        lib = self.engine._lib
        real_has = lib.has
        with mock.patch.object(lib, "has",
                               lambda name: name != "esc_factorize_records" and real_has(name)):
            for name, pathways, stages in self.doors():
                with self.subTest(door=name):
                    self.check_door(name, pathways, stages)

    def test_without_pandas_loaded_the_numpy_doors_agree(self):
        # pandas is used only when the caller has imported it: NumPy alone, with the factorize
        # call and without it (np.unique), must give the same rows.
        from escalate import _columns

        lib = self.engine._lib
        real_has = lib.has
        numpy_doors = [door for door in self.doors() if isinstance(door[1], np.ndarray)]
        with mock.patch.object(_columns, "pandas_module", lambda: None):
            for name, pathways, stages in numpy_doors:
                with self.subTest(door=name):
                    self.check_door(name, pathways, stages)
            with mock.patch.object(
                    lib, "has", lambda name: name != "esc_factorize_records" and real_has(name)):
                for name, pathways, stages in numpy_doors:
                    with self.subTest(door=name, factorize="np.unique"):
                        self.check_door(name, pathways, stages)

    def test_two_threads_factorize_the_columns_alike(self):
        # From 2**17 rows with threads != 1 the two id columns are factorized at once on two
        # threads: the same rows as the sequence path, repeated.
        from escalate import _columns

        repeat = -(-_columns._PARALLEL_FACTORIZE_ROWS // len(self.rows))
        entered, started = np.tile(self.entered, repeat), np.tile(self.started, repeat)
        expected_reasons = self.expected.reasons * repeat
        for name, pathways, stages in self.doors()[:5]:  # the NumPy doors
            with self.subTest(door=name):
                pathways, stages = np.tile(pathways, repeat), np.tile(stages, repeat)
                self.assertGreaterEqual(len(pathways), _columns._PARALLEL_FACTORIZE_ROWS)
                with self.assertRaises(escalate.RecalculationError) as caught:
                    self.engine.recalculate(pathways, stages, entered, started, threads=2)
                self.assertEqual(caught.exception.reasons, expected_reasons)

    def test_parts_on_several_threads_answer_as_one(self):
        # A large batch with threads != 1 is cut into parts converted on Python threads at
        # once: the same rows as the sequence path, repeated past the size that cuts, give the
        # same dates, statuses, failed rows in order and reasons. Two cores are claimed, so
        # that the batch is cut whatever the machine has.
        from escalate import _recalculate

        repeat = -(-(_recalculate._PARALLEL_ROWS + 1234) // len(self.rows))
        entered, started = np.tile(self.entered, repeat), np.tile(self.started, repeat)
        n = len(entered)
        expected_due = np.array([np.datetime64("NaT") if d is None else np.datetime64(d, "D")
                                 for d in self.expected_due] * repeat, dtype="datetime64[D]")
        expected_statuses = [int(s) for s in self.expected.statuses] * repeat
        expected_rows = [row + k * len(self.rows) for k in range(repeat)
                         for row in self.expected.rows]
        with mock.patch("os.sched_getaffinity", lambda pid: {0, 1}, create=True):
            self.assertEqual(len(_recalculate._part_bounds(n, 0)), 2)
            for name, pathways, stages in self.doors()[:5]:  # the NumPy doors
                with self.subTest(door=name):
                    pathways, stages = np.tile(pathways, repeat), np.tile(stages, repeat)
                    statuses = np.full(n, 99, dtype=np.int32)
                    due = self.engine.recalculate(pathways, stages, entered, started, threads=0,
                                                  statuses=statuses, errors="coerce")
                    self.assertTrue(np.array_equal(due, expected_due, equal_nan=True), name)
                    self.assertEqual(statuses.tolist(), expected_statuses, name)
                    with self.assertRaises(escalate.RecalculationError) as caught:
                        self.engine.recalculate(pathways, stages, entered, started, threads=0)
                    self.assertEqual(caught.exception.rows, expected_rows, name)
                    self.assertEqual(caught.exception.reasons, self.expected.reasons * repeat,
                                     name)

    def test_parts_are_whole_blocks_in_order(self):
        from escalate import _recalculate

        block = _recalculate._BLOCK
        with mock.patch("os.sched_getaffinity", lambda pid: set(range(8)), create=True):
            for count, threads, parts in ((_recalculate._PARALLEL_ROWS - 1, 0, 1),
                                          (_recalculate._PARALLEL_ROWS, 1, 1),
                                          (_recalculate._PARALLEL_ROWS, 0, 2),
                                          (12 * block + 7, 0, 3), (12 * block + 7, 2, 2),
                                          (100 * block, 0, 8), (100 * block, 20, 8)):
                with self.subTest(count=count, threads=threads):
                    bounds = _recalculate._part_bounds(count, threads)
                    self.assertEqual(len(bounds), parts)
                    self.assertEqual((bounds[0][0], bounds[-1][1]), (0, count))
                    self.assertEqual([b for b, _ in bounds[1:]], [e for _, e in bounds[:-1]])
                    self.assertTrue(all(b % block == 0 and e > b for b, e in bounds))

    def test_many_distinct_ids_most_unknown(self):
        # The worst case: every row its own id (ten thousand distinct pathway ids, several
        # blocks' worth), one row in seven valid; the valid rows keep their answers.
        engine = self.engine
        n = 70_000
        rows = np.arange(n)
        valid = rows % 7 == 0
        pathways = np.array([f"pathway-{i}" for i in range(n)], dtype=object)
        pathways[valid] = "wolverhampton"
        stages = np.where(rows % 5 == 0, "stage-4", np.char.add("stage-x", (rows % 9973).astype(str)))
        stages[valid & (rows % 5 != 0)] = "stage-1"
        entered = np.full(n, np.datetime64("2023-03-06"))
        for name, p, s in (("object", pathways, stages.astype(object)),
                           ("NumPy 'U'", pathways.astype(str), stages)):
            with self.subTest(door=name):
                statuses = np.zeros(n, dtype=np.int32)
                due = engine.recalculate(p, s, entered, entered, statuses=statuses,
                                         errors="coerce")
                expected_due = np.where(valid, np.where(rows % 5 == 0,
                                                        np.datetime64("2023-03-08"),
                                                        np.datetime64("2023-03-13")),
                                        np.datetime64("NaT"))
                self.assertTrue(np.array_equal(due, expected_due, equal_nan=True))
                self.assertEqual(np.flatnonzero(statuses).tolist(), rows[~valid].tolist())
                self.assertTrue((statuses[~valid] == escalate.Status.NOT_FOUND).all())


@unittest.skipIf(np is None, NEEDS_NUMPY)
class TestDaysBeyondTheRangeWithIndices(unittest.TestCase):
    def test_a_datetime64_day_beyond_the_int32_range_is_out_of_range(self):
        # Before: with int32 ids the date went to the C call as "no date" and was reported
        # missing-entered. Wolverhampton stage-4 (2 working days, no limit from the outset)
        # from Mon 6 March 2023 is Wed 8 March.
        engine = support.engine()
        p = engine.pathway_index("wolverhampton")
        pathways = np.array([p, p, p], dtype=np.int32)
        stages = np.array([engine.stage_index(p, "stage-4")] * 3, dtype=np.int32)
        beyond = np.datetime64(2**40, "D")
        entered = np.array([np.datetime64("2023-03-06"), beyond, np.datetime64("NaT")],
                           dtype="datetime64[D]")
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(pathways, stages, entered)
        self.assertEqual(caught.exception.rows, [1, 2])
        self.assertEqual(caught.exception.reasons, ["ok", "out-of-range", "missing-entered"])
        self.assertEqual(caught.exception.statuses[1], escalate.Status.OUT_OF_RANGE)
        statuses = np.zeros(3, dtype=np.int32)
        due = engine.recalculate(pathways, stages, entered, statuses=statuses, errors="coerce")
        self.assertEqual(due[0], np.datetime64("2023-03-08"))
        self.assertTrue(np.isnat(due[1:]).all())
        self.assertEqual(statuses.tolist(), [0, int(escalate.Status.OUT_OF_RANGE),
                                             int(escalate.Status.INVALID_ARGUMENT)])
        # A started date beyond the range fails its row too, as on the block path.
        started = np.array([beyond, np.datetime64("2023-03-06"), np.datetime64("2023-03-06")],
                           dtype="datetime64[D]")
        entered[1:] = np.datetime64("2023-03-06")
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(pathways, stages, entered, started)
        self.assertEqual(caught.exception.reasons, ["out-of-range", "ok", "ok"])


if __name__ == "__main__":
    unittest.main()
