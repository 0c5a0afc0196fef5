"""Introspection, several paths, documents in memory, the bundled rulesets without a path, and
the reasons for failed bulk rows. Expected values are read off rulesets/pathways/wolverhampton.xml
by hand (Stage 3: 3 working days, cumulative 10, should; steps refer-in-writing, 24 hours, must,
no roll, and senior-managers-dialogue, 2 working days from the previous step, should; routes
resolved, unresolved, exceptional, and immediate-risk, a side track back to Stage 3 with the
action escalate-under-safeguarding-procedures, immediately, must; the 10-working-day limit
"discussion" over stages 1 to 3; outcomes resolved and sacg-chair-decision; the start's one
route, immediate-risk to Stage 1 with the same action)."""

from __future__ import annotations

import datetime
import os
import unittest
from unittest import mock

import escalate

from . import support

MONDAY = datetime.date(2023, 3, 6)

OWN_PATHWAY = """<pathway id="own" title="Own" version="1" effective-from="2023-01-01"
         calendar="england-and-wales" subjects="child adult">
  <source title="Own policy" authority="Own board" date="2023-01-01" file="own.pdf"/>
  <tier id="t" name="Workers" clause="c1"><name-for subject="adult" name="Adult workers"/></tier>
  <start stage="s" clause="c3"/>
  <stage id="s" name="Stage" tier="t" clause="c4">
    <deadline kind="calendar-days" days="7"/>
    <transition on="resolved" to="done" clause="c5"/>
    <transition on="unresolved" subject="adult" to="done" clause="c6"/>
  </stage>
  <outcome id="done" kind="resolved" name="Resolved" clause="c7">
    <action id="monitor" name="Send the monitoring form" clause="c8">
      <deadline kind="calendar-days" days="5" roll="next-working-day" anchor="on:resolved"
                force="expected" reading="r8"/>
    </action>
  </outcome>
</pathway>
"""


class TestIntrospection(unittest.TestCase):
    def setUp(self):
        self.pathway = support.engine().pathways["wolverhampton"]

    def test_a_stage_by_id_and_by_index(self):
        stage = self.pathway.stages["stage-3"]
        self.assertIs(self.pathway.stages[stage.index], stage)
        self.assertEqual(self.pathway.stages.index("stage-3"), stage.index)
        self.assertEqual(stage.tier, "senior-managers")
        self.assertEqual(self.pathway.tiers[stage.tier].name,
                         "Service / Senior Managers / Safeguarding Lead")
        self.assertEqual((stage.deadline.kind, stage.deadline.days), (escalate.DeadlineKind.WORKING_DAYS, 3))
        self.assertEqual(stage.deadline.cumulative_working_days, 10)
        self.assertEqual(stage.worst_case_working_days, 10)
        self.assertEqual(stage.limit, "discussion")
        self.assertEqual(self.pathway.limits["discussion"].working_days, 10)
        # "Practitioners should attempt to resolve differences through discussion ...".
        self.assertEqual(self.pathway.limits["discussion"].force, "should")

    def test_steps_actions_and_routes(self):
        stage = self.pathway.stages["stage-3"]
        self.assertEqual([step.id for step in stage.steps],
                         ["refer-in-writing", "senior-managers-dialogue"])
        self.assertEqual(stage.steps[1].deadline.anchor, escalate.Anchor.PREVIOUS_STEP)
        self.assertEqual([action.id for action in stage.actions],
                         ["record-discussions", "confirm-in-writing"])
        self.assertEqual(stage.events, ("resolved", "unresolved", "exceptional", "immediate-risk"))
        self.assertEqual([(r.event, r.target, r.terminal, r.side_track) for r in stage.routes],
                         [("resolved", "resolved", True, False), ("unresolved", "stage-4", False, False),
                          ("exceptional", "exceptional-referral", False, False),
                          ("immediate-risk", "stage-3", False, True)])

    def test_the_clocks_of_a_stage(self):
        stage = self.pathway.stages["stage-3"]
        self.assertEqual((stage.deadline.force, stage.deadline.reading), ("should", ""))
        referral = stage.steps[0].deadline
        self.assertEqual((referral.kind, referral.hours, referral.days, referral.roll, referral.force),
                         (escalate.DeadlineKind.HOURS, 24, 0, False, "must"))
        self.assertIsNone(referral.waits_for)
        self.assertIn("24 hours as written", referral.reading)
        self.assertEqual(stage.steps[1].deadline.force, "should")
        self.assertIn("The text also supports the other reading",
                      self.pathway.stages["stage-4"].deadline.reading)

    def test_the_actions_of_a_route(self):
        for routes in (self.pathway.stages["stage-3"].routes[3:], self.pathway.start_routes):
            (route,) = routes
            self.assertEqual(route.event, "immediate-risk")
            (action,) = route.actions
            self.assertEqual(action.id, "escalate-under-safeguarding-procedures")
            self.assertEqual((action.deadline.kind, action.deadline.force),
                             (escalate.DeadlineKind.IMMEDIATELY, "must"))
        self.assertEqual(self.pathway.stages["stage-3"].routes[0].actions, ())

    def test_the_pathway_lists(self):
        self.assertEqual(self.pathway.events, ("resolved", "unresolved", "immediate-risk", "exceptional"))
        self.assertEqual(list(self.pathway.outcomes), ["resolved", "sacg-chair-decision"])
        self.assertEqual(self.pathway.outcomes["sacg-chair-decision"].kind,
                         escalate.OutcomeKind.FINAL_DECISION)
        self.assertEqual(self.pathway.outcomes["resolved"].actions, ())
        self.assertEqual(len(self.pathway.tiers), 6)
        self.assertEqual([(r.event, r.target, r.side_track) for r in self.pathway.start_routes],
                         [("immediate-risk", "stage-1", False)])

    def test_obligation_kinds_are_the_header_values(self):
        from escalate import _pathways as engine_module

        macros = support.macros()
        self.assertEqual(engine_module._OBLIGATION_STEP, macros["ESC_OBLIGATION_STEP"])
        self.assertEqual(engine_module._OBLIGATION_ACTION, macros["ESC_OBLIGATION_ACTION"])

    def test_stage_events_is_one_call_and_agrees_with_the_routes(self):
        engine = support.engine()
        for stage in self.pathway.stages.values():
            with self.subTest(stage=stage.id):
                self.assertEqual(engine.stage_events("wolverhampton", stage.id), stage.events)


