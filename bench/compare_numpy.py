#!/usr/bin/env python3
"""Escalate's bulk recalculation against numpy.busday_offset, on the same generated cases.

What it does, for each caseload size:
  1. generates cases over every stage of every bundled pathway (started in 2024-2026, entered
     up to 20 days after), as NumPy arrays;
  2. recalculates them with Escalate (escalate.Engine.recalculate over esc_recalculate), one
     thread and all cores, best of several runs;
  3. works the same due dates out with NumPy alone, reading each stage's timescale straight
     from the ruleset XML (not from the engine) and each calendar's holidays from the engine's
     holiday list, and checks every answer equals Escalate's;
  4. times numpy.busday_offset(..., roll='backward') on the same cases: one call over every
     case's anchor date and working-day count, the operation a NumPy user would reach for.

Usage (Debian's python3, which has python3-numpy; the library from a Release build):
  ESCALATE_LIBRARY=build/lib/libescalate.so.1 PYTHONPATH=bindings/python \\
      /usr/bin/python3 bench/compare_numpy.py [--sizes 10000,1000000,10000000] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy

import escalate

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
NAT = numpy.datetime64("NaT")


def stage_rules(engine: escalate.Engine) -> dict[tuple[int, int], dict]:
    """Each stage's timescale and overall limit, read from the pathway XML files."""
    rules = {}
    for file in sorted((RULESETS / "pathways").glob("*.xml")):
        pathway = ElementTree.parse(file).getroot()
        limits = {}
        for limit in pathway.findall("limit"):
            for stage in limit.get("covers").split():
                limits[stage] = int(limit.get("working-days"))
        p = engine.pathway_index(pathway.get("id"))
        for stage in pathway.findall("stage"):
            deadline = stage.find("deadline")
            rules[(p, engine.stage_index(p, stage.get("id")))] = {
                "calendar": pathway.get("calendar"),
                "kind": deadline.get("kind"),
                "days": int(deadline.get("days", "0")),
                "from_start": deadline.get("anchor") == "pathway-start",
                "limit": limits.get(stage.get("id")),
            }
    return rules


def holidays(engine: escalate.Engine, calendar_id: str) -> numpy.ndarray:
    calendar = engine.calendar(calendar_id)
    days = [h.date for year in range(1980, 2101) for h in calendar.holidays(year)]
    return numpy.array(days, dtype="datetime64[D]")


def generate(engine: escalate.Engine, rules: dict, count: int, seed: int = 42):
    random = numpy.random.default_rng(seed)
    keys = sorted(rules)
    pick = random.integers(0, len(keys), count)
    pathways = numpy.array([k[0] for k in keys], dtype=numpy.int32)[pick]
    stages = numpy.array([k[1] for k in keys], dtype=numpy.int32)[pick]
    first = numpy.datetime64("2024-01-01")
    started = first + random.integers(0, 1096, count).astype("timedelta64[D]")
    entered = started + random.integers(0, 21, count).astype("timedelta64[D]")
    return pathways, stages, entered, started


def numpy_due(rules: dict, calendars: dict, pathways, stages, entered, started) -> numpy.ndarray:
    """docs/semantics.md with NumPy alone, one vectorised pass per stage."""
    due = numpy.full(len(pathways), NAT, dtype="datetime64[D]")
    for (p, s), rule in rules.items():
        rows = (pathways == p) & (stages == s)
        if not rows.any():
            continue
        cal = calendars[rule["calendar"]]
        anchor = started[rows] if rule["from_start"] else entered[rows]
        if rule["kind"] == "working-days":
            own = numpy.busday_offset(anchor, rule["days"], roll="backward", busdaycal=cal)
        elif rule["kind"] == "calendar-days":
            own = anchor + numpy.timedelta64(rule["days"], "D")
        elif rule["kind"] == "immediately":
            own = anchor
        else:
            own = numpy.full(anchor.shape, NAT, dtype="datetime64[D]")
        if rule["limit"] is not None:
            limit = numpy.busday_offset(started[rows], rule["limit"], roll="backward", busdaycal=cal)
            own = numpy.where(numpy.isnat(own) | (limit < own), limit, own)
        due[rows] = own
    return due


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def best_of(runs: int, function) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000,10000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write the figures here")
    arguments = parser.parse_args()

    engine = escalate.Engine.load(RULESETS)
    rules = stage_rules(engine)
    calendars = {rule["calendar"]: numpy.busdaycalendar(holidays=holidays(engine, rule["calendar"]))
                 for rule in rules.values()}
    results = []
    print(f"{'cases':>10} {'escalate 1T':>14} {'escalate all':>14} {'numpy busday':>14} {'ratio 1T':>9}  answers")
    for size in (int(s) for s in arguments.sizes.split(",")):
        pathways, stages, entered, started = generate(engine, rules, size)
        entered_days = entered.astype(numpy.int32)
        started_days = started.astype(numpy.int32)
        ours = engine.recalculate(pathways, stages, entered_days, started_days, threads=1)
        expected = numpy_due(rules, calendars, pathways, stages, entered, started)
        expected_days = numpy.where(numpy.isnat(expected), numpy.iinfo(numpy.int32).min,
                                    expected.astype("datetime64[D]").astype(numpy.int64)).astype(numpy.int32)
        ours_days = numpy.asarray(ours)
        if ours_days.dtype != numpy.int32:
            ours_days = numpy.where(numpy.isnat(ours_days), numpy.iinfo(numpy.int32).min,
                                    ours_days.astype(numpy.int64)).astype(numpy.int32)
        mismatches = int((ours_days != expected_days).sum())

        one = best_of(arguments.runs, lambda: engine.recalculate(pathways, stages, entered_days, started_days, threads=1))
        every = best_of(arguments.runs, lambda: engine.recalculate(pathways, stages, entered_days, started_days, threads=0))
        # numpy.busday_offset alone over the same cases: each case's entry date and its
        # stage's working days (1 for stages counted otherwise), in one call.
        lookup = numpy.zeros((int(pathways.max()) + 1, int(stages.max()) + 1), dtype=numpy.int64)
        for (p, s), rule in rules.items():
            lookup[p, s] = rule["days"] if rule["kind"] == "working-days" else 1
        offsets = lookup[pathways, stages]
        cal = next(iter(calendars.values()))
        numpy_time = best_of(max(1, arguments.runs // 2),
                             lambda: numpy.busday_offset(entered, offsets, roll="backward", busdaycal=cal))
        row = {
            "cases": size,
            "escalate_1_thread_per_s": size / one,
            "escalate_all_threads_per_s": size / every,
            "numpy_busday_offset_per_s": size / numpy_time,
            "ratio_1_thread_to_numpy": numpy_time / one,
            "mismatches": mismatches,
        }
        results.append(row)
        print(f"{size:>10} {size / one / 1e6:>11.1f} M/s {size / every / 1e6:>11.1f} M/s "
              f"{size / numpy_time / 1e6:>11.1f} M/s {numpy_time / one:>8.1f}x  "
              f"{'all equal' if mismatches == 0 else f'{mismatches} DIFFER'}")
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({
            "machine": f"{cpu_model()}, {platform.machine()}, {os.cpu_count()} cores",
            "numpy": numpy.__version__, "date": datetime.date.today().isoformat(), "results": results,
        }, indent=2))
    if any(r["mismatches"] for r in results):
        raise SystemExit("Escalate and NumPy disagree")


if __name__ == "__main__":
    main()
