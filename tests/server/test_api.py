"""The JSON API of `escalate serve`, over http.client on an ephemeral loopback port: every
route, every error status, the limits, the token, and reload under load.

Expected values come from the ruleset files read here with ElementTree, from dates worked by
hand from the policies, or from the `escalate` command's own output (where the server must
give exactly what the CLI gives); never from the server's output captured once.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from support import ADMIN_TOKEN, CLI, OPENAPI, RULESETS, TOKEN, Server, copy_rulesets, wait_for

BUNDLED_PATHWAYS = sorted(p.stem for p in (RULESETS / "pathways").glob("*.xml"))
BUNDLED_CALENDARS = sorted(p.stem for p in (RULESETS / "calendars").glob("*.xml"))

# Wolverhampton, a case across Easter 2024, worked by hand from the policy (Section 4 table) and
# the England and Wales calendar: the disagreement began Wednesday 20 March; Stage 1 ended
# unresolved on Wednesday 27 March, so Stage 2 (line managers, 2 working days) is entered that
# day. Thursday 28 is working day 1; Good Friday 29 March, the weekend and Easter Monday 1 April
# are skipped; Tuesday 2 April is working day 2. The overall limit (10 working days from 20
# March) falls on Friday 5 April, later, so the stage's own timescale decides: due 2024-04-02.
EASTER_CASE = {"pathway": "wolverhampton", "stage": "stage-1", "event": "unresolved",
               "at": "2024-03-27", "started": "2024-03-20"}
EASTER_DUE = "2024-04-02"


def cli_json(*args: str):
    return json.loads(subprocess.run([str(CLI), *args], check=True, capture_output=True, text=True).stdout)


def pathway_xml(pathway_id: str) -> ET.Element:
    return ET.parse(RULESETS / "pathways" / f"{pathway_id}.xml").getroot()


class ServerTestCase(unittest.TestCase):
    server_args: tuple = ()
    server_options: dict = {}

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.server_args, **cls.server_options)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertProblem(self, status, headers, body, expected_status, escalate_status=None):
        self.assertEqual(status, expected_status, body)
        self.assertEqual(headers.get("Content-Type"), "application/problem+json")
        problem = json.loads(body) if isinstance(body, (bytes, str)) else body
        self.assertEqual(problem["status"], expected_status)
        self.assertTrue(problem["title"])
        self.assertTrue(problem["detail"])
        if escalate_status:
            self.assertEqual(problem["escalate_status"], escalate_status)
            self.assertEqual(problem["type"], "urn:escalate:problem:" + escalate_status[4:].lower().replace("_", "-"))
        return problem


class PathwayRoutes(ServerTestCase):
    def test_the_bundled_pathways_are_listed(self):
        status, headers, body = self.server.json("GET", "/v1/pathways")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(sorted(p["id"] for p in body["pathways"]), BUNDLED_PATHWAYS)
        for summary in body["pathways"]:
            root = pathway_xml(summary["id"])
            self.assertEqual(summary["title"], root.get("title"))
            self.assertEqual(summary["version"], root.get("version"))
            # Dates as the file states them ("2024-04"), never widened to a full date.
            self.assertEqual(summary["effective_from"], root.get("effective-from"))
            self.assertEqual(summary["review_by"], root.get("review-by"))
            self.assertEqual(summary["source"]["date"], root.find("source").get("date", ""))
            self.assertEqual(summary["calendar"], root.get("calendar"))
            self.assertEqual(summary["subjects"], root.get("subjects").split())
            self.assertEqual(summary["stage_count"], len(root.findall("stage")))
            self.assertEqual(summary["entry_stage"], root.find("start").get("stage"))

    def test_each_pathway_matches_its_file_stage_by_stage(self):
        for pathway_id in BUNDLED_PATHWAYS:
            with self.subTest(pathway=pathway_id):
                status, _, detail = self.server.json("GET", f"/v1/pathways/{pathway_id}")
                self.assertEqual(status, 200)
                root = pathway_xml(pathway_id)
                stages = {s["id"]: s for s in detail["stages"]}
                self.assertEqual(list(stages), [s.get("id") for s in root.findall("stage")])
                for element in root.findall("stage"):
                    stage = stages[element.get("id")]
                    self.assertEqual(stage["tier"], element.get("tier"))
                    self.assertEqual(stage["name"], element.get("name"))
                    self.assertEqual(stage["clause"], element.get("clause"))
                    deadline = element.find("deadline")
                    kind = deadline.get("kind") if deadline is not None else "none"
                    self.assertEqual(stage["deadline"]["kind"], kind)
                    if kind in ("working-days", "calendar-days"):
                        self.assertEqual(stage["deadline"]["days"], int(deadline.get("days")))
                    self.assertEqual(stage["deadline"]["anchor"],
                                     (deadline.get("anchor") if deadline is not None else None) or "stage-entry")
                    expected_routes = {(t.get("on"), t.get("to"), t.get("clause") or "") for t in element.findall("transition")}
                    routes = {(r["event"], r["to"], r["clause"]) for r in stage["events"]}
                    # A transition without a clause of its own takes the stage's (the engine's rule);
                    # compare those by event and target only.
                    self.assertEqual({(e, t) for e, t, _ in routes}, {(e, t) for e, t, _ in expected_routes})
                    for event, to, clause in expected_routes:
                        if clause:
                            self.assertIn((event, to, clause), routes)
                # The standard events first, then those the pathway declares; every route's among them.
                self.assertEqual(detail["events"][:3], ["resolved", "unresolved", "immediate-risk"])
                self.assertEqual(detail["events"][3:], [e.get("id") for e in root.findall("event")])
                self.assertLessEqual({t.get("on") for t in root.iter("transition")}, set(detail["events"]))

    def test_unknown_pathway_is_404_with_the_engines_message(self):
        status, headers, body = self.server.request("GET", "/v1/pathways/no-such-pathway")
        problem = self.assertProblem(status, headers, body, 404, "ESC_NOT_FOUND")
        self.assertIn("no-such-pathway", problem["detail"])
        self.assertEqual(problem["instance"], "/v1/pathways/no-such-pathway")

    def test_flowchart_is_svg_drawn_from_the_pathway(self):
        status, headers, body = self.server.request("GET", "/v1/pathways/wolverhampton/flowchart.svg")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "image/svg+xml")
        text = body.decode()
        self.assertIn("<svg", text)
        for element in pathway_xml("wolverhampton").findall("stage"):
            self.assertIn(f"<title>{element.get('id').replace('-', '&#45;')}</title>", text)
        # The same drawing as `escalate graph --format svg` (one drawing, two entry points).
        cli_svg = subprocess.run([str(CLI), "graph", "wolverhampton", "--format", "svg"], check=True,
                                 capture_output=True).stdout
        self.assertEqual(body, cli_svg)

    def test_flowchart_errors(self):
        status, headers, body = self.server.request("GET", "/v1/pathways/nope/flowchart.svg")
        self.assertProblem(status, headers, body, 404, "ESC_NOT_FOUND")
        status, headers, body = self.server.request("GET", "/v1/pathways/staffordshire/flowchart.svg?subject=child")
        self.assertProblem(status, headers, body, 400, "ESC_INVALID_ARGUMENT")

    def test_source_is_the_file_as_loaded(self):
        status, headers, body = self.server.request("GET", "/v1/pathways/shropshire/source.xml")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("application/xml"))
        self.assertEqual(body, (RULESETS / "pathways" / "shropshire.xml").read_bytes())
        status, headers, body = self.server.request("GET", "/v1/pathways/nope/source.xml")
        self.assertProblem(status, headers, body, 404)

    def test_timeline_is_the_clis_timeline(self):
        status, _, body = self.server.json("GET", "/v1/pathways/wolverhampton/timeline?start=2024-03-20")
        self.assertEqual(status, 200)
        self.assertEqual(body, cli_json("timeline", "wolverhampton", "--start", "2024-03-20", "--json"))
        # By hand: Stage 1 runs 5 working days from Wednesday 20 March 2024 (21, 22, 25, 26, 27).
        self.assertEqual(body["stages"][0]["due"], "2024-03-27")
        status, _, body = self.server.json("GET", "/v1/pathways/north-somerset/timeline?start=2024-03-20&subject=adult")
        self.assertEqual(body, cli_json("timeline", "north-somerset", "--start", "2024-03-20", "--subject", "adult", "--json"))

    def test_timeline_errors(self):
        for query, expected, name in [("", 400, "ESC_INVALID_ARGUMENT"), ("?start=2024-02-30", 400, "ESC_INVALID_ARGUMENT"),
                                      ("?start=2200-01-01", 422, "ESC_OUT_OF_RANGE")]:
            with self.subTest(query=query):
                status, headers, body = self.server.request("GET", "/v1/pathways/wolverhampton/timeline" + query)
                self.assertProblem(status, headers, body, expected, name)
        status, headers, body = self.server.request("GET", "/v1/pathways/nope/timeline?start=2024-01-01")
        self.assertProblem(status, headers, body, 404, "ESC_NOT_FOUND")


class CalendarRoutes(ServerTestCase):
    def test_calendars_are_listed(self):
        status, _, body = self.server.json("GET", "/v1/calendars")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(c["id"] for c in body["calendars"]), BUNDLED_CALENDARS)

    def test_holidays_of_2024_in_england_and_wales(self):
        status, _, body = self.server.json("GET", "/v1/calendars/england-and-wales/holidays?year=2024")
        self.assertEqual(status, 200)
        # GOV.UK's list for 2024.
        self.assertEqual([(h["date"], h["name"]) for h in body["holidays"]], [
            ("2024-01-01", "New Year's Day"), ("2024-03-29", "Good Friday"), ("2024-04-01", "Easter Monday"),
            ("2024-05-06", "Early May bank holiday"), ("2024-05-27", "Spring bank holiday"),
            ("2024-08-26", "Summer bank holiday"), ("2024-12-25", "Christmas Day"), ("2024-12-26", "Boxing Day")])
        # 2022: Christmas Day on a Sunday, so Tuesday 27 December is its substitute (Boxing Day is
        # Monday 26).
        _, _, body = self.server.json("GET", "/v1/calendars/england-and-wales/holidays?year=2022")
        substitutes = [h["date"] for h in body["holidays"] if h["substitute"]]
        # New Year's Day 2022 fell on a Saturday: Monday 3 January.
        self.assertEqual(substitutes, ["2022-01-03", "2022-12-27"])

    def test_holiday_errors(self):
        for path, expected, name in [
            ("/v1/calendars/england-and-wales/holidays", 400, "ESC_INVALID_ARGUMENT"),
            ("/v1/calendars/england-and-wales/holidays?year=twenty", 400, "ESC_INVALID_ARGUMENT"),
            ("/v1/calendars/england-and-wales/holidays?year=1900", 422, "ESC_OUT_OF_RANGE"),
            ("/v1/calendars/atlantis/holidays?year=2024", 404, "ESC_NOT_FOUND"),
        ]:
            with self.subTest(path=path):
                status, headers, body = self.server.request("GET", path)
                self.assertProblem(status, headers, body, expected, name)


class DecisionRoutes(ServerTestCase):
    def test_a_case_across_easter(self):
        status, _, body = self.server.json("POST", "/v1/decide", dict(EASTER_CASE, explain=True))
        self.assertEqual(status, 200)
        self.assertEqual(body["stage"], "stage-2")
        self.assertEqual(body["tier"], "line-managers")
        self.assertEqual(body["due"], EASTER_DUE)
        self.assertEqual(body["due_rule"], "stage-timescale")
        counted = body["explanation"]["timescale"]["counted"]
        self.assertEqual([(d["date"], d.get("working_day"), d.get("holiday")) for d in counted], [
            ("2024-03-28", 1, None), ("2024-03-29", None, "Good Friday"), ("2024-03-30", None, None),
            ("2024-03-31", None, None), ("2024-04-01", None, "Easter Monday"), ("2024-04-02", 2, None)])
        self.assertEqual(body["explanation"]["limit"]["due"], "2024-04-05")

    def test_decide_gives_what_the_cli_gives(self):
        cases = [
            (EASTER_CASE, ["wolverhampton", "--stage", "stage-1", "--event", "unresolved", "--at", "2024-03-27",
                           "--started", "2024-03-20"]),
            ({"pathway": "north-somerset", "at": "2024-12-20", "subject": "adult"},
             ["north-somerset", "--at", "2024-12-20", "--subject", "adult"]),
            ({"pathway": "wolverhampton", "stage": "stage-3", "event": "resolved", "at": "2024-05-01",
              "started": "2024-04-15"},
             ["wolverhampton", "--stage", "stage-3", "--event", "resolved", "--at", "2024-05-01", "--started", "2024-04-15"]),
        ]
        for query, args in cases:
            for explain in (False, True):
                with self.subTest(query=query, explain=explain):
                    status, _, body = self.server.json("POST", "/v1/decide", dict(query, explain=explain))
                    self.assertEqual(status, 200)
                    self.assertEqual(body, cli_json("decide", *args, "--json", *(["--explain"] if explain else [])))

    def test_decide_errors(self):
        cases = [
            ({"pathway": "nope", "at": "2024-01-02"}, 404, "ESC_NOT_FOUND"),
            ({"pathway": "wolverhampton", "stage": "stage-9", "event": "unresolved", "at": "2024-01-02"}, 404, "ESC_NOT_FOUND"),
            ({"pathway": "wolverhampton", "stage": "confirm-outcome-stage-1", "event": "unresolved", "at": "2024-01-02"},
             422, "ESC_NO_TRANSITION"),
            ({"pathway": "wolverhampton", "at": "2200-01-02"}, 422, "ESC_OUT_OF_RANGE"),
            ({"pathway": "wolverhampton", "stage": "stage-1", "at": "2024-01-02"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": "2024-02-30"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": "02/01/2024"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": 20240102}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": "2024-01-02", "stge": "stage-1"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": "2024-01-02", "explain": "yes"}, 400, "ESC_INVALID_ARGUMENT"),
            ({"pathway": "wolverhampton", "at": "2024-01-02", "subject": "martian"}, 400, "ESC_INVALID_ARGUMENT"),
            ([1, 2], 400, "ESC_INVALID_ARGUMENT"),
        ]
        for body, expected, name in cases:
            with self.subTest(body=body):
                status, headers, data = self.server.request("POST", "/v1/decide", body)
                self.assertProblem(status, headers, data, expected, name)

    def test_decide_refuses_other_media_types(self):
        status, headers, body = self.server.request("POST", "/v1/decide", "pathway=wolverhampton",
                                                    {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertProblem(status, headers, body, 415)

    def test_due(self):
        status, _, body = self.server.json("POST", "/v1/due", {"pathway": "wolverhampton", "stage": "stage-2",
                                                               "entered": "2024-03-27", "started": "2024-03-20"})
        self.assertEqual(status, 200)
        self.assertEqual(body["due"], EASTER_DUE)
        # A stage under an overall limit needs the outset.
        status, headers, data = self.server.request("POST", "/v1/due", {"pathway": "wolverhampton", "stage": "stage-2",
                                                                       "entered": "2024-03-27"})
        self.assertProblem(status, headers, data, 400, "ESC_INVALID_ARGUMENT")
        status, headers, data = self.server.request("POST", "/v1/due", {"pathway": "wolverhampton", "stage": "x",
                                                                       "entered": "2024-03-27"})
        self.assertProblem(status, headers, data, 404, "ESC_NOT_FOUND")

    def test_recalculate_json_columns(self):
        body = {"pathways": ["wolverhampton", "atlantis", "wolverhampton", "wolverhampton"],
                "stages": ["stage-2", "stage-1", "stage-2", "stage-1"],
                "entered": ["2024-03-27", "2024-03-27", "2024-13-01", "2024-03-20"],
                "started": ["2024-03-20", None, "2024-03-20", "2024-03-20"]}
        status, _, result = self.server.json("POST", "/v1/recalculate", body)
        self.assertEqual(status, 200)
        # Row 4: Stage 1, 5 working days from Wednesday 20 March 2024: 27 March.
        self.assertEqual(result["due"], [EASTER_DUE, None, None, "2024-03-27"])
        self.assertEqual(result["row_status"], ["ESC_OK", "ESC_NOT_FOUND", "ESC_INVALID_ARGUMENT", "ESC_OK"])
        self.assertEqual(result["row_reason"], ["ok", "unknown-pathway", "bad-date", "ok"])
        self.assertEqual(result["failed"], 2)
        # Reasons the library gives: a stage under an overall limit needs the outset.
        status, _, result = self.server.json("POST", "/v1/recalculate", {
            "pathways": ["wolverhampton"], "stages": ["stage-2"], "entered": ["2024-03-27"]})
        self.assertEqual((result["row_status"], result["row_reason"]), (["ESC_INVALID_ARGUMENT"], ["missing-started"]))
        self.assertEqual(result["failed"], 1)
        status, headers, data = self.server.request("POST", "/v1/recalculate", {"pathways": ["a"], "stages": [], "entered": []})
        self.assertProblem(status, headers, data, 400, "ESC_INVALID_ARGUMENT")
        status, headers, data = self.server.request("POST", "/v1/recalculate", {"pathways": "a", "stages": [], "entered": []})
        self.assertProblem(status, headers, data, 400, "ESC_INVALID_ARGUMENT")

    def test_recalculate_csv_is_the_clis_recalc(self):
        cases = ("case_id,pathway,stage,entered,started\n"
                 "a,wolverhampton,stage-2,2024-03-27,2024-03-20\n"
                 "b,atlantis,stage-1,2024-03-27,\n"
                 "c,wolverhampton,stage-2,2024-03-27,\n"
                 "\"d, quoted\",wolverhampton,stage-1,2024-03-20,2024-03-20\n")
        status, headers, body = self.server.request("POST", "/v1/recalculate", cases, {"Content-Type": "text/csv"})
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        self.assertEqual(headers["Escalate-Failed-Rows"], "2")
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as file:
            file.write(cases)
            file.flush()
            expected = subprocess.run([str(CLI), "recalc", "--input", file.name], capture_output=True).stdout
        self.assertEqual(body, expected)
        self.assertIn(b"a,wolverhampton,stage-2,2024-04-02,ok,", body)
        status, headers, body = self.server.request("POST", "/v1/recalculate", "id,when\n1,2\n", {"Content-Type": "text/csv"})
        self.assertProblem(status, headers, body, 400)


class VersionRoutes(ServerTestCase):
    """tests/data/versions: "test-versions" 2023 (from January 2023; Stage 1: 5 working days,
    Stage 2: 10) and 2024 (from 1 April 2024; 2 and 3), worked by hand over Easter 2024 (Good
    Friday 29 March, Easter Monday 1 April) as in tests/cli/versions_tests.cmake."""
    server_options = {"rulesets": [RULESETS / "calendars", Path(__file__).resolve().parents[1] / "data" / "versions"]}

    def test_due_uses_the_version_in_force_on_the_outset_or_the_one_named(self):
        # Entered Thu 28 March, no outset given: version 2023, Tue 2 ... Mon 8 April.
        status, _, body = self.server.json("POST", "/v1/due", {"pathway": "test-versions", "stage": "stage-1",
                                                               "entered": "2024-03-28"})
        self.assertEqual(status, 200, body)
        self.assertEqual((body["version"], body["due"]), ("2023", "2024-04-08"))
        # Started 28 March, Stage 2 entered Wed 10 April: 2023's 10 working days, Thu 11 ... Wed 24.
        _, _, body = self.server.json("POST", "/v1/due", {"pathway": "test-versions", "stage": "stage-2",
                                                          "entered": "2024-04-10", "started": "2024-03-28"})
        self.assertEqual((body["version"], body["due"]), ("2023", "2024-04-24"))
        # Named 2024: 2 working days from Thu 28 March, Tue 2 and Wed 3 April.
        _, _, body = self.server.json("POST", "/v1/due", {"pathway": "test-versions", "stage": "stage-1",
                                                          "entered": "2024-03-28", "version": "2024"})
        self.assertEqual((body["version"], body["due"]), ("2024", "2024-04-03"))
        status, headers, data = self.server.request("POST", "/v1/due", {"pathway": "test-versions", "stage": "stage-1",
                                                                       "entered": "2022-06-01"})
        self.assertProblem(status, headers, data, 404, "ESC_NOT_FOUND")

    def test_recalculate_answers_each_row_by_the_version_in_force_on_its_outset(self):
        # As the due route: 2023 for Thu 28 March (Mon 8 April) and for Stage 2 of a case
        # started then (Wed 24 April); 2024 from Tue 2 April (Thu 4); none before 2023.
        body = {"pathways": ["test-versions"] * 4, "stages": ["stage-1", "stage-2", "stage-1", "stage-1"],
                "entered": ["2024-03-28", "2024-04-10", "2024-04-02", "2022-06-01"],
                "started": [None, "2024-03-28", None, None]}
        status, _, result = self.server.json("POST", "/v1/recalculate", body)
        self.assertEqual(status, 200, result)
        self.assertEqual(result["due"], ["2024-04-08", "2024-04-24", "2024-04-04", None])
        self.assertEqual(result["row_reason"], ["ok", "ok", "ok", "no-version"])
        self.assertEqual(result["row_status"], ["ESC_OK", "ESC_OK", "ESC_OK", "ESC_NOT_FOUND"])

    def test_decide_takes_a_named_version(self):
        # Started Thu 28 March, escalated Wed 10 April, under 2024 named: Thu 11, Fri 12, Mon 15 April.
        status, _, body = self.server.json("POST", "/v1/decide", {"pathway": "test-versions", "stage": "stage-1",
                                                                  "event": "unresolved", "at": "2024-04-10",
                                                                  "started": "2024-03-28", "version": "2024"})
        self.assertEqual(status, 200, body)
        self.assertEqual((body["version"], body["due"]), ("2024", "2024-04-15"))


class ValidateRoute(ServerTestCase):
    def test_a_valid_draft_gives_its_pathway_and_flowchart(self):
        text = (RULESETS / "pathways" / "shropshire.xml").read_bytes()
        status, _, body = self.server.json("POST", "/v1/validate", text, {"Content-Type": "application/xml"})
        self.assertEqual(status, 200)
        self.assertTrue(body["valid"])
        self.assertEqual(body["errors"], [])
        self.assertEqual(body["pathway"]["id"], "shropshire")
        self.assertEqual(len(body["pathway"]["stages"]), len(pathway_xml("shropshire").findall("stage")))
        self.assertIn("<svg", body["flowchart_svg"])

    def test_a_mistake_is_reported_at_its_line(self):
        lines = (RULESETS / "pathways" / "wolverhampton.xml").read_text().split("\n")
        # The first stage deadline, given a number in words.
        index = next(i for i, line in enumerate(lines) if '<deadline kind="working-days" days="5"' in line)
        lines[index] = lines[index].replace('days="5"', 'days="five"')
        status, _, body = self.server.json("POST", "/v1/validate", "\n".join(lines), {"Content-Type": "application/xml"})
        self.assertEqual(status, 200)
        self.assertFalse(body["valid"])
        self.assertEqual(len(body["errors"]), 1)
        self.assertEqual(body["errors"][0]["line"], index + 1)
        self.assertIn("five", body["errors"][0]["message"])
        self.assertEqual(body["errors"][0]["status"], "ESC_INVALID_RULESET")
        self.assertNotIn("/tmp", json.dumps(body))  # the private directory never shows

    def test_not_xml_and_unknown_calendar(self):
        status, _, body = self.server.json("POST", "/v1/validate", "<pathway id='x'", {"Content-Type": "application/xml"})
        self.assertFalse(body["valid"])
        self.assertEqual(body["errors"][0]["status"], "ESC_PARSE_ERROR")
        text = (RULESETS / "pathways" / "shropshire.xml").read_text().replace('calendar="england-and-wales"', 'calendar="narnia"')
        _, _, body = self.server.json("POST", "/v1/validate", text, {"Content-Type": "application/xml"})
        self.assertFalse(body["valid"])
        self.assertIn("narnia", body["errors"][0]["message"])
        self.assertIsInstance(body["errors"][0]["line"], int)

    def test_validate_errors(self):
        status, headers, body = self.server.request("POST", "/v1/validate", "", {"Content-Type": "application/xml"})
        self.assertProblem(status, headers, body, 400)
        status, headers, body = self.server.request("POST", "/v1/validate", "{}", {"Content-Type": "application/json"})
        self.assertProblem(status, headers, body, 415)


class Document(ServerTestCase):
    def routes(self):
        listed = subprocess.run([str(CLI), "serve", "--list-routes"], check=True, capture_output=True, text=True).stdout
        return {tuple(line.split(" ", 1)) for line in listed.splitlines()}

    def test_openapi_document_is_served_as_committed(self):
        status, _, body = self.server.request("GET", "/v1/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), json.loads(OPENAPI.read_text()))

    def test_every_route_is_documented_and_every_documented_route_exists(self):
        document = json.loads(OPENAPI.read_text())
        documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
        self.assertEqual(documented, self.routes())

    def test_docs_server_md_describes_every_route(self):
        text = (Path(__file__).resolve().parents[2] / "docs" / "server.md").read_text()
        headings = [line[4:] for line in text.splitlines() if line.startswith("### ")]
        for method, path in self.routes():
            with self.subTest(route=f"{method} {path}"):
                self.assertTrue(any(f"{method} {path}" in heading or
                                    (heading.startswith(method) and path in heading) for heading in headings),
                                f"docs/server.md has no heading for {method} {path}")

    def test_every_documented_status_and_route_answers(self):
        document = json.loads(OPENAPI.read_text())
        for path, item in document["paths"].items():
            for method in item:
                concrete = path.replace("{id}", "england-and-wales" if "calendars" in path else "wolverhampton")
                with self.subTest(route=f"{method.upper()} {path}"):
                    status, _, _ = self.server.request(method.upper(), concrete, {} if method == "post" else None)
                    self.assertNotIn(status, (404, 405), concrete)
                    self.assertTrue(str(status) in item[method]["responses"], f"{status} for {concrete}")

    def test_unknown_route_and_wrong_method(self):
        status, headers, body = self.server.request("GET", "/v1/nothing-here")
        self.assertProblem(status, headers, body, 404)
        status, headers, body = self.server.request("DELETE", "/v1/pathways")
        self.assertProblem(status, headers, body, 405)
        self.assertEqual(headers["Allow"], "GET, HEAD")
        status, headers, body = self.server.request("GET", "/v1/decide")
        self.assertProblem(status, headers, body, 405)
        self.assertEqual(headers["Allow"], "POST")


class StudioFiles(ServerTestCase):
    STUDIO = Path(__file__).resolve().parents[2] / "bindings" / "studio"

    def test_the_page_and_its_files(self):
        status, headers, body = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(body, (self.STUDIO / "index.html").read_bytes())
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn("default-src 'self'", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        for name, kind in [("studio.js", "text/javascript"), ("studio.css", "text/css")]:
            status, headers, body = self.server.request("GET", "/" + name)
            self.assertEqual(status, 200)
            self.assertTrue(headers["Content-Type"].startswith(kind))
            self.assertEqual(body, (self.STUDIO / name).read_bytes())
        status, headers, body = self.server.request("HEAD", "/")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        self.assertEqual(int(headers["Content-Length"]), len((self.STUDIO / "index.html").read_bytes()))

    def test_nothing_outside_the_pages_folder(self):
        for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/index.html/",
                     "/studio.js%00.html", "//etc/passwd", "/.%2e/CMakeLists.txt", "/README.md"]:
            with self.subTest(path=path):
                # A raw socket: http.client would normalise nothing, but be explicit.
                with socket.create_connection((self.server.host, self.server.port), timeout=10) as connection:
                    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                    reply = b""
                    while chunk := connection.recv(65536):
                        reply += chunk
                status_line = reply.split(b"\r\n", 1)[0]
                self.assertTrue(status_line.startswith(b"HTTP/1.1 404") or status_line.startswith(b"HTTP/1.1 400"), reply[:200])
                self.assertNotIn(b"root:", reply)
        status, headers, body = self.server.request("POST", "/")
        self.assertProblem(status, headers, body, 405)


class TokenRequired(ServerTestCase):
    server_options = {"token": True}

    def test_api_needs_the_bearer_token(self):
        status, headers, body = self.server.request("GET", "/v1/pathways")
        self.assertProblem(status, headers, body, 401)
        self.assertIn("Bearer", headers["WWW-Authenticate"])
        status, headers, body = self.server.request("GET", "/v1/pathways", headers={"Authorization": "Bearer wrong-token-000000000"})
        self.assertProblem(status, headers, body, 401)
        status, headers, body = self.server.request("GET", "/v1/pathways", headers={"Authorization": "Basic " + TOKEN})
        self.assertProblem(status, headers, body, 401)
        status, _, _ = self.server.request("GET", "/v1/pathways", headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200)
        status, _, _ = self.server.request("POST", "/v1/decide", EASTER_CASE, {"Authorization": "bearer " + TOKEN})
        self.assertEqual(status, 200)

    def test_the_page_itself_is_public(self):
        status, _, _ = self.server.request("GET", "/")
        self.assertEqual(status, 200)

    def test_reload_is_off_without_an_admin_token(self):
        status, headers, body = self.server.request("POST", "/v1/reload", headers={"Authorization": "Bearer " + TOKEN})
        self.assertProblem(status, headers, body, 403)


class SafeDefaults(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([str(CLI), "serve", *args], capture_output=True, text=True, timeout=30)

    def test_beyond_loopback_needs_a_token(self):
        result = self.run_cli("--host", "0.0.0.0", "--port", "0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--token-file", result.stderr)

    def test_weak_or_missing_token_files_are_refused(self):
        with tempfile.TemporaryDirectory() as temp:
            short = Path(temp) / "short"
            short.write_text("abc\n")
            result = self.run_cli("--token-file", str(short), "--port", "0")
            self.assertEqual(result.returncode, 2)
            self.assertIn("16 characters", result.stderr)
        result = self.run_cli("--token-file", "/nonexistent/token", "--port", "0")
        self.assertEqual(result.returncode, 2)

    def test_bad_options(self):
        for args in [("--port", "70000"), ("--host", "not-an-address"), ("--max-body", "-1"), ("--threads", "0")]:
            with self.subTest(args=args):
                self.assertEqual(self.run_cli(*args).returncode, 2)

    def test_a_bad_ruleset_stops_start_up_with_its_message(self):
        result = self.run_cli("--rulesets", str(Path(__file__).resolve().parents[1] / "capi" / "data" / "invalid"), "--port", "0")
        self.assertEqual(result.returncode, 1)
        self.assertIn("calendar.xml:5", result.stderr)

    def test_listens_beyond_loopback_with_a_token(self):
        server = Server(host="0.0.0.0", token=True)
        try:
            status, _, _ = server.request("GET", "/v1/health", headers={"Authorization": "Bearer " + TOKEN})
            self.assertEqual(status, 200)
            status, _, _ = server.request("GET", "/v1/health")
            self.assertEqual(status, 401)
        finally:
            server.stop()


class Limits(ServerTestCase):
    server_args = ("--max-body", "4096", "--max-header", "2048", "--request-timeout", "1500", "--max-connections", "16")

    def test_a_body_over_the_limit_is_refused_from_its_length(self):
        status, headers, body = self.server.request("POST", "/v1/decide", "x" * 5000, {"Content-Type": "application/json"})
        self.assertProblem(status, headers, body, 413)

    def test_a_chunked_body_over_the_limit_is_refused(self):
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as connection:
            connection.sendall(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n")
            reply = b""
            try:
                for _ in range(10):
                    connection.sendall(b"400\r\n" + b" " * 0x400 + b"\r\n")
                reply = connection.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                pass
            self.assertTrue(reply.startswith(b"HTTP/1.1 413") or reply == b"", reply[:100])

    def test_headers_over_the_limit(self):
        status, headers, body = self.server.request("GET", "/v1/health", headers={"X-Padding": "p" * 4000})
        self.assertProblem(status, headers, body, 431)

    def test_json_nesting_is_bounded(self):
        deep = '{"pathway":' + "[" * 40 + "]" * 40 + "}"
        status, headers, body = self.server.request("POST", "/v1/decide", deep, {"Content-Type": "application/json"})
        problem = self.assertProblem(status, headers, body, 400, "ESC_INVALID_ARGUMENT")
        self.assertIn("nested deeper", problem["detail"])

    def test_connections_over_the_cap_are_answered_503(self):
        held = []
        try:
            for _ in range(16):
                held.append(socket.create_connection((self.server.host, self.server.port), timeout=10))
            self.assertTrue(wait_for(lambda: self._status_of_new_connection() == 503, timeout=5))
        finally:
            for connection in held:
                connection.close()
        self.assertTrue(wait_for(lambda: self._status_of_new_connection() == 200, timeout=10))

    def _status_of_new_connection(self):
        try:
            with socket.create_connection((self.server.host, self.server.port), timeout=5) as connection:
                connection.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                reply = connection.recv(65536)
                return int(reply.split(b" ", 2)[1]) if reply else None
        except OSError:
            return None

    def test_an_idle_connection_is_closed_after_the_request_time(self):
        with socket.create_connection((self.server.host, self.server.port), timeout=10) as connection:
            started = time.monotonic()
            self.assertEqual(connection.recv(1), b"")
            self.assertLess(time.monotonic() - started, 5)


class Reload(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.rulesets = copy_rulesets(Path(self.temp.name))
        self.server = Server(rulesets=[self.rulesets], admin=True)
        self.admin = {"Authorization": "Bearer " + ADMIN_TOKEN}

    def tearDown(self):
        self.server.stop()
        self.temp.cleanup()

    def generation(self):
        return self.server.json("GET", "/v1/health")[2]["generation"]

    def test_reload_needs_the_admin_token(self):
        status, headers, body = self.server.request("POST", "/v1/reload")
        self.assertEqual(status, 401)
        status, headers, body = self.server.request("POST", "/v1/reload", headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 401)

    def test_reload_swaps_in_the_changed_rulesets(self):
        self.assertEqual(self.generation(), 1)
        (self.rulesets / "pathways" / "staffordshire.xml").unlink()
        status, _, body = self.server.json("POST", "/v1/reload", headers=self.admin)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["generation"], 2)
        self.assertEqual(body["pathways"], len(BUNDLED_PATHWAYS) - 1)
        self.assertEqual(self.server.request("GET", "/v1/pathways/staffordshire")[0], 404)

    def test_a_failed_reload_keeps_the_old_engine_and_says_why(self):
        broken = self.rulesets / "pathways" / "shropshire.xml"
        lines = broken.read_text().split("\n")
        index = next(i for i, line in enumerate(lines) if "<stage " in line)
        lines[index] = lines[index].replace("<stage ", "<stage tier=\"nobody\" ", 1)
        broken.write_text("\n".join(lines))
        status, headers, body = self.server.request("POST", "/v1/reload", headers=self.admin)
        self.assertEqual(status, 422)
        self.assertEqual(headers["Content-Type"], "application/problem+json")
        problem = json.loads(body)
        self.assertIn(f"{broken}:{index + 1}", problem["detail"])
        self.assertIn("keeps serving", problem["detail"])
        self.assertEqual(self.generation(), 1)
        self.assertEqual(self.server.json("POST", "/v1/decide", EASTER_CASE)[2]["due"], EASTER_DUE)
        # The same by SIGHUP: reported on stderr.
        self.server.signal(signal.SIGHUP)
        self.assertTrue(wait_for(lambda: "reload failed" in self.server.stderr()))
        self.assertIn(f"{broken}:{index + 1}", self.server.stderr())
        self.assertEqual(self.generation(), 1)

    def test_reload_under_load_fails_no_request(self):
        stop = threading.Event()
        failures, counts = [], []

        def client():
            connection = self.server.connection()
            done = 0
            try:
                while not stop.is_set():
                    status, _, body = self.server.request("POST", "/v1/decide", EASTER_CASE, connection=connection)
                    if status != 200 or json.loads(body)["due"] != EASTER_DUE:
                        failures.append((status, body[:200]))
                    done += 1
            except Exception as error:  # a dropped connection is a failed request too
                failures.append(repr(error))
            finally:
                connection.close()
                counts.append(done)

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            for i in range(6):
                time.sleep(0.15)
                if i % 2:
                    self.server.signal(signal.SIGHUP)
                else:
                    self.assertEqual(self.server.request("POST", "/v1/reload", headers=self.admin)[0], 200)
            self.assertTrue(wait_for(lambda: self.generation() == 7, timeout=20))
            time.sleep(0.2)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        self.assertEqual(failures, [])
        self.assertGreater(sum(counts), 40)


class SeveralRulesetPaths(unittest.TestCase):
    def test_calendars_and_pathways_from_separate_paths(self):
        server = Server(rulesets=[RULESETS / "calendars", RULESETS / "pathways" / "wolverhampton.xml"])
        try:
            _, _, body = server.json("GET", "/v1/pathways")
            self.assertEqual([p["id"] for p in body["pathways"]], ["wolverhampton"])
            self.assertEqual(server.json("POST", "/v1/decide", EASTER_CASE)[2]["due"], EASTER_DUE)
            status, _, source = server.request("GET", "/v1/pathways/wolverhampton/source.xml")
            self.assertEqual(source, (RULESETS / "pathways" / "wolverhampton.xml").read_bytes())
        finally:
            server.stop()

    def test_an_error_names_the_original_file(self):
        with tempfile.TemporaryDirectory() as temp:
            draft = Path(temp) / "draft.xml"
            draft.write_text((RULESETS / "pathways" / "shropshire.xml").read_text().replace(
                'calendar="england-and-wales"', 'calendar="narnia"'))
            result = subprocess.run([str(CLI), "serve", "--port", "0", "--rulesets", str(RULESETS / "calendars"),
                                     "--rulesets", str(draft)], capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 1)
            self.assertIn(str(draft), result.stderr)
            self.assertNotIn("escalate-serve-", result.stderr)


if __name__ == "__main__":
    unittest.main()
