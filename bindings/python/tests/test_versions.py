"""Versions of a pathway through Python (docs/ruleset-format.md, Versions): the test pathway
tests/data/versions, "test-versions" version "2023" effective from January 2023 (Stage 1: 5
working days, Stage 2: 10) and version "2024" effective from 1 April 2024, review by March
2025, its source undated (2 and 3). Dates worked by hand over Easter 2024 on the England and
Wales calendar (Good Friday 29 March, Easter Monday 1 April); the same cases are in
tests/engine/versions_test.cpp."""

from __future__ import annotations

import datetime
import pickle
import unittest
from unittest import mock

import escalate

from . import support

D = datetime.date

BEFORE = [(D(2024, 3, 28), "start"), (D(2024, 4, 10), "unresolved")]
AFTER = [(D(2024, 4, 2), "start"), (D(2024, 4, 4), "unresolved")]


class TestVersions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = escalate.Engine.load(support.ROOT / "rulesets" / "calendars",
                                          support.ROOT / "tests" / "data" / "versions")

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_versions_are_listed_oldest_first_with_their_dates_as_stated(self):
        older, newer = self.engine.versions("test-versions")
        self.assertEqual(older.version, "2023")
        self.assertIsNone(older.effective_from)  # a month: no invented day
        self.assertEqual(older.effective_from_stated, "2023-01")
        self.assertEqual(older.in_force_from, D(2023, 1, 1))
        self.assertEqual(older.in_force_until, D(2024, 3, 31))
        self.assertIsNone(older.review_by)
        self.assertEqual(older.source_date, "2022")
        self.assertEqual(newer.version, "2024")
        self.assertEqual(newer.effective_from, D(2024, 4, 1))
        self.assertIsNone(newer.in_force_until)
        self.assertEqual(newer.review_by, "2025-03")
        self.assertEqual(newer.review_by_end, D(2025, 3, 31))
        self.assertEqual(newer.source_date, "")  # undated
        # An id alone means its latest version.
        self.assertIs(self.engine.pathways["test-versions"], newer)
        self.assertEqual(self.engine.pathway_index("test-versions"), newer.index)
        self.assertEqual(self.engine.pathway_index("test-versions", version="2023"), older.index)

    def test_a_library_before_versions_says_so_rather_than_failing_in_ctypes(self):
        # Before ABI 1.3 a library has none of the version calls and one version of each id.
        lib = self.engine._lib
        real_has = lib.has
        absent = {"esc_engine_pathway_select", "esc_engine_pathway_for_case",
                  "esc_engine_pathway_versions"}
        with mock.patch.object(lib, "has", lambda name: name not in absent and real_has(name)):
            for ask in (lambda: self.engine.pathway_index("test-versions", version="2023"),
                        lambda: self.engine.pathway("test-versions", outset=D(2024, 3, 31)),
                        lambda: self.engine.due("test-versions", "stage-1", D(2024, 3, 28),
                                                version="2023")):
                with self.assertRaisesRegex(escalate.LibraryError,
                                            "predates pathway versions .*ask without them"):
                    ask()
            # Without a version the one pathway of the id answers (here the latest, 2024: two
            # working days from Thu 28 March over Easter are Tue 2 and Wed 3 April).
            self.assertEqual(self.engine.due("test-versions", "stage-1", D(2024, 3, 28)),
                             D(2024, 4, 3))
            self.assertEqual([p.version for p in self.engine.versions("test-versions")], ["2024"])

    def test_the_outset_chooses_the_version(self):
        self.assertEqual(self.engine.pathway("test-versions", outset=D(2024, 3, 31)).version, "2023")
        self.assertEqual(self.engine.pathway("test-versions", outset=D(2024, 4, 1)).version, "2024")
        self.assertEqual(self.engine.pathway("test-versions", outset=D(2023, 1, 1)).version, "2023")
        self.assertEqual(self.engine.pathway("test-versions").version, "2024")

    def test_cases_in_bulk_use_the_version_in_force_on_each_outset(self):
        # As of Fri 12 April 2024 (the same cases as cli:worklist-version-by-outset):
        # V-OLD started Thu 28 March (2023), escalated Wed 10 April: Stage 2's 10 working
        # days, Thu 11 ... Wed 24 April (version 2024 would give Mon 15). V-NEW started Mon 1
        # April (2024): Tue 2, Wed 3. V-PRE started before January 2023: no version.
        table = [("V-OLD", D(2024, 3, 28), "start", "test-versions"),
                 ("V-OLD", D(2024, 4, 10), "unresolved"),
                 ("V-NEW", D(2024, 4, 1), "start", "test-versions"),
                 ("V-PRE", D(2022, 12, 31), "start", "test-versions")]
        old, new, pre = self.engine.cases(table, as_of=D(2024, 4, 12))
        self.assertEqual((old.status, old.stage, old.entered, old.due, old.overdue),
                         ("ok", "stage-2", D(2024, 4, 10), D(2024, 4, 24), False))
        self.assertEqual((new.status, new.stage, new.due, new.overdue),
                         ("ok", "stage-1", D(2024, 4, 3), True))
        self.assertEqual((pre.status, pre.bad_entry, pre.stage, pre.due), ("no-version", 0, None, None))
        # The single-case call agrees.
        self.assertEqual(self.engine.case("test-versions", BEFORE, as_of=D(2024, 4, 12)).due, old.due)

    def test_decide_uses_the_version_in_force_on_the_outset(self):
        # Sunday 31 March 2024 (version 2023): Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 April.
        before = self.engine.decide("test-versions", at=D(2024, 3, 31))
        self.assertEqual((before.version, before.due), ("2023", D(2024, 4, 8)))
        # Easter Monday 1 April (version 2024): Tue 2, Wed 3.
        after = self.engine.decide("test-versions", at=D(2024, 4, 1))
        self.assertEqual((after.version, after.due), ("2024", D(2024, 4, 3)))
        # Started 28 March, escalated Wed 10 April: Stage 2's 10 working days, Thu 11 ... Wed 24.
        moved = self.engine.decide("test-versions", "stage-1", "unresolved", at=D(2024, 4, 10),
                                   started=D(2024, 3, 28))
        self.assertEqual((moved.version, moved.due), ("2023", D(2024, 4, 24)))
        # Named: started Tue 2 April under 2023: Wed 3 ... Tue 9 April.
        named = self.engine.decide("test-versions", at=D(2024, 4, 2), version="2023")
        self.assertEqual((named.version, named.due), ("2023", D(2024, 4, 9)))

    def test_due_uses_the_version_decide_uses(self):
        # Stage 1 entered Thu 28 March 2024 on the outset (version 2023, 5 working days):
        # Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 April. Without started, entered is the outset.
        self.assertEqual(self.engine.due("test-versions", "stage-1", D(2024, 3, 28), D(2024, 3, 28)),
                         D(2024, 4, 8))
        self.assertEqual(self.engine.due("test-versions", "stage-1", D(2024, 3, 28)), D(2024, 4, 8))
        # Entered Tue 2 April (version 2024, 2 working days): Wed 3, Thu 4.
        self.assertEqual(self.engine.due("test-versions", "stage-1", D(2024, 4, 2)), D(2024, 4, 4))
        # Started 28 March, Stage 2 entered Wed 10 April: still version 2023, 10 working days.
        self.assertEqual(self.engine.due("test-versions", "stage-2", D(2024, 4, 10), D(2024, 3, 28)),
                         D(2024, 4, 24))
        # Named: 2024's 2 working days from Thu 28 March: Tue 2, Wed 3 April.
        self.assertEqual(self.engine.due("test-versions", "stage-1", D(2024, 3, 28), version="2024"),
                         D(2024, 4, 3))
        # The same answers as decide, both ways round.
        for at in (D(2024, 3, 28), D(2024, 3, 31), D(2024, 4, 1), D(2024, 4, 2)):
            decision = self.engine.decide("test-versions", at=at)
            self.assertEqual(self.engine.due("test-versions", decision.stage, at, at), decision.due)
        with self.assertRaisesRegex(escalate.NotFoundError, "no version in force on 2022-06-01"):
            self.engine.due("test-versions", "stage-1", D(2022, 6, 1))
        with self.assertRaisesRegex(escalate.NotFoundError, 'no version "2022"'):
            self.engine.due("test-versions", "stage-1", D(2024, 3, 28), version="2022")

    def test_recalculate_by_id_uses_the_version_in_force_on_each_outset(self):
        # As due above: 2023 for Thu 28 March (Mon 8 April) and for Stage 2 of a case started
        # then (Wed 24 April); 2024 from Tue 2 April (Thu 4); none before January 2023.
        pathways = ["test-versions"] * 4
        stages = ["stage-1", "stage-2", "stage-1", "stage-1"]
        entered = [D(2024, 3, 28), D(2024, 4, 10), D(2024, 4, 2), D(2022, 6, 1)]
        started = [None, D(2024, 3, 28), None, None]
        expected = [D(2024, 4, 8), D(2024, 4, 24), D(2024, 4, 4), None]
        self.assertEqual(self.engine.recalculate(pathways, stages, entered, started,
                                                 errors="coerce"), expected)
        with self.assertRaises(escalate.RecalculationError) as raised:
            self.engine.recalculate(pathways, stages, entered, started)
        self.assertEqual(raised.exception.rows, [3])
        self.assertEqual(raised.exception.reasons[3], "no-version")
        # An index names its version: the latest's 2 working days from Thu 28 March, Tue 2,
        # Wed 3 April, whatever the outset.
        latest = self.engine.pathway_index("test-versions")
        self.assertEqual(self.engine.recalculate([latest], ["stage-1"], [D(2024, 3, 28)]),
                         [D(2024, 4, 3)])

    def test_recalculate_columns_by_id_use_the_version_in_force_on_each_outset(self):
        try:
            import numpy as np
        except ImportError:
            self.skipTest("NumPy (Debian's python3-numpy) is not installed")
        entered = np.array(["2024-03-28", "2024-04-10", "2024-04-02", "2022-06-01"],
                           dtype="datetime64[D]")
        started = np.array(["NaT", "2024-03-28", "NaT", "NaT"], dtype="datetime64[D]")
        expected = np.array(["2024-04-08", "2024-04-24", "2024-04-04", "NaT"], dtype="datetime64[D]")
        ids = ["test-versions"] * 4
        stages = ["stage-1", "stage-2", "stage-1", "stage-1"]
        for kind, pathways, stage_ids in (
                ("object", np.array(ids, dtype=object), np.array(stages, dtype=object)),
                ("U", np.array(ids), np.array(stages)),
                ("S", np.array(ids, dtype="S"), np.array(stages, dtype="S"))):
            with self.subTest(kind=kind):
                due = self.engine.recalculate(pathways, stage_ids, entered, started, errors="coerce")
                np.testing.assert_array_equal(due, expected)
                statuses = np.zeros(4, dtype=np.int32)
                self.engine.recalculate(pathways, stage_ids, entered, started, errors="coerce",
                                        statuses=statuses, out=np.zeros(4, dtype=np.int32))
                self.assertEqual(statuses.tolist()[:3], [0, 0, 0])
                self.assertEqual(statuses[3], escalate.Status.NOT_FOUND)
        try:
            import pandas as pd
        except ImportError:
            return  # the pandas doors are tested in test_pandas.py, which says why it skips
        frame = pd.DataFrame({"pathway": pd.Categorical(ids), "stage": stages,
                              "entered": entered, "started": started})
        due = self.engine.recalculate(frame.pathway, frame.stage, frame.entered, frame.started,
                                      errors="coerce")
        self.assertEqual(list(due.dt.date.where(due.notna(), None)),
                         [D(2024, 4, 8), D(2024, 4, 24), D(2024, 4, 4), None])

    def test_a_case_is_governed_by_the_version_in_force_on_its_outset(self):
        # 2023: Stage 1 due Mon 8 April, left Wed 10 (late); Stage 2 due Wed 24 April.
        before = self.engine.case("test-versions", BEFORE, as_of=D(2024, 4, 25))
        self.assertEqual(before.version, "2023")
        self.assertEqual(before.stages_passed[0].due, D(2024, 4, 8))
        self.assertTrue(before.stages_passed[0].left_late)
        self.assertEqual(before.due, D(2024, 4, 24))
        self.assertTrue(before.overdue)
        # 2024: Stage 1 due Thu 4 April, left that day; Stage 2: Fri 5, Mon 8, Tue 9 April.
        after = self.engine.case("test-versions", AFTER, as_of=D(2024, 4, 9))
        self.assertEqual(after.version, "2024")
        self.assertFalse(after.stages_passed[0].left_late)
        self.assertEqual(after.due, D(2024, 4, 9))
        self.assertFalse(after.overdue)
        # Named 2023: Stage 1 due Tue 9; Stage 2's 10 working days from Thu 4: ... Thu 18 April.
        named = self.engine.case("test-versions", AFTER, as_of=D(2024, 4, 9), version="2023")
        self.assertEqual((named.version, named.due), ("2023", D(2024, 4, 18)))
        self.assertEqual(pickle.loads(pickle.dumps(named)), named)

    def test_errors(self):
        with self.assertRaisesRegex(escalate.NotFoundError,
                                    r'no version in force on 2022-12-31 \(the case\'s outset\): its '
                                    r'earliest version, "2023", is effective from 2023-01'):
            self.engine.decide("test-versions", at=D(2022, 12, 31))
        with self.assertRaisesRegex(escalate.NotFoundError, "no version in force on 2022-12-30"):
            self.engine.case("test-versions", [(D(2022, 12, 30), "start")], as_of=D(2023, 1, 5))
        with self.assertRaisesRegex(escalate.NotFoundError,
                                    r'has no version "2025"; its versions are "2023", "2024"'):
            self.engine.decide("test-versions", at=D(2024, 4, 2), version="2025")
        with self.assertRaisesRegex(escalate.NotFoundError, 'has no version "2025"'):
            self.engine.case("test-versions", AFTER, as_of=D(2024, 4, 9), version="2025")
        with self.assertRaisesRegex(escalate.NotFoundError, "no version in force"):
            self.engine.pathway("test-versions", outset=D(2022, 12, 31))
        with self.assertRaises(escalate.NotFoundError):
            self.engine.versions("no-such-pathway")

    def test_load_errors_name_the_file_and_line(self):
        first = (support.ROOT / "tests" / "data" / "versions" / "versions-2023.xml").read_text()
        calendars = support.ROOT / "rulesets" / "calendars"
        cases = {
            "duplicate version": (first.replace('effective-from="2023-01"', 'effective-from="2024-01"'),
                                  r'b\.xml:9: <pathway id="test-versions" version="2023">: version "2023" '
                                  r'of this pathway is already defined at a\.xml:9'),
            "duplicate effective-from": (first.replace('version="2023"', 'version="2023b"'),
                                         r'b\.xml:9: .*effective-from "2023-01" is the same as that of '
                                         r'version "2023"'),
            "malformed partial date": (first.replace('version="2023" effective-from="2023-01"',
                                                     'version="x" effective-from="2024-4"'),
                                       r"b\.xml:9: .*attribute 'effective-from' is \"2024-4\", not a "
                                       r"real date, month or year"),
        }
        for name, (second, message) in cases.items():
            with self.subTest(name), self.assertRaisesRegex(escalate.RulesetError, message):
                escalate.Engine.from_documents({"a.xml": first, "b.xml": second}, calendars)

    def test_bundled_pathways_show_their_sources_dates_as_stated(self):
        pathways = support.engine().pathways
        self.assertEqual(pathways["south-tyneside"].effective_from_stated, "2024-04")
        self.assertIsNone(pathways["south-tyneside"].effective_from)
        self.assertEqual(pathways["wolverhampton"].review_by, "2024-03")
        self.assertEqual(pathways["staffordshire"].source_date, "")
        self.assertEqual([p.version for p in support.engine().versions("wolverhampton")], ["V3"])


if __name__ == "__main__":
    unittest.main()
