"""The clocks through Python (docs/semantics.md): force, overdue on entry, what an obligation
waits for, side tracks, and a due date past year 9999 as OutOfRangeError. The fixture is
tests/data/clocks/, shared with the engine's tests; each date is worked by hand beside it
(Saturday and Sunday weekends, one holiday on Friday 2024-03-15)."""

from __future__ import annotations

import datetime
import tempfile
import unittest
from pathlib import Path

import escalate

from . import support

FIXTURE = support.ROOT / "tests" / "data" / "clocks"
D = datetime.date


class TestClocks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = escalate.Engine.load(FIXTURE)

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_force_and_overdue_on_entry(self):
        # Stage 2: 3 working days from the outset, Friday 8 March: 11, 12, 13 -> 13 March;
        # entered on 20 March, overdue on entry; its source words it as an expectation.
        late = self.engine.decide("c", stage="stage-1", event="unresolved", at=D(2024, 3, 20),
                                  started=D(2024, 3, 8))
        self.assertEqual(late.due, D(2024, 3, 13))
        self.assertTrue(late.overdue)
        self.assertEqual(late.force, "expected")
        on_time = self.engine.decide("c", stage="stage-1", event="unresolved", at=D(2024, 3, 13),
                                     started=D(2024, 3, 8))
        self.assertFalse(on_time.overdue)

    def test_the_limit_decides_with_its_own_force(self):
        # Limit 5 working days from Friday 8 March: 11, 12, 13, 14, (15 holiday), 18.
        start = self.engine.decide("c", at=D(2024, 3, 8))
        self.assertEqual(start.due, D(2024, 3, 18))
        self.assertEqual(start.due_rule, escalate.DueRule.OVERALL_LIMIT)
        self.assertEqual(start.force, "usually")

    def test_obligations_say_what_they_wait_for_and_where_they_come_from(self):
        start = self.engine.decide("c", at=D(2024, 3, 8), subject="adult")
        confirm = next(a for a in start.actions if a.id == "confirm")
        self.assertIsNone(confirm.due)
        self.assertEqual(confirm.waits_for, "raise")
        self.assertEqual(confirm.due_rule, escalate.DueRule.WAITING)
        self.assertEqual(start.steps[0].name, "Raise it with the adult team")
        # 24 hours from Friday 8 March: Saturday 9, or rolled, Monday 11.
        by_id = {a.id: a for a in start.actions}
        self.assertEqual(by_id["record"].due, D(2024, 3, 9))
        self.assertEqual(by_id["file"].due, D(2024, 3, 11))
        # clocks.xml: both are hours="24"; only "file" has roll="next-working-day".
        self.assertEqual((by_id["record"].deadline_kind, by_id["record"].deadline_hours,
                          by_id["record"].roll), (escalate.DeadlineKind.HOURS, 24, False))
        self.assertEqual((by_id["file"].deadline_hours, by_id["file"].roll), (24, True))

    def test_no_due_date_has_no_force(self):
        # A terminal outcome has no due date, so the decision's force is None there (not the
        # struct's zero, which reads "must").
        done = self.engine.decide("c", stage="stage-1", event="resolved", at=D(2024, 3, 12),
                                  started=D(2024, 3, 8))
        self.assertTrue(done.terminal)
        self.assertIsNone(done.due)
        self.assertIsNone(done.force)

    def test_a_side_track_keeps_the_stage(self):
        side = self.engine.decide("c", stage="stage-1", event="immediate-risk", at=D(2024, 3, 12),
                                  started=D(2024, 3, 8), entered=D(2024, 3, 8))
        self.assertTrue(side.side_track)
        self.assertEqual(side.stage, "stage-1")
        self.assertEqual(side.due, D(2024, 3, 18))
        call = side.actions[0]
        self.assertEqual((call.id, call.due, call.force, call.source),
                         ("call-police", D(2024, 3, 12), "should", "event"))
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.decide("c", stage="stage-1", event="immediate-risk", at=D(2024, 3, 12),
                               started=D(2024, 3, 8))


class TestPastYear9999(unittest.TestCase):
    """Defect: 30 calendar days from 9999-12-20 raised ValueError (year 10009) in Python."""

    def test_a_due_date_past_9999_is_out_of_range_everywhere(self):
        with tempfile.TemporaryDirectory() as directory:
            Path(directory, "end.xml").write_text(
                '<calendar id="end" name="End" first-year="9998" last-year="9999" source="tests">'
                '<weekend days="saturday sunday"/></calendar>', encoding="utf-8")
            Path(directory, "p.xml").write_text(
                (FIXTURE / "clocks.xml").read_text(encoding="utf-8")
                .replace('calendar="test"', 'calendar="end"')
                .replace('<deadline kind="working-days" days="3" anchor="pathway-start" force="expected"/>',
                         '<deadline kind="calendar-days" days="30"/>'), encoding="utf-8")
            with escalate.Engine.load(directory) as engine:
                with self.assertRaises(escalate.OutOfRangeError):
                    engine.decide("c", stage="stage-1", event="unresolved", at=D(9999, 12, 20),
                                  started=D(9999, 12, 20))
                with self.assertRaises(escalate.OutOfRangeError):
                    engine.due("c", "stage-2", D(9999, 12, 20))
                # 30 calendar days from 9999-11-20 is 9999-12-20: still a date.
                self.assertEqual(engine.due("c", "stage-2", D(9999, 11, 20)), D(9999, 12, 20))


if __name__ == "__main__":
    unittest.main()
