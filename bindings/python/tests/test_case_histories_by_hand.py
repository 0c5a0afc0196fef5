"""Case histories of South Tyneside, Staffordshire and Shropshire across Christmas and Easter,
worked by hand from the source policies and the England and Wales calendar (the same cases as
tests/capi/case_test.c, where each clause is cited): Christmas Day Wed 25 and Boxing Day Thu 26
December 2024, New Year's Day Wed 1 January 2025; Good Friday 18 and Easter Monday 21 April
2025; Christmas Day Thu 25 and Boxing Day Fri 26 December 2025, New Year's Day Thu 1 January
2026; Good Friday 3 and Easter Monday 6 April 2026. Also the errors these pathways give, and the
bulk call checking done:ID as the single-case call does."""

from __future__ import annotations

import datetime
import unittest

import escalate

from . import support

D = datetime.date


def lines(state):
    """Each obligation as "kind id due done state" ("-" for no date)."""
    def iso(day):
        return day.isoformat() if day is not None else "-"
    return [f"{o.kind} {o.id} {iso(o.due)} {iso(o.done)} {o.state}" for o in state.obligations]


class TestHandWorkedHistories(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = escalate.Engine.load(support.ROOT / "rulesets")

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_south_tyneside_across_christmas_2025(self):
        # Section 4: the 5-working-day maximum (expected) from Tue 23 December runs Wed 24,
        # Mon 29, Tue 30, Wed 31, Fri 2 January (the 25th, 26th and New Year's Day skipped).
        entries = [(D(2025, 12, 23), "start"), (D(2025, 12, 29), "unresolved"),
                   (D(2025, 12, 29), "done:share-concern-with-line-manager"), (D(2025, 12, 31), "unresolved"),
                   (D(2026, 1, 2), "done:notify-partnership")]
        state = self.engine.case("south-tyneside", entries, subject="child", as_of=D(2026, 1, 5))
        self.assertEqual((state.stage, state.due, state.force, state.overdue), ("stage-2", D(2026, 1, 2), "expected", True))
        self.assertEqual(state.due_rule, escalate.DueRule.OVERALL_LIMIT)
        self.assertEqual(lines(state), [
            "stage practitioner-discussion 2025-12-24 2025-12-29 done-late",  # one working day from Tue 23
            "action discuss-rationale - - left-undone",
            "action record-escalation - - left-undone",
            "stage stage-1 2025-12-30 2025-12-31 done-late",  # "within 1 day" from Mon 29
            "action share-concern-with-line-manager - 2025-12-29 done-on-time",
            "action contact-other-line-manager 2025-12-29 - left-undone",  # "without delay"
            "action record-escalation - - left-undone",
            "action give-feedback - - left-undone",
            "stage stage-2 2026-01-02 - overdue",  # no timescale of its own: the maximum
            "action notify-partnership 2025-12-31 2026-01-02 done-late",  # "at this point"
            "action record-escalation - - open",
            "action give-feedback - - open",
        ])
        self.assertIn("(STSCP)", state.obligations[9].name)
        self.assertEqual([s.left_late for s in state.stages_passed], [True, True])

    def test_south_tyneside_across_easter_2026(self):
        # A manager's referral straight to Stage One on Thu 2 April; the maximum: Tue 7, Wed 8,
        # Thu 9, Fri 10, Mon 13 April (Good Friday, the weekend and Easter Monday skipped).
        entries = [(D(2026, 4, 2), "manager-referral"), (D(2026, 4, 7), "unresolved"),
                   (D(2026, 4, 7), "done:notify-partnership"), (D(2026, 4, 10), "unresolved"),
                   (D(2026, 4, 14), "unresolved")]
        state = self.engine.case("south-tyneside", entries, subject="adult", as_of=D(2026, 4, 15))
        self.assertEqual((state.stage, state.tier, state.due), ("stage-4", "partnership", D(2026, 4, 13)))
        self.assertTrue(state.overdue and state.overdue_on_entry)
        self.assertIn("(STSAB)", state.tier_name)
        self.assertEqual(lines(state)[:7], [
            "stage stage-1 2026-04-07 2026-04-07 done-on-time",  # one working day from Thu 2: Tue 7
            "action share-concern-with-line-manager - - left-undone",
            "action contact-other-line-manager 2026-04-02 - left-undone",
            "action record-escalation - - left-undone",
            "action give-feedback - - left-undone",
            "stage stage-2 2026-04-13 2026-04-10 done-on-time",
            "action notify-partnership 2026-04-07 2026-04-07 done-on-time",
        ])
        self.assertEqual(lines(state)[9], "stage stage-3 2026-04-13 2026-04-14 done-late")
        self.assertEqual(lines(state)[14:], [
            "stage stage-4 2026-04-13 - overdue",
            "action discuss-with-chair - - open",
            "action acknowledge-and-plan - - open",
            "action record-on-spreadsheet - - open",
        ])
        # On Monday 13 April the case was at Stage 3, due that day.
        state = self.engine.case("south-tyneside", entries, subject="adult", as_of=D(2026, 4, 13))
        self.assertEqual((state.stage, state.overdue, state.obligations[9].state), ("stage-3", False, "due-today"))

    def test_staffordshire_across_christmas_2024(self):
        # 4.6: two working days per stage (usually); 2.4: the Police immediately (should).
        entries = [(D(2024, 12, 23), "start"), (D(2024, 12, 24), "immediate-risk"),
                   (D(2024, 12, 27), "done:contact-police"), (D(2024, 12, 30), "unresolved"),
                   (D(2024, 12, 30), "done:seek-safeguarding-lead-advice"), (D(2025, 1, 2), "unresolved")]
        state = self.engine.case("staffordshire", entries, subject="adult", as_of=D(2025, 1, 7))
        self.assertEqual((state.stage, state.due, state.force, state.overdue), ("stage-3", D(2025, 1, 6), "usually", True))
        self.assertEqual(lines(state), [
            "stage stage-1 2024-12-27 2024-12-30 done-late",  # Tue 24, Fri 27
            "action raise-with-fellow-professional - - left-undone",
            "action review-and-meet - - left-undone",
            "action record-notes - - left-undone",
            "action confirm-in-writing - - left-undone",
            "action contact-police 2024-12-24 2024-12-27 done-late",
            "stage stage-2 2025-01-02 2025-01-02 done-on-time",  # Tue 31, Thu 2
            "action seek-safeguarding-lead-advice - 2024-12-30 done-on-time",
            "action confirm-in-writing - - left-undone",
            "stage stage-3 2025-01-06 - overdue",  # Fri 3, Mon 6
            "action contact-peer - - open",
        ])
        police = state.obligations[5]
        self.assertEqual((police.side_track, police.source, police.force), (True, "transition", "should"))
        # On Boxing Day the side track has kept the case at Stage 1 and the Police call is overdue.
        state = self.engine.case("staffordshire", entries, subject="adult", as_of=D(2024, 12, 26))
        self.assertEqual((state.stage, state.entered, state.due), ("stage-1", D(2024, 12, 23), D(2024, 12, 27)))
        self.assertEqual(lines(state)[-1], "action contact-police 2024-12-24 - overdue")

    def test_staffordshire_across_easter_2025(self):
        entries = [(D(2025, 4, 17), "immediate-risk"), (D(2025, 4, 17), "done:contact-police"),
                   (D(2025, 4, 23), "unresolved"), (D(2025, 4, 28), "unresolved"),
                   (D(2025, 4, 30), "unresolved"), (D(2025, 5, 2), "unresolved")]
        state = self.engine.case("staffordshire", entries, as_of=D(2025, 5, 7))
        self.assertEqual((state.stage, state.due, state.overdue), ("chair-decision", None, False))
        self.assertEqual([(s.stage, s.due, s.left_late) for s in state.stages_passed], [
            ("stage-1", D(2025, 4, 23), False),  # Thu 17: Tue 22, Wed 23 (Easter skipped)
            ("stage-2", D(2025, 4, 25), True),   # Thu 24, Fri 25; left Mon 28
            ("stage-3", D(2025, 4, 30), False),  # Tue 29, Wed 30
            ("stage-4", D(2025, 5, 2), False),   # Thu 1, Fri 2 May
        ])
        self.assertEqual(lines(state)[1], "action contact-police 2025-04-17 2025-04-17 done-on-time")
        self.assertEqual(lines(state)[-2:], ["stage chair-decision - - open", "action inform-in-writing - - open"])

    def test_shropshire_states_no_timescale(self):
        state = self.engine.case("shropshire", [(D(2024, 12, 24), "start"),
                                                (D(2024, 12, 27), "done:record-contacts-and-outcome"),
                                                (D(2025, 1, 2), "unresolved")], subject="child", as_of=D(2025, 1, 6))
        self.assertEqual(lines(state), [
            "stage stage-1 - 2025-01-02 done-on-time",
            "action record-contacts-and-outcome - 2024-12-27 done-on-time",
            "stage stage-2 - - open",
            "action record-contacts-and-outcome - - open",
        ])
        self.assertEqual((state.stage, state.due, state.overdue), ("stage-2", None, False))
        entries = [(D(2026, 4, 2), "start"), (D(2026, 4, 3), "unresolved"), (D(2026, 4, 6), "unresolved"),
                   (D(2026, 4, 7), "unresolved"), (D(2026, 4, 8), "done:refer-to-business-unit"),
                   (D(2026, 4, 9), "resolved")]
        state = self.engine.case("shropshire", entries, subject="adult", as_of=D(2026, 4, 10))
        self.assertEqual((state.stage, state.terminal, state.tier), ("resolved", True, None))
        self.assertEqual(lines(state)[6:8], ["stage stage-4 - 2026-04-09 done-on-time",
                                             "action refer-to-business-unit - 2026-04-08 done-on-time"])

    def test_errors_of_these_pathways(self):
        day = D(2025, 4, 17)
        with self.assertRaises(escalate.InvalidArgumentError) as caught:
            self.engine.case("staffordshire", [(day, "start")], subject="child", as_of=day)
        self.assertIn('does not cover subject "child"', str(caught.exception))
        with self.assertRaises(escalate.NoTransitionError) as caught:
            self.engine.case("south-tyneside", [(day, "start"), (day, "immediate-risk")], as_of=day)
        self.assertEqual(caught.exception.entry, 1)
        with self.assertRaises(escalate.NotFoundError) as caught:
            self.engine.case("shropshire", [(day, "start"), (day, "manager-referral")], as_of=day)
        self.assertEqual(caught.exception.entry, 1)
        with self.assertRaises(escalate.NoTransitionError) as caught:
            self.engine.case("shropshire", [(day, "start"), (day, "done:refer-to-business-unit")], as_of=day)
        self.assertIn('"refer-to-business-unit" is not open', str(caught.exception))
        with self.assertRaises(escalate.NoTransitionError) as caught:
            self.engine.case("staffordshire", [(day, "start"), (day, "resolved"), (day, "unresolved")], as_of=day)
        self.assertEqual(caught.exception.entry, 2)
        with self.assertRaises(escalate.OutOfRangeError) as caught:
            self.engine.case("south-tyneside", [(D(2100, 12, 31), "start")], as_of=D(2100, 12, 31))
        self.assertEqual(caught.exception.entry, 0)

    def test_bulk_checks_done_as_one_by_one(self):
        rows = [
            ("twice", D(2025, 1, 6), "start", "wolverhampton", None),
            ("twice", D(2025, 1, 7), "done:raise-verbally-and-in-writing", None, None),
            ("twice", D(2025, 1, 8), "done:raise-verbally-and-in-writing", None, None),
            ("owed", D(2025, 1, 6), "start", "staffordshire", "adult"),
            ("owed", D(2025, 1, 7), "immediate-risk", None, None),
            ("owed", D(2025, 1, 8), "unresolved", None, None),
            ("owed", D(2025, 1, 9), "done:contact-police", None, None),
            ("unknown", D(2025, 1, 6), "start", "shropshire", None),
            ("unknown", D(2025, 1, 7), "done:no-such-step", None, None),
        ]
        summaries = {s.case_id: s for s in self.engine.cases(rows, as_of=D(2025, 1, 31))}
        self.assertEqual((summaries["twice"].status, summaries["twice"].bad_entry), ("no-transition", 2))
        self.assertEqual((summaries["owed"].status, summaries["owed"].stage), ("ok", "stage-2"))
        self.assertEqual((summaries["unknown"].status, summaries["unknown"].bad_entry), ("unknown-event", 1))
        with self.assertRaises(escalate.NoTransitionError):
            self.engine.case("wolverhampton", [(r[1], r[2]) for r in rows[:3]], as_of=D(2025, 1, 31))
        with self.assertRaises(escalate.NotFoundError):
            self.engine.case("shropshire", [(r[1], r[2]) for r in rows[7:]], as_of=D(2025, 1, 31))


if __name__ == "__main__":
    unittest.main()