class TestLoading(unittest.TestCase):
    def test_several_paths_into_one_engine(self):
        with escalate.Engine.load(support.RULESETS / "calendars", support.RULESETS / "pathways") as engine:
            self.assertEqual(len(engine.pathways), 5)

    def test_an_id_twice_names_both_files(self):
        with self.assertRaises(escalate.RulesetError) as caught:
            escalate.Engine.load(support.RULESETS, support.RULESETS / "calendars")
        self.assertIn("already defined at", str(caught.exception))
        self.assertEqual(str(caught.exception).count("england-and-wales.xml"), 2)

    def test_a_document_in_memory_with_the_bundled_calendars(self):
        with escalate.Engine.from_documents({"mine/own.xml": OWN_PATHWAY},
                                            support.RULESETS / "calendars") as engine:
            stage = engine.pathways["own"].stages["s"]
            self.assertEqual(engine.pathways["own"].tiers["t"].names,
                             {"child": "Workers", "adult": "Adult workers"})
            self.assertEqual(stage.events, ("resolved", "unresolved"))
            self.assertEqual(engine.stage_events("own", "s", subject="child"), ("resolved",))
            # 7 calendar days from Monday 6 March 2023.
            self.assertEqual(engine.due("own", "s", MONDAY), datetime.date(2023, 3, 13))
            (monitor,) = engine.pathways["own"].outcomes["done"].actions
            self.assertEqual((monitor.id, monitor.clause), ("monitor", "c8"))
            deadline = monitor.deadline
            self.assertEqual((deadline.kind, deadline.days, deadline.roll, deadline.anchor),
                             (escalate.DeadlineKind.CALENDAR_DAYS, 5, True, escalate.Anchor.ON_EVENT))
            self.assertEqual((deadline.force, deadline.waits_for, deadline.reading),
                             ("expected", "resolved", "r8"))

    def test_errors_in_a_document_name_it(self):
        with self.assertRaises(escalate.ParseError) as caught:
            escalate.Engine.from_documents({"mine/broken.xml": "<pathway>\n<oops"},
                                           support.RULESETS / "calendars")
        self.assertIn("mine/broken.xml:2:", str(caught.exception))

    def test_the_bundled_rulesets_without_a_path(self):
        with mock.patch.dict(os.environ):
            os.environ.pop("ESCALATE_RULESETS", None)
            with escalate.Engine.load() as engine:
                self.assertEqual(len(engine.pathways), 5)
            self.assertTrue((escalate.rulesets_dir() / "pathways" / "wolverhampton.xml").is_file())
            os.environ["ESCALATE_RULESETS"] = str(support.RULESETS / "calendars")
            with escalate.Engine.load() as engine:
                self.assertEqual(len(engine.pathways), 0)


