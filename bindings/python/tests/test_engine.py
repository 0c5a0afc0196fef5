"""Engine.load, pathways, decide and due on the bundled rulesets.

Expected values are worked by hand from the source policies in shared/seeds (cited per test)
and the published England and Wales bank holidays (GOV.UK). March 2023 has no bank holiday;
2023's around these cases are Good Friday 7 April, Easter Monday 10 April and the coronation
bank holiday, Monday 8 May. Weekdays: 1 March 2023 was a Wednesday, so the Mondays are 6, 13,
20 and 27 March.
"""

from __future__ import annotations

import datetime
import unittest

import escalate
from escalate import Anchor, DeadlineKind, DueRule, OutcomeKind

from . import support

D = datetime.date
WOLVERHAMPTON = "wolverhampton"


class TestLoadAndPathways(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()

    def test_the_five_bundled_pathways(self):
        # docs/ruleset-format.md names them.
        self.assertEqual(set(self.engine.pathways),
                         {"south-tyneside", "shropshire", "wolverhampton", "north-somerset",
                          "staffordshire"})
        self.assertIn(WOLVERHAMPTON, self.engine.pathways)
        self.assertEqual(len(self.engine.pathways), 5)

    def test_indices_follow_the_mapping_order(self):
        for position, (pathway_id, pathway) in enumerate(self.engine.pathways.items()):
            self.assertEqual(pathway.index, position)
            self.assertEqual(pathway.id, pathway_id)
            self.assertEqual(self.engine.pathway_index(pathway_id), position)
            for stage_position, stage in enumerate(pathway.stages):
                self.assertEqual(self.engine.stage_index(pathway_id, stage), stage_position)

    def test_wolverhampton_declaration(self):
        # Seed 002: "WST Escalation Policy V3 03/03/2023", for children and adults with care
        # and support needs; England and Wales working days (docs/semantics.md).
        pathway = self.engine.pathways[WOLVERHAMPTON]
        self.assertEqual(pathway.version, "V3")
        self.assertEqual(pathway.effective_from, D(2023, 3, 3))
        self.assertEqual(pathway.source_date, "2023-03-03")
        self.assertEqual(pathway.source_file, "002_0578b0bc18e439c0.txt")
        self.assertEqual(pathway.calendar, "england-and-wales")
        self.assertEqual(set(pathway.subjects), {"child", "adult"})
        self.assertIn("Wolverhampton", pathway.source_authority)
        # docs/ruleset-format.md: stage ids follow the source's numbering, Stage 1 first.
        self.assertEqual(pathway.entry_stage, "stage-1")
        for stage in ("stage-1", "stage-2", "stage-3", "stage-4"):
            self.assertIn(stage, pathway.stages)

    def test_staffordshire_is_adults_only(self):
        # Seed 004: the Staffordshire and Stoke-on-Trent *Adult* Safeguarding Partnership Board.
        self.assertEqual(self.engine.pathways["staffordshire"].subjects, ("adult",))

    def test_pathway_path_and_repr(self):
        self.assertEqual(self.engine.path, str(support.RULESETS))
        self.assertIn("5 pathways", repr(self.engine))

    def test_load_accepts_a_path_object_and_a_single_file(self):
        with escalate.Engine.load(support.RULESETS) as engine:
            self.assertEqual(set(engine.pathways), set(self.engine.pathways))
        # One calendar file alone is a ruleset too: calendars, no pathways.
        calendar_file = support.RULESETS / "calendars" / "england-and-wales.xml"
        with escalate.Engine.load(calendar_file) as engine:
            self.assertEqual(len(engine.pathways), 0)
            self.assertEqual(list(engine.calendars), ["england-and-wales"])

    def test_index_lookups_reject_bad_input(self):
        with self.assertRaises(escalate.NotFoundError):
            self.engine.pathway_index("nowhere")
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.pathway_index(5)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.pathway_index(-1)
        with self.assertRaises(TypeError):
            self.engine.pathway_index(b"wolverhampton")


class TestWolverhamptonDecisions(unittest.TestCase):
    """A Wolverhampton case from start to the Chair's decision (seed 002, Section 4)."""

    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()

    def decide(self, stage, event, at, started=D(2023, 3, 6)):
        return self.engine.decide(WOLVERHAMPTON, stage, event, at=at, started=started)

    def test_start(self):
        # Started Monday 6 March 2023. Stage 1, practitioners: 2 + 3 working days (table,
        # Stage 1 row, cumulative 5): Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 -> Monday 13 March.
        # The 10-working-day discussion limit (Section 4, opening paragraph) runs to
        # 7, 8, 9, 10, 13, 14, 15, 16, 17, 20 -> Monday 20 March; the stage's own date is
        # earlier, so it stands.
        decision = self.engine.decide(WOLVERHAMPTON, at=D(2023, 3, 6))
        self.assertEqual(decision.stage, "stage-1")
        self.assertEqual(decision.tier, "practitioners")
        self.assertEqual(decision.tier_name, "Practitioners")
        self.assertFalse(decision.terminal)
        self.assertEqual(decision.outcome_kind, OutcomeKind.NONE)
        self.assertEqual(decision.due, D(2023, 3, 13))
        self.assertEqual(decision.due_rule, DueRule.STAGE_TIMESCALE)
        self.assertEqual(decision.deadline_kind, DeadlineKind.WORKING_DAYS)
        self.assertEqual(decision.deadline_days, 5)
        self.assertEqual(decision.anchor, Anchor.STAGE_ENTRY)
        self.assertEqual(decision.entered, D(2023, 3, 6))
        self.assertEqual(decision.started, D(2023, 3, 6))
        self.assertEqual(decision.anchor_date, D(2023, 3, 6))
        self.assertEqual(decision.timescale_due, D(2023, 3, 13))
        self.assertEqual(decision.limit.working_days, 10)
        self.assertEqual(decision.limit.due, D(2023, 3, 20))
        self.assertEqual(decision.calendar, "england-and-wales")
        self.assertEqual(decision.pathway, WOLVERHAMPTON)
        self.assertEqual(decision.pathway_index, self.engine.pathways[WOLVERHAMPTON].index)
        self.assertEqual(decision.stage_index, 0)

    def test_start_steps_and_actions(self):
        # Stage 1's two steps: raise in writing within 2 working days (Tue 7, Wed 8 ->
        # Wednesday 8 March), then the receiving agency within 3 more (Thu 9, Fri 10, Mon 13
        # -> Monday 13 March). Recording discussions (3.9) states no timescale.
        decision = self.engine.decide(WOLVERHAMPTON, at=D(2023, 3, 6))
        self.assertEqual([step.due for step in decision.steps], [D(2023, 3, 8), D(2023, 3, 13)])
        self.assertEqual([step.deadline_days for step in decision.steps], [2, 3])
        self.assertEqual(decision.steps[1].anchor, Anchor.PREVIOUS_STEP)
        self.assertGreaterEqual(len(decision.actions), 1)
        for action in decision.actions:
            self.assertIsNone(action.due)
            self.assertEqual(action.deadline_kind, DeadlineKind.NONE)
            self.assertTrue(action.clause)

    def test_escalation_through_the_stages(self):
        # Stage 2 (line managers), entered Mon 13: 2 working days -> Tue 14, Wed 15.
        stage2 = self.decide("stage-1", "unresolved", D(2023, 3, 13))
        self.assertEqual((stage2.stage, stage2.tier, stage2.due),
                         ("stage-2", "line-managers", D(2023, 3, 15)))
        # Stage 3 (senior managers), entered Wed 15: 3 working days -> 16, 17, Mon 20, which
        # is also the discussion limit's date.
        stage3 = self.decide("stage-2", "unresolved", D(2023, 3, 15))
        self.assertEqual((stage3.stage, stage3.tier, stage3.due),
                         ("stage-3", "senior-managers", D(2023, 3, 20)))
        # Stage 4 (WST representatives), entered Mon 20: 2 working days -> Tue 21, Wed 22;
        # the discussion limit covers Stages 1 to 3 only.
        stage4 = self.decide("stage-3", "unresolved", D(2023, 3, 20))
        self.assertEqual((stage4.stage, stage4.tier, stage4.due),
                         ("stage-4", "wst-representatives", D(2023, 3, 22)))
        self.assertIsNone(stage4.limit)
        self.assertEqual(stage4.tier_name, "WST Agency Representative")

    def test_the_discussion_limit_caps_a_late_stage(self):
        # Started Mon 6 March, Stage 1 unresolved only on Fri 17: Stage 2's own 2 working days
        # give Mon 20, Tue 21, but the 10-working-day limit from the outset ends Mon 20.
        decision = self.decide("stage-1", "unresolved", D(2023, 3, 17))
        self.assertEqual(decision.due, D(2023, 3, 20))
        self.assertEqual(decision.timescale_due, D(2023, 3, 21))
        self.assertEqual(decision.due_rule, DueRule.OVERALL_LIMIT)
        self.assertEqual(decision.limit.due, D(2023, 3, 20))

    def test_exceptional_route_to_the_chair(self):
        # Footnote 1: the Director writes "within no more than 2 working days" (Mon 20 ->
        # Tue 21, Wed 22); the Chair decides "within 5 working days" of receiving it
        # (Wed 22 -> Thu 23, Fri 24, Mon 27, Tue 28, Wed 29), final and binding.
        referral = self.decide("stage-3", "exceptional", D(2023, 3, 20))
        self.assertEqual((referral.stage, referral.tier, referral.due),
                         ("exceptional-referral", "agency-director", D(2023, 3, 22)))
        chair = self.decide("exceptional-referral", "unresolved", D(2023, 3, 22))
        self.assertEqual((chair.stage, chair.tier, chair.due),
                         ("chair-decision", "sacg-chair", D(2023, 3, 29)))
        final = self.decide("chair-decision", "resolved", D(2023, 3, 29))
        self.assertTrue(final.terminal)
        self.assertEqual(final.outcome_kind, OutcomeKind.FINAL_DECISION)
        self.assertIsNone(final.due)
        self.assertIsNone(final.tier)
        self.assertIsNone(final.tier_name)
        self.assertIsNone(final.stage_index)

    def test_resolution_is_confirmed_in_writing(self):
        # Stage 1 row: "advise the agency of the outcome in writing ... within a further 2
        # working days": resolved Mon 13 -> Tue 14, Wed 15.
        confirm = self.decide("stage-1", "resolved", D(2023, 3, 13))
        self.assertEqual(confirm.due, D(2023, 3, 15))
        self.assertEqual([a.due for a in confirm.actions if a.deadline_days == 2],
                         [D(2023, 3, 15)])
        done = self.decide(confirm.stage, "resolved", D(2023, 3, 15))
        self.assertTrue(done.terminal)
        self.assertEqual(done.outcome_kind, OutcomeKind.RESOLVED)

    def test_immediate_risk_starts_stage_1_beside_the_escalation(self):
        # Stage 1 row: "the individual must ensure their concerns are escalated immediately in
        # line with established safeguarding procedures"; 1.2 "disagreements always require
        # resolution": the disagreement goes on at Stage 1 beside the escalation. Started on
        # Christmas Day 2025: Stage 1 due [Fri 26] Mon 29, Tue 30, Wed 31, [Thu 1] Fri 2,
        # Mon 5 January 2026.
        decision = self.engine.decide(WOLVERHAMPTON, event="immediate-risk", at=D(2025, 12, 25))
        self.assertFalse(decision.terminal)
        self.assertEqual((decision.stage, decision.due), ("stage-1", D(2026, 1, 5)))
        escalation = [a for a in decision.actions if a.id == "escalate-under-safeguarding-procedures"]
        self.assertEqual([(a.due, a.force) for a in escalation], [(D(2025, 12, 25), "must")])
        # At Stage 2 (entered Thu 2 April 2026) on Easter Monday, 6 April: a side track. The
        # stage keeps its clock, [Fri 3, Mon 6] Tue 7, Wed 8 April; the escalation is due that day.
        kept = self.engine.decide(WOLVERHAMPTON, "stage-2", "immediate-risk", at=D(2026, 4, 6),
                                  started=D(2026, 3, 25), entered=D(2026, 4, 2))
        self.assertEqual((kept.stage, kept.side_track, kept.due), ("stage-2", True, D(2026, 4, 8)))
        self.assertIn(("escalate-under-safeguarding-procedures", D(2026, 4, 6)),
                      [(a.id, a.due) for a in kept.actions])

    def test_bank_holidays_are_skipped(self):
        # Started Thu 6 April 2023: Good Friday 7 and Easter Monday 10 are holidays, so the 5
        # working days are Tue 11, Wed 12, Thu 13, Fri 14, Mon 17 -> Monday 17 April.
        self.assertEqual(self.engine.decide(WOLVERHAMPTON, at=D(2023, 4, 6)).due, D(2023, 4, 17))
        # Started Wed 3 May 2023: Thu 4, Fri 5, (Mon 8 coronation), Tue 9, Wed 10, Thu 11.
        self.assertEqual(self.engine.decide(WOLVERHAMPTON, at=D(2023, 5, 3)).due, D(2023, 5, 11))

    def test_a_start_on_a_weekend_counts_from_the_next_working_day(self):
        # docs/semantics.md: when D is not a working day, the first working day after it is day 1.
        # Sat 11 March -> Mon 13 (1), 14, 15, 16, Fri 17 (5).
        self.assertEqual(self.engine.decide(WOLVERHAMPTON, at=D(2023, 3, 11)).due, D(2023, 3, 17))

    def test_subject_does_not_change_wolverhampton(self):
        # One policy for children and adults: the same answers for either subject.
        child = self.engine.decide(WOLVERHAMPTON, at=D(2023, 3, 6), subject="child")
        adult = self.engine.decide(WOLVERHAMPTON, at=D(2023, 3, 6), subject="adult")
        self.assertEqual((child.stage, child.tier_name, child.due),
                         (adult.stage, adult.tier_name, adult.due))


class TestOtherPathways(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()

    def test_south_tyneside_stage_4_names_the_board_for_the_subject(self):
        # Seed 000: Stage 4 is the STSCP for a child and the STSAB for an adult
        # (docs/pathways/south-tyneside.md), with no timescale of its own; "all issues will be resolved within a maximum of
        # 5 working days" from the outset: Mon 8 April 2024 (the protocol of April 2024) -> 9,
        # 10, 11, 12, Mon 15 April.
        for subject, board in (("child", "STSCP"), ("adult", "STSAB")):
            with self.subTest(subject=subject):
                decision = self.engine.decide("south-tyneside", "stage-3", "unresolved",
                                              at=D(2024, 4, 11), started=D(2024, 4, 8),
                                              subject=subject)
                self.assertEqual(decision.stage, "stage-4")
                self.assertIn(board, decision.tier_name)
                self.assertEqual(decision.due, D(2024, 4, 15))
                self.assertEqual(decision.due_rule, DueRule.OVERALL_LIMIT)

    def test_shropshire_states_no_timescale(self):
        # Seed 001: the text gives no timescales, so no due date is ever invented.
        decision = self.engine.decide("shropshire", at=D(2023, 3, 6))
        self.assertEqual(decision.stage, "stage-1")
        self.assertIsNone(decision.due)
        self.assertEqual(decision.due_rule, DueRule.NONE)
        self.assertIsNone(self.engine.due("shropshire", "stage-2", D(2023, 3, 6)))


class TestDue(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = support.engine()

    def test_due_by_id(self):
        # Stage 1 entered and started Mon 6 March: 5 working days -> Mon 13 March (7, 8, 9,
        # 10, 13), before the discussion limit's Mon 20.
        self.assertEqual(self.engine.due(WOLVERHAMPTON, "stage-1", D(2023, 3, 6), D(2023, 3, 6)),
                         D(2023, 3, 13))

    def test_started_may_be_omitted_for_a_stage_that_counts_from_entry(self):
        # Stage 4 counts from its own entry and no overall limit covers it: entered Mon 20
        # March, 2 working days -> Tue 21, Wed 22, with or without the outset.
        self.assertEqual(self.engine.due(WOLVERHAMPTON, "stage-4", D(2023, 3, 20)), D(2023, 3, 22))
        self.assertEqual(self.engine.due(WOLVERHAMPTON, "stage-4", D(2023, 3, 20), D(2023, 3, 6)),
                         D(2023, 3, 22))

    def test_started_brings_in_the_limit(self):
        # Entered Fri 17, started Mon 6: own date Tue 21, limit Mon 20 (see the decisions).
        self.assertEqual(self.engine.due(WOLVERHAMPTON, "stage-2", D(2023, 3, 17), D(2023, 3, 6)),
                         D(2023, 3, 20))

    def test_due_by_index_agrees_with_decide(self):
        pathway = self.engine.pathways[WOLVERHAMPTON]
        stage = pathway.stages.index("stage-3")
        decision = self.engine.decide(WOLVERHAMPTON, "stage-2", "unresolved", at=D(2023, 3, 15),
                                      started=D(2023, 3, 6))
        self.assertEqual(self.engine.due(pathway.index, stage, D(2023, 3, 15), D(2023, 3, 6)),
                         decision.due)
        self.assertEqual(decision.due, D(2023, 3, 20))

    def test_due_requires_entered(self):
        with self.assertRaises(TypeError):
            self.engine.due(WOLVERHAMPTON, "stage-1", None)


if __name__ == "__main__":
    unittest.main()


class TestFlowchart(unittest.TestCase):
    """Engine.dot: the flowchart text, checked against the ruleset's own ids and names."""

    def test_every_stage_is_a_node_and_the_subject_names_the_board(self):
        from .support import engine
        # Labels are wrapped with DOT's "\\n"; read them as running text.
        dot = engine().dot("south-tyneside", subject="child").replace("\\n", " ")
        self.assertTrue(dot.startswith("digraph"))
        for stage in ("stage-1", "stage-2", "stage-3", "stage-4"):
            self.assertIn(f'"{stage}"', dot)
        # <name-for subject="child"> in rulesets/pathways/south-tyneside.xml
        self.assertIn("South Tyneside Safeguarding Children Partnership (STSCP)", dot)
        self.assertNotIn("South Tyneside Safeguarding Adults Board (STSAB)", dot)
        self.assertIn("South Tyneside Safeguarding Adults Board (STSAB)",
                      engine().dot("south-tyneside", "adult").replace("\\n", " "))

    def test_errors(self):
        from .support import engine
        with self.assertRaises(escalate.InvalidArgumentError):
            engine().dot("staffordshire", subject="child")  # an adults-only pathway
        with self.assertRaises(escalate.NotFoundError):
            engine().dot("nowhere")
