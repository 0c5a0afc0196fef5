"""The cases of the C ABI test program (tests/capi/capi_test.c), asked through Python.

The issue's measure of done: the binding gives the same answers as the C test program for the
same cases. Each case below is one of that program's checks, with its hand-worked expected
value and the working it states (Wolverhampton, seed 002; GOV.UK bank holidays).
"""

from __future__ import annotations

import datetime
import unittest

import escalate
from escalate import DueRule, OutcomeKind

from . import support

D = datetime.date
MON_6_MARCH = D(2023, 3, 6)


class TestCProgramCases(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()
        cls.england = cls.engine.calendar("england-and-wales")
        cls.scotland = cls.engine.calendar("scotland")

    def test_pathway_due(self):
        # Stage 1 entered Mon 6 March 2023: 5 working days (Tue 7 .. Fri 10, Mon 13).
        self.assertEqual(self.engine.due("wolverhampton", "stage-1", MON_6_MARCH, MON_6_MARCH),
                         D(2023, 3, 13))
        # Stage 3 entered Fri 17 March, started Mon 6 March: own 3 working days give Wed 22,
        # the 10-working-day limit from the outset gives Mon 20.
        self.assertEqual(self.engine.due("wolverhampton", "stage-3", D(2023, 3, 17), MON_6_MARCH),
                         D(2023, 3, 20))
        with self.assertRaises(TypeError):  # a required argument missing (esc_date: ESC_NO_DATE)
            self.engine.due("wolverhampton", "stage-3", None, MON_6_MARCH)
        with self.assertRaises(escalate.OutOfRangeError):
            self.engine.due("wolverhampton", "stage-3", D(2150, 1, 1), D(2150, 1, 1))
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.due("wolverhampton", -1, MON_6_MARCH)

    def test_decide_start(self):
        # Started Mon 6 March: Stage 1, practitioners, due Mon 13 (2 + 3 working days); steps
        # Wed 8 and Mon 13; the discussion limit's 10 working days end Mon 20.
        decision = self.engine.decide("wolverhampton", at=MON_6_MARCH)
        self.assertEqual((decision.stage, decision.tier, decision.tier_name),
                         ("stage-1", "practitioners", "Practitioners"))
        self.assertEqual((decision.terminal, decision.outcome_kind), (False, OutcomeKind.NONE))
        self.assertEqual((decision.due, decision.entered, decision.started),
                         (D(2023, 3, 13), MON_6_MARCH, MON_6_MARCH))
        self.assertEqual(decision.due_rule, DueRule.STAGE_TIMESCALE)
        self.assertEqual((decision.limit.working_days, decision.limit.due), (10, D(2023, 3, 20)))
        self.assertEqual([s.due for s in decision.steps], [D(2023, 3, 8), D(2023, 3, 13)])
        self.assertGreaterEqual(len(decision.actions), 1)

    def test_decide_over_bank_holidays(self):
        # Easter 2023: started Mon 3 April -> Tue 4, Wed 5, Thu 6, Tue 11, Wed 12.
        self.assertEqual(self.engine.decide("wolverhampton", at=D(2023, 4, 3)).due, D(2023, 4, 12))
        # Coronation: started Tue 2 May -> Wed 3, Thu 4, Fri 5, Tue 9, Wed 10.
        self.assertEqual(self.engine.decide("wolverhampton", at=D(2023, 5, 2)).due, D(2023, 5, 10))

    def test_decide_escalations_and_outcomes(self):
        # Stage 1 unresolved Mon 13: Stage 2, line managers, 2 working days -> Wed 15.
        decision = self.engine.decide("wolverhampton", "stage-1", "unresolved",
                                      at=D(2023, 3, 13), started=MON_6_MARCH)
        self.assertEqual((decision.stage, decision.tier, decision.due),
                         ("stage-2", "line-managers", D(2023, 3, 15)))
        self.assertNotEqual(decision.transition_clause, "")
        # Stage 2 unresolved Fri 17: Stage 3's own Wed 22 capped by the limit at Mon 20.
        decision = self.engine.decide("wolverhampton", "stage-2", "unresolved",
                                      at=D(2023, 3, 17), started=MON_6_MARCH)
        self.assertEqual((decision.stage, decision.due, decision.due_rule),
                         ("stage-3", D(2023, 3, 20), DueRule.OVERALL_LIMIT))
        self.assertEqual(decision.timescale_due, D(2023, 3, 22))
        # Stage 4 resolved: terminal, no tier, no due date, no obligations.
        decision = self.engine.decide("wolverhampton", "stage-4", "resolved",
                                      at=D(2023, 3, 22), started=MON_6_MARCH)
        self.assertEqual((decision.terminal, decision.outcome_kind, decision.stage),
                         (True, OutcomeKind.RESOLVED, "resolved"))
        self.assertEqual((decision.tier, decision.tier_name, decision.due, decision.stage_index),
                         (None, None, None, None))
        self.assertEqual((decision.steps, decision.actions), ((), ()))
        # Immediate risk at the start: Stage 1 beside the escalation under safeguarding
        # procedures, due Mon 13 March (Tue 7, Wed 8, Thu 9, Fri 10, Mon 13).
        decision = self.engine.decide("wolverhampton", event="immediate-risk", at=MON_6_MARCH)
        self.assertEqual((decision.terminal, decision.stage, decision.due),
                         (False, "stage-1", D(2023, 3, 13)))

    def test_decide_errors(self):
        decide = self.engine.decide
        with self.assertRaisesRegex(escalate.NoTransitionError, "unresolved"):
            decide("wolverhampton", "confirm-outcome-stage-1", "unresolved", at=D(2023, 3, 13),
                   started=MON_6_MARCH)
        with self.assertRaisesRegex(escalate.NotFoundError, "atlantis"):
            decide("atlantis", at=MON_6_MARCH)
        with self.assertRaises(escalate.NotFoundError):
            decide("wolverhampton", "stage-9", "unresolved", at=MON_6_MARCH)
        with self.assertRaisesRegex(escalate.NotFoundError, "shrugged"):
            decide("wolverhampton", "stage-1", "shrugged", at=MON_6_MARCH)
        with self.assertRaises(escalate.OutOfRangeError):
            decide("wolverhampton", at=D(2150, 6, 1))
        with self.assertRaisesRegex(escalate.InvalidArgumentError, "event"):
            decide("wolverhampton", "stage-1", at=D(2023, 3, 13), started=MON_6_MARCH)

    def test_calendars(self):
        self.assertEqual(len(self.engine.calendars), 3)  # docs/ruleset-format.md
        with self.assertRaisesRegex(escalate.NotFoundError, "narnia"):
            self.engine.calendar("narnia")
        self.assertEqual((self.england.first_date, self.england.last_date),
                         (D(1980, 1, 1), D(2100, 12, 31)))
        self.assertTrue(self.england.is_working_day(MON_6_MARCH))
        self.assertFalse(self.england.is_working_day(D(2023, 3, 11)))  # Saturday
        self.assertFalse(self.england.is_working_day(D(2023, 5, 8)))   # coronation
        # New Year's Day 2023 was a Sunday: England takes Mon 2 January, Scotland (which has
        # 2 January anyway) takes its substitute on Tue 3 January.
        self.assertTrue(self.england.is_working_day(D(2023, 1, 3)))
        self.assertFalse(self.scotland.is_working_day(D(2023, 1, 3)))
        with self.assertRaisesRegex(escalate.OutOfRangeError, "1980-01-01"):
            self.england.is_working_day(D(1979, 12, 31))
        self.assertEqual(self.england.holiday_name(D(2023, 4, 7)), "Good Friday")
        self.assertIn("coronation", self.england.holiday_name(D(2023, 5, 8)))
        self.assertIsNone(self.england.holiday_name(MON_6_MARCH))
        with self.assertRaises(escalate.OutOfRangeError):
            self.england.holiday_name(D(2200, 1, 1))

    def test_working_day_arithmetic(self):
        add, count = self.england.add_working_days, self.england.count_working_days
        self.assertEqual(add(MON_6_MARCH, 5), D(2023, 3, 13))
        self.assertEqual(add(MON_6_MARCH, 0), MON_6_MARCH)
        self.assertEqual(add(D(2023, 3, 13), -5), MON_6_MARCH)
        # Christmas 2022 on a Sunday: Boxing Day Mon 26, substitute Tue 27 -> Wed 28.
        self.assertEqual(add(D(2022, 12, 23), 1), D(2022, 12, 28))
        self.assertEqual(add(D(2023, 3, 11), 1), D(2023, 3, 13))
        with self.assertRaises(escalate.OutOfRangeError):
            add(D(2100, 12, 31), 1)
        self.assertEqual(count(MON_6_MARCH, D(2023, 3, 13)), 5)
        self.assertEqual(count(D(2023, 3, 13), MON_6_MARCH), -5)
        self.assertEqual(count(D(2023, 4, 3), D(2023, 4, 12)), 5)  # Easter skipped
        self.assertEqual(count(MON_6_MARCH, MON_6_MARCH), 0)
        with self.assertRaises(escalate.OutOfRangeError):
            count(MON_6_MARCH, D(2101, 1, 1))

    def test_holidays_2023(self):
        # England and Wales 2023 (GOV.UK).
        holidays = self.england.holidays(2023)
        self.assertEqual([h.date for h in holidays],
                         [D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1),
                          D(2023, 5, 8), D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25),
                          D(2023, 12, 26)])
        self.assertEqual((holidays[0].substitute, holidays[1].substitute), (True, False))
        self.assertEqual(holidays[1].name, "Good Friday")
        for year in (2101, 1979):
            with self.assertRaises(escalate.OutOfRangeError):
                self.england.holidays(year)


if __name__ == "__main__":
    unittest.main()
