"""pandas and NumPy columns (issue 14): Series and Categoricals in, a Series out on the input's
index, NaT for no date, out= and statuses= reused, and the calendar calls over columns.

Expected dates are worked by hand from the source policies and the published bank holidays
(the same cases as test_c_program_cases, from Wolverhampton's protocol, seed 002):
  - Stage 1 entered Mon 6 March 2023: 5 working days -> Mon 13 March.
  - Stage 3 entered Fri 17 March 2023 in a case started Mon 6 March: the 10-working-day limit
    from the outset -> Mon 20 March, earlier than Stage 3's own timescale.
  - Stage 4 entered Mon 20 March 2023: 2 working days -> Wed 22 March.
  - Stage 1 entered Fri 22 December 2023: Christmas Day and Boxing Day are Monday 25 and
    Tuesday 26, New Year's Day Monday 1 January 2024, so 5 working days run 27, 28, 29
    December, 2 and 3 January -> Wed 3 January 2024.
Each case starts on or after 3 March 2023, when Wolverhampton's version V3 took effect: a case
given by id is answered by the version in force on its outset (test_versions.py), and an older
one by none.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import pickle
import unittest

import escalate

from . import support

np = support.numpy
pd = support.pandas
D = datetime.date

CASES = [  # (pathway, stage, entered, started, due by hand)
    ("wolverhampton", "stage-1", D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 13)),
    ("wolverhampton", "stage-3", D(2023, 3, 17), D(2023, 3, 6), D(2023, 3, 20)),
    ("wolverhampton", "stage-4", D(2023, 3, 20), None, D(2023, 3, 22)),
    ("wolverhampton", "stage-1", D(2023, 12, 22), D(2023, 12, 22), D(2024, 1, 3)),
]


@unittest.skipIf(pd is None, "pandas is not installed (Debian: apt-get install python3-pandas)")
class TestPandasRecalculate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        cls.frame = pd.DataFrame(
            {"pathway": [c[0] for c in CASES], "stage": [c[1] for c in CASES],
             "entered": pd.to_datetime([c[2] for c in CASES]),
             "started": pd.to_datetime([c[3] for c in CASES])},  # None -> NaT
            index=[101, 205, 307, 409])
        cls.expected = [c[4] for c in CASES]

    def dates(self, series):
        return [None if pd.isna(value) else value.date() for value in series]

    def test_series_with_nat_give_a_series_on_the_same_index(self):
        # Issue 14: a NaT in `started` raised "NaTType does not support toordinal".
        df = self.frame
        self.assertTrue(df.started.isna().any())
        due = self.engine.recalculate(df.pathway, df.stage, df.entered, df.started)
        self.assertIsInstance(due, pd.Series)
        self.assertEqual(list(due.index), [101, 205, 307, 409])
        self.assertEqual(due.name, "due")
        self.assertEqual(self.dates(due), self.expected)
        df = df.assign(due=due)  # lines up by index
        self.assertEqual(df.loc[307, "due"].date(), D(2023, 3, 22))

    def test_categorical_columns_give_the_same_answers(self):
        df = self.frame.astype({"pathway": "category", "stage": "category"})
        due = self.engine.recalculate(df.pathway, df.stage, df.entered, df.started)
        self.assertEqual(self.dates(due), self.expected)
        # A Categorical itself (not a Series) goes through its codes too.
        due = self.engine.recalculate(pd.Categorical(df.pathway), pd.Categorical(df.stage),
                                      df.entered.to_numpy(), df.started.to_numpy())
        self.assertIsInstance(due, np.ndarray)
        self.assertEqual([None if np.isnat(d) else d.astype(object) for d in due],
                         self.expected)

    def test_the_sequence_path_agrees_row_for_row(self):
        # Two entry points, one answer: the per-row sequence path against the column path
        # over every stage of every pathway.
        # Outsets in every bundled version's term (from April 2024), so the rows are answered
        # rather than all refused as older than South Tyneside's version.
        rows = [(p.id, stage, D(2024, 4, 10) + datetime.timedelta(days=k), D(2024, 4, 2))
                for k, p in enumerate(self.engine.pathways.values()) for stage in p.stages]
        columns = list(zip(*rows))
        by_sequence = self.engine.recalculate(*columns, errors="coerce")
        series = [pd.Series(column) for column in columns]
        series[2] = pd.to_datetime(series[2])
        series[3] = pd.to_datetime(series[3])
        by_column = self.engine.recalculate(*series, errors="coerce")
        self.assertEqual(self.dates(by_column), by_sequence)
        self.assertGreater(sum(due is not None for due in by_sequence), len(rows) // 2)

    def test_unknown_ids_fail_their_rows_only(self):
        df = pd.DataFrame({"pathway": ["wolverhampton", "atlantis", "wolverhampton"],
                           "stage": ["stage-1", "stage-1", "no-such-stage"],
                           "entered": pd.to_datetime(["2023-03-06"] * 3),
                           "started": pd.to_datetime(["2023-03-06"] * 3)}).astype(
            {"stage": "category"})
        with self.assertRaises(escalate.RecalculationError) as caught:
            self.engine.recalculate(df.pathway, df.stage, df.entered, df.started)
        self.assertEqual(caught.exception.rows, [1, 2])
        self.assertEqual(caught.exception.statuses[1], escalate.Status.NOT_FOUND)
        due = self.engine.recalculate(df.pathway, df.stage, df.entered, df.started,
                                      errors="coerce")
        self.assertEqual(self.dates(due), [D(2023, 3, 13), None, None])

    def test_categoricals_with_unknown_and_missing_ids(self):
        df = pd.DataFrame({
            "pathway": ["wolverhampton", "atlantis", None, "wolverhampton", "wolverhampton"],
            "stage": ["stage-1", "stage-1", "stage-1", None, "stage-9"],
            "entered": pd.to_datetime(["2023-03-06"] * 5),
            "started": pd.to_datetime(["2023-03-06"] * 5)}).astype(
            {"pathway": "category", "stage": "category"})
        statuses = np.zeros(5, dtype=np.int32)
        due = self.engine.recalculate(df.pathway, df.stage, df.entered, df.started,
                                      statuses=statuses, errors="coerce")
        self.assertEqual(self.dates(due), [D(2023, 3, 13), None, None, None, None])
        self.assertEqual(statuses.tolist(), [0] + [int(escalate.Status.NOT_FOUND)] * 4)

    def test_many_blocks_agree_with_the_index_path(self):
        # More rows than one block of the column path (32,768), bad rows in several blocks: the
        # same answers and statuses as int32 indices straight to the C call.
        engine = self.engine
        random = np.random.default_rng(3)
        pairs = [(p, stage) for p in engine.pathways.values() for stage in p.stages]
        n = 100_003
        pick = random.integers(0, len(pairs), n)
        # From April 2024, when the latest bundled version (South Tyneside's) took effect: the
        # index path names each version, the id path chooses the one in force on the outset.
        started = np.datetime64("2024-04-01") + random.integers(0, 700, n).astype("timedelta64[D]")
        entered = started + random.integers(0, 21, n).astype("timedelta64[D]")
        pathway_ids = np.array([p.id for p, _ in pairs], dtype=object)[pick]
        stage_ids = np.array([stage for _, stage in pairs], dtype=object)[pick]
        bad = [5, 40_000, 70_001, 99_999]
        pathway_ids[bad[:2]] = "atlantis"
        started = started.astype("datetime64[ns]")
        started[bad[2:]] = np.datetime64("NaT")
        frame = pd.DataFrame({"pathway": pathway_ids, "stage": stage_ids,
                              "entered": entered.astype("datetime64[ns]"), "started": started})
        indices = np.array([p.index for p, _ in pairs], dtype=np.int32)[pick]
        indices[bad[:2]] = 99
        stage_indices = np.array([p.stages.index(stage) for p, stage in pairs], dtype=np.int32)[pick]
        days = lambda column: np.where(np.isnat(column), escalate.NO_DATE,
                                       column.astype("datetime64[D]").astype(np.int64)).astype(np.int32)
        expected_status = np.zeros(n, dtype=np.int32)
        expected = engine.recalculate(indices, stage_indices, days(frame.entered.to_numpy()),
                                      days(frame.started.to_numpy()), statuses=expected_status,
                                      errors="coerce")
        for ids in (frame, frame.astype({"pathway": "category", "stage": "category"})):
            statuses = np.zeros(n, dtype=np.int32)
            due = engine.recalculate(ids.pathway, ids.stage, ids.entered, ids.started,
                                     statuses=statuses, errors="coerce")
            self.assertTrue(np.array_equal(days(due.to_numpy()), expected))
            # An unknown id is NOT_FOUND here (INVALID_ARGUMENT for a bad index); the rest agree.
            self.assertEqual(np.flatnonzero(statuses).tolist(), np.flatnonzero(expected_status).tolist())
            self.assertEqual(statuses[bad[:2]].tolist(), [int(escalate.Status.NOT_FOUND)] * 2)

    def test_statuses_out_array_reports_each_row(self):
        df = self.frame
        statuses = np.full(len(df), 99, dtype=np.int32)
        pathways = df.pathway.copy()
        pathways.iloc[2] = "atlantis"
        self.engine.recalculate(pathways, df.stage, df.entered, df.started, statuses=statuses,
                                errors="coerce")
        self.assertEqual(statuses.tolist(), [0, 0, int(escalate.Status.NOT_FOUND), 0])


@unittest.skipIf(np is None, "NumPy is not installed (Debian: apt-get install python3-numpy)")
class TestOutArrays(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        p = cls.engine.pathway_index("wolverhampton")
        stages = cls.engine.pathways["wolverhampton"].stages
        cls.pathways = np.full(len(CASES), p, dtype=np.int32)
        cls.stages = np.array([stages.index(c[1]) for c in CASES], dtype=np.int32)
        day = lambda d: escalate.NO_DATE if d is None else (d - D(1970, 1, 1)).days
        cls.entered = np.array([day(c[2]) for c in CASES], dtype=np.int32)
        cls.started = np.array([day(c[3]) for c in CASES], dtype=np.int32)
        cls.expected = np.array([day(c[4]) for c in CASES], dtype=np.int32)

    def test_out_is_filled_in_place_and_returned(self):
        out = np.zeros(len(CASES), dtype=np.int32)
        statuses = np.full(len(CASES), -1, dtype=np.int32)
        result = self.engine.recalculate(self.pathways, self.stages, self.entered, self.started,
                                         out=out, statuses=statuses)
        self.assertIs(result, out)
        self.assertEqual(out.tolist(), self.expected.tolist())
        self.assertEqual(statuses.tolist(), [0] * len(CASES))
        # Again into the same arrays: the same answers, nothing else needed.
        out[:] = 0
        self.engine.recalculate(self.pathways, self.stages, self.entered, self.started, out=out)
        self.assertEqual(out.tolist(), self.expected.tolist())

    def test_strided_columns_are_read_row_by_row(self):
        # Every other row of wider arrays, with string ids so the column path converts them.
        def spread(array):
            wide = np.repeat(array, 2)
            return wide[::2]
        stages = np.array([c[1] for c in CASES], dtype=object)
        due = self.engine.recalculate(np.array(["wolverhampton"] * len(CASES), dtype=object),
                                      stages, spread(self.entered), spread(self.started))
        self.assertEqual(due.tolist(), self.expected.tolist())

    def test_out_must_be_a_writable_int32_array_of_the_right_length(self):
        args = (self.pathways, self.stages, self.entered, self.started)
        with self.assertRaises(TypeError):
            self.engine.recalculate(*args, out=np.zeros(len(CASES), dtype=np.int64))
        with self.assertRaises(TypeError):
            self.engine.recalculate(*args, out=[0] * len(CASES))
        with self.assertRaises(TypeError):
            self.engine.recalculate(*args, out=np.zeros(2 * len(CASES), dtype=np.int32)[::2])
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.recalculate(*args, out=np.zeros(len(CASES) + 1, dtype=np.int32))
        frozen = np.zeros(len(CASES), dtype=np.int32)
        frozen.flags.writeable = False
        with self.assertRaises(TypeError):
            self.engine.recalculate(*args, statuses=frozen)


@unittest.skipIf(np is None, "NumPy is not installed (Debian: apt-get install python3-numpy)")
class TestCalendarColumns(unittest.TestCase):
    """The calendar calls over columns, against the published England and Wales list: 2023's
    bank holidays include Mon 2 January (substitute), Good Friday 7 April, Easter Monday 10
    April, the coronation on Mon 8 May."""

    @classmethod
    def setUpClass(cls):
        cls.england = support.engine().calendar("england-and-wales")
        cls.scotland = support.engine().calendar("scotland")

    def test_is_working_day_over_an_array(self):
        days = np.array(["2023-01-02", "2023-01-03", "2023-04-07", "2023-05-08", "2023-05-09",
                         "2023-03-11"], dtype="datetime64[D]")
        self.assertEqual(self.england.is_working_day(days).tolist(),
                         [False, True, False, False, True, False])
        # 3 January 2023 is Scotland's substitute for New Year's Day (2 January is its own).
        self.assertEqual(self.scotland.is_working_day(days[:2]).tolist(), [False, False])

    def test_add_working_days_over_an_array_and_one_count(self):
        days = np.array(["2022-12-23", "2023-03-06", "NaT"], dtype="datetime64[D]")
        due = self.england.add_working_days(days, 5)
        self.assertEqual(due.astype(object).tolist()[:2], [D(2023, 1, 4), D(2023, 3, 13)])
        self.assertTrue(np.isnat(due[2]))  # no date in, no date out
        per_row = self.england.add_working_days(days[:2], np.array([1, 0]))
        self.assertEqual(per_row.astype(object).tolist(), [D(2022, 12, 28), D(2023, 3, 6)])

    def test_count_working_days_over_arrays(self):
        start = np.array(["2023-03-06", "2023-04-03", "2022-12-23"], dtype="datetime64[D]")
        end = np.array(["2023-03-13", "2023-04-12", "2023-01-04"], dtype="datetime64[D]")
        self.assertEqual(self.england.count_working_days(start, end).tolist(), [5, 5, 5])
        self.assertEqual(self.england.count_working_days(start[0], end).tolist()[0], 5)

    def test_a_row_outside_the_calendar_raises_or_is_coerced(self):
        days = np.array(["2023-03-06", "2150-01-01"], dtype="datetime64[D]")
        with self.assertRaisesRegex(escalate.OutOfRangeError, "row 1"):
            self.england.is_working_day(days)
        flags = self.england.is_working_day(days, errors="coerce")
        self.assertEqual(flags[0], 1.0)
        self.assertTrue(np.isnan(flags[1]))
        due = self.england.add_working_days(days, 1, errors="coerce")
        self.assertTrue(np.isnat(due[1]))

    def test_the_array_forms_agree_with_the_single_calls(self):
        days = np.arange(np.datetime64("2022-12-01"), np.datetime64("2023-02-01"))
        flags = self.england.is_working_day(days)
        added = self.england.add_working_days(days, 3)
        for day, flag, due in zip(days.astype(object), flags, added.astype(object)):
            self.assertEqual(bool(flag), self.england.is_working_day(day))
            self.assertEqual(due, self.england.add_working_days(day, 3))

    @unittest.skipIf(pd is None, "pandas is not installed (Debian: apt-get install python3-pandas)")
    def test_series_in_series_out(self):
        days = pd.Series(pd.to_datetime(["2023-05-08", None, "2023-05-09"]), index=[7, 8, 9])
        due = self.england.add_working_days(days, 1)
        self.assertIsInstance(due, pd.Series)
        self.assertEqual(list(due.index), [7, 8, 9])
        self.assertEqual(due[7].date(), D(2023, 5, 9))
        self.assertTrue(pd.isna(due[8]))
        flags = self.england.is_working_day(days.dropna())
        self.assertEqual(flags.tolist(), [False, True])
        self.assertEqual(list(flags.index), [7, 9])


class TestResultsAreValues(unittest.TestCase):
    """Issue 14: a Decision held its engine, so it could not be pickled, deep-copied or turned
    into a dict, and results could not come back from another process."""

    def test_decision_pickles_copies_compares_and_converts(self):
        engine = support.engine()
        decision = engine.decide("wolverhampton", at=D(2023, 3, 6))
        again = pickle.loads(pickle.dumps(decision))
        self.assertEqual(again, decision)
        self.assertEqual(copy.deepcopy(decision), decision)
        as_dict = dataclasses.asdict(decision)
        self.assertEqual(as_dict["due"], D(2023, 3, 13))
        self.assertEqual(as_dict["stage"], "stage-1")
        self.assertNotIn("engine", as_dict)
        self.assertIn("due=datetime.date(2023, 3, 13)", repr(decision))
        self.assertLess(len(repr(decision)), 400)  # the answer, not the working
        with self.assertRaises(dataclasses.FrozenInstanceError):
            decision.due = None  # type: ignore[misc]

    def test_other_results_are_values_too(self):
        engine = support.engine()
        for value in (engine.pathways["wolverhampton"],
                      engine.calendar("england-and-wales").holidays(2023)[0],
                      engine.decide("wolverhampton", "stage-1", "unresolved", at=D(2023, 3, 6),
                                    started=D(2023, 3, 6)).limit):
            self.assertTrue(dataclasses.is_dataclass(value))
            self.assertEqual(pickle.loads(pickle.dumps(value)), value)


if __name__ == "__main__":
    unittest.main()
