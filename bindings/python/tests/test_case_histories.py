"""Case histories through Python (docs/case-histories.md): Engine.case on hand-worked cases of
the bundled pathways across Christmas 2024 and Easter 2025 (England and Wales: Christmas Day
Wed 25 and Boxing Day Thu 26 December 2024, New Year's Day Wed 1 January 2025; Good Friday 18
and Easter Monday 21 April 2025), the result frozen and picklable, the errors naming the
entry, and every move agreeing with Engine.decide on a random caseload."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import random
import unittest

import escalate

from . import support

D = datetime.date

CHRISTMAS = [
    (D(2024, 12, 20), "start"),
    (D(2024, 12, 27), "done:raise-verbally-and-in-writing"),
    (D(2024, 12, 31), "immediate-risk"),
    (D(2025, 1, 2), "done:escalate-under-safeguarding-procedures"),
    (D(2025, 1, 2), "unresolved"),
]


class TestCaseHistories(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = escalate.Engine.load(support.ROOT / "rulesets")

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_wolverhampton_across_christmas_2024(self):
        state = self.engine.case("wolverhampton", CHRISTMAS, subject="child", as_of=D(2025, 1, 7))
        self.assertEqual(state.stage, "stage-2")
        self.assertEqual(state.tier, "line-managers")
        # Stage 2's 2 working days from Thursday 2 January: Fri 3, Mon 6; overdue on the 7th.
        self.assertEqual(state.due, D(2025, 1, 6))
        self.assertEqual(state.force, "should")
        self.assertTrue(state.overdue)
        self.assertFalse(state.overdue_on_entry)
        # Stage 1: 5 working days from Friday 20 December: 23, 24, 27, 30, 31. Left 2 January.
        (stage_1,) = state.stages_passed
        self.assertEqual((stage_1.stage, stage_1.entered, stage_1.left, stage_1.due, stage_1.left_late),
                         ("stage-1", D(2024, 12, 20), D(2025, 1, 2), D(2024, 12, 31), True))
        rows = [(o.kind, o.id, o.due, o.done, o.state) for o in state.obligations]
        self.assertEqual(rows, [
            ("stage", "stage-1", D(2024, 12, 31), D(2025, 1, 2), "done-late"),
            ("step", "raise-verbally-and-in-writing", D(2024, 12, 24), D(2024, 12, 27), "done-late"),
            # 3 working days from the raise recorded on Friday 27: Mon 30, Tue 31, Thu 2.
            ("step", "receiving-agency-responds", D(2025, 1, 2), None, "left-undone"),
            ("action", "record-discussions", None, None, "left-undone"),
            ("action", "escalate-under-safeguarding-procedures", D(2024, 12, 31), D(2025, 1, 2), "done-late"),
            ("stage", "stage-2", D(2025, 1, 6), None, "overdue"),
            ("action", "record-discussions", None, None, "open"),
        ])
        self.assertEqual([o.id for o in state.open_obligations], ["record-discussions"])
        self.assertTrue(state.obligations[4].side_track)

    def test_as_of_christmas_eve_the_response_is_provisional(self):
        state = self.engine.case("wolverhampton", CHRISTMAS, as_of=D(2024, 12, 24))
        self.assertEqual(state.entries_applied, 1)
        raise_, respond = state.obligations[1], state.obligations[2]
        self.assertEqual((raise_.due, raise_.state), (D(2024, 12, 24), "due-today"))
        # Provisionally from the raise's due date, Tuesday 24: Fri 27, Mon 30, Tue 31.
        self.assertEqual((respond.due, respond.provisional, respond.state), (D(2024, 12, 31), True, "open"))

    def test_iso_strings_are_dates_and_the_result_is_frozen_and_picklable(self):
        entries = [(d.isoformat(), e) for d, e in CHRISTMAS]
        state = self.engine.case("wolverhampton", entries, subject="child", as_of=D(2025, 1, 7))
        self.assertEqual(state, pickle.loads(pickle.dumps(state)))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            state.stage = "stage-3"  # type: ignore[misc]

    def test_easter_2025_the_limit_decides_stage_3(self):
        entries = [(D(2025, 4, 10), "start"), (D(2025, 4, 17), "unresolved"), (D(2025, 4, 24), "unresolved")]
        state = self.engine.case("wolverhampton", entries, subject="adult", as_of=D(2025, 4, 28))
        # Own 3 working days from Thu 24: Fri 25, Mon 28, Tue 29. The 10-working-day limit from
        # Thu 10: 11, 14, 15, 16, 17, 22, 23, 24, 25, 28 -> Monday 28, earlier: due today.
        self.assertEqual(state.due, D(2025, 4, 28))
        self.assertEqual(state.due_rule, escalate.DueRule.OVERALL_LIMIT)
        self.assertFalse(state.overdue)
        stage_3 = [o for o in state.obligations if o.kind == "stage" and o.id == "stage-3"][0]
        self.assertEqual(stage_3.state, "due-today")
        # The referral: 24 hours from Thursday 24 is Friday 25, not recorded: overdue.
        refer = [o for o in state.obligations if o.id == "refer-in-writing"][0]
        self.assertEqual((refer.due, refer.state, refer.force), (D(2025, 4, 25), "overdue", "must"))

    def test_errors_name_the_entry(self):
        entries = [(D(2024, 12, 20), "start"), (D(2024, 12, 23), "unresolved"), (D(2024, 12, 24), "exceptional")]
        with self.assertRaises(escalate.NoTransitionError) as caught:
            self.engine.case("wolverhampton", entries, as_of=D(2024, 12, 31))
        self.assertEqual(caught.exception.entry, 2)
        self.assertIn('entry 2 (2024-12-24, "exceptional")', str(caught.exception))
        entries[2] = (D(2024, 12, 21), "resolved")
        with self.assertRaises(escalate.InvalidArgumentError) as caught:
            self.engine.case("wolverhampton", entries, as_of=D(2024, 12, 31))
        self.assertIn("out of date order", str(caught.exception))
        with self.assertRaises(escalate.NotFoundError) as caught:
            self.engine.case("wolverhampton", [(D(2024, 12, 20), "start"), (D(2024, 12, 23), "done:nothing")],
                             as_of=D(2024, 12, 31))
        self.assertEqual(caught.exception.entry, 1)
        with self.assertRaises(escalate.NotFoundError) as caught:
            self.engine.case("nowhere", [(D(2024, 12, 20), "start")], as_of=D(2024, 12, 31))
        self.assertIsNone(caught.exception.entry)
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.case("wolverhampton", [], as_of=D(2024, 12, 31))
        with self.assertRaises(escalate.InvalidArgumentError):
            self.engine.case("wolverhampton", [("not a date", "start")], as_of=D(2024, 12, 31))

    def test_every_move_agrees_with_decide_on_a_random_caseload(self):
        # One rule, one place: a case's current stage, entry and due date are what decide says
        # for its last move, walking the same history one question at a time.
        rng = random.Random(11)
        pathways = sorted(self.engine.pathways)
        checked = moves = side_tracks = 0
        for _ in range(300):
            pathway = rng.choice(pathways)
            subject = rng.choice(sorted(self.engine.pathways[pathway].subjects))
            # From April 2024: every bundled pathway's current version is in force.
            day = D(2024, 4, 1) + datetime.timedelta(days=rng.randrange(0, 900))
            decision = self.engine.decide(pathway, at=day, subject=subject)
            entries = [(day, "start")]
            started, entered = day, day
            for _ in range(rng.randrange(0, 4)):
                if decision.terminal:
                    break
                events = [e for e in ("unresolved", "resolved", "immediate-risk")
                          if self._has_route(pathway, decision.stage, e, subject, day, started, entered)]
                if not events:
                    break
                event = rng.choice(events)
                day = day + datetime.timedelta(days=rng.randrange(0, 6))
                decision = self.engine.decide(pathway, stage=decision.stage, event=event, at=day,
                                              started=started, subject=subject, entered=entered)
                if not decision.side_track:
                    entered = day
                side_tracks += decision.side_track
                moves += 1
                entries.append((day, event))
            as_of = day + datetime.timedelta(days=rng.randrange(0, 10))
            state = self.engine.case(pathway, entries, subject=subject, as_of=as_of)
            self.assertEqual((state.stage, state.entered, state.due, state.terminal),
                             (decision.stage, entered, decision.due, decision.terminal), (pathway, entries))
            if decision.due is not None and not decision.terminal:
                self.assertEqual(state.overdue, as_of > decision.due)
            checked += 1
        self.assertEqual(checked, 300)
        # The caseload is not trivial: many cases move on, some along side tracks.
        self.assertGreater(moves, 300)
        self.assertGreater(side_tracks, 10)

    def _has_route(self, pathway, stage, event, subject, at, started, entered):
        try:
            self.engine.decide(pathway, stage=stage, event=event, at=at, started=started,
                               subject=subject, entered=entered)
            return True
        except escalate.EscalateError:
            return False


if __name__ == "__main__":
    unittest.main()


class TestManyCases(unittest.TestCase):
    """Engine.cases (esc_cases_evaluate) agrees with Engine.case on every case."""

    @classmethod
    def setUpClass(cls):
        cls.engine = escalate.Engine.load(support.ROOT / "rulesets")

    @classmethod
    def tearDownClass(cls):
        cls.engine.close()

    def test_status_names_are_the_librarys(self):
        # CASE_STATUSES copies the names esc_case_status_name gives (the engine's own).
        from escalate import _ffi
        from escalate.case import CASE_STATUSES
        library = _ffi.library()
        if not library.has("esc_case_status_name"):
            self.skipTest(f"{library.path} predates esc_case_status_name")
        names = [library.esc_case_status_name(status).decode() for status in range(len(CASE_STATUSES) + 1)]
        self.assertEqual(names, list(CASE_STATUSES) + ["unknown-status"])

    def _caseload(self):
        rng = random.Random(2025)
        rows = []
        for n in range(400):
            pathway = rng.choice(sorted(self.engine.pathways))
            subject = rng.choice(list(self.engine.pathways[pathway].subjects) + [None])
            # From April 2024: every bundled pathway's current version is in force.
            day = D(2024, 4, 1) + datetime.timedelta(days=rng.randrange(0, 800))
            events = ["start"] + [rng.choice(["unresolved", "resolved", "immediate-risk", "unresolved"])
                                  for _ in range(rng.randrange(0, 5))]
            for k, event in enumerate(events):
                rows.append((f"case-{n}", day, event, pathway if k == 0 else None, subject if k == 0 else None))
                day += datetime.timedelta(days=rng.randrange(0, 4))
        rows.append(("unknown-pathway", D(2025, 1, 6), "start", "nowhere", None))
        return rows

    def _check(self, summaries, rows, as_of):
        by_case = {}
        for case_id, day, event, pathway, subject in rows:
            entry = by_case.setdefault(case_id, {"pathway": pathway, "subject": subject, "entries": []})
            entry["entries"].append((day, event))
        self.assertEqual([s.case_id for s in summaries], list(by_case))
        kinds = {"ok": 0, "failed": 0}
        for summary in summaries:
            case = by_case[summary.case_id]
            try:
                state = self.engine.case(case["pathway"], case["entries"], subject=case["subject"], as_of=as_of)
            except escalate.EscalateError as error:
                self.assertNotEqual(summary.status, "ok", (summary, str(error)))
                self.assertEqual(summary.bad_entry, getattr(error, "entry", None), (summary, str(error)))
                kinds["failed"] += 1
                continue
            self.assertEqual(summary.status, "ok", summary)
            self.assertEqual((summary.stage, summary.terminal, summary.entered, summary.due, summary.overdue),
                             (state.stage, state.terminal, state.entered, state.due, state.overdue), summary)
            kinds["ok"] += 1
        self.assertGreater(kinds["ok"], 100)
        self.assertGreater(kinds["failed"], 30)  # no-transition after outcomes, unknown pathway, ...

    def test_tuples(self):
        rows = self._caseload()
        as_of = D(2026, 1, 5)
        self._check(self.engine.cases(rows, as_of=as_of), rows, as_of)

    def test_pandas_long_format(self):
        try:
            import pandas
        except ImportError:
            self.skipTest("pandas is not installed")
        rows = self._caseload()
        frame = pandas.DataFrame(rows, columns=["case_id", "date", "event", "pathway", "subject"])
        frame["date"] = pandas.to_datetime(frame["date"])
        as_of = D(2025, 6, 30)
        summaries = self.engine.cases(frame, as_of=as_of)
        self._check(summaries, rows, as_of)
        unknown = summaries[-1]
        self.assertEqual((unknown.case_id, unknown.status, unknown.bad_entry), ("unknown-pathway", "bad-pathway", None))
        self.assertEqual(summaries[0], pickle.loads(pickle.dumps(summaries[0])))