class TestReasons(unittest.TestCase):
    def test_every_failed_row_says_why(self):
        # Rows: good; unknown pathway; unknown stage; no start where Stage 1 needs one; start
        # after entry; entered in 2150.
        engine = support.engine()
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(
                ["wolverhampton", "atlantis", "wolverhampton", "wolverhampton", "wolverhampton", "wolverhampton"],
                ["stage-1", "stage-1", "stage-9", "stage-1", "stage-1", "stage-4"],
                [MONDAY] * 5 + [datetime.date(2150, 1, 6)],
                [MONDAY, MONDAY, MONDAY, None, MONDAY + datetime.timedelta(days=1), None])
        error = caught.exception
        self.assertEqual(error.reasons, ["ok", "unknown-pathway", "unknown-stage", "missing-started",
                                         "start-after-entry", "out-of-range"])
        self.assertEqual(error.rows, [1, 2, 3, 4, 5])
        # Stage 1, 5 working days from Monday 6 March 2023: Monday 13 March.
        self.assertEqual(error.due[0], datetime.date(2023, 3, 13))

    @unittest.skipUnless(support.numpy is not None, "needs NumPy")
    def test_numpy_rows_say_why_too(self):
        np = support.numpy
        engine = support.engine()
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(np.array(["wolverhampton", "atlantis"]), np.array(["stage-1", "stage-1"]),
                               np.array(["2023-03-06", "2023-03-06"], dtype="datetime64[D]"),
                               np.array(["NaT", "2023-03-06"], dtype="datetime64[D]"))
        self.assertEqual(caught.exception.reasons, ["missing-started", "unknown-pathway"])

    @unittest.skipUnless(support.numpy is not None, "needs NumPy")
    def test_a_date_beyond_the_day_numbers_is_out_of_range(self):
        # 2**40 days does not fit an esc_date, so the binding sends the row as no date; the
        # library alone would call it missing-entered (row 0) or missing-started (row 1, where
        # Stage 1 counts from the outset). Both are dates out of range.
        np = support.numpy
        with self.assertRaises(escalate.RecalculationError) as caught:
            support.engine().recalculate(
                np.array(["wolverhampton"] * 3), np.array(["stage-1"] * 3),
                np.array([2**40, 19422, 19422], dtype=np.int64),
                np.array([19422, 2**40, 19422], dtype=np.int64))
        error = caught.exception
        self.assertEqual(error.reasons, ["out-of-range", "out-of-range", "ok"])
        self.assertEqual(error.statuses[:2], [escalate.Status.OUT_OF_RANGE] * 2)
        self.assertIn("row 0: out-of-range", str(error))

    @unittest.skipUnless(support.numpy is not None, "needs NumPy")
    def test_reasons_over_several_blocks_and_the_index_path(self):
        # The column path converts 32,768 rows at a time: failed rows in two blocks keep their
        # places. Row 5: an unknown pathway; row 35000: no start where Stage 1 needs one.
        np = support.numpy
        count = 40000
        pathways = np.array(["wolverhampton"] * count, dtype=object)
        pathways[5] = "atlantis"
        started = np.full(count, np.datetime64("2023-03-06"), dtype="datetime64[D]")
        started[35000] = np.datetime64("NaT")
        entered = np.full(count, np.datetime64("2023-03-06"), dtype="datetime64[D]")
        expected = ["ok"] * count
        expected[5], expected[35000] = "unknown-pathway", "missing-started"
        engine = support.engine()
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(pathways, np.array(["stage-1"] * count), entered, started)
        self.assertEqual(caught.exception.reasons, expected)
        self.assertEqual(caught.exception.rows, [5, 35000])
        # The same rows as int32 indices go to the C call as they are (no block conversion).
        indices = np.full(count, engine.pathway_index("wolverhampton"), dtype=np.int32)
        indices[5] = 99
        with self.assertRaises(escalate.RecalculationError) as caught:
            engine.recalculate(indices, np.zeros(count, dtype=np.int32), entered, started)
        self.assertEqual(caught.exception.reasons, expected)

    def test_names_come_from_the_header_enum(self):
        for name, value in support.enum("esc_row_reason").items():
            with self.subTest(reason=name):
                self.assertEqual(escalate.row_reason_name(value),
                                 name[len("ESC_ROW_"):].lower().replace("_", "-")
                                 .replace("date-out-of-range", "out-of-range"))
