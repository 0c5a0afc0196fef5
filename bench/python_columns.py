#!/usr/bin/env python3
"""Escalate's bulk recalculation through Python, against the same C call, in one run.

For each caseload size it times (best of several runs, one thread each, so the figures compare
the doors and not the cores):
  1. the C call alone: esc_recalculate through ctypes with every pointer made beforehand (the
     cost of the call itself; Google Benchmark's BM_Recalculate measures the same from C);
  2. engine.recalculate with int32 columns and out= (nothing allocated per call), timed in
     turn with 1 (best of three times as many runs) so that both see the same machine;
  3. engine.recalculate with int32 columns and no out= (the result allocated each call);
  4. string ids as pandas Categoricals, pandas object strings, pandas StringDtype, NumPy
     unicode ('U') and bytes ('S') arrays, with datetime64 dates (NaT in started), as an
     analyst's frame holds them (few distinct ids, as in a real caseload);
  5. with wall-clock timing, NumPy unicode ids again with threads=0, as a caller would;
  6. the worst case for string ids, at up to a million rows: every other row an id of its
     own that no pathway has (object strings and NumPy 'U');
and checks that every door gives the C call's answers (the worst case's unknown rows: none).
Timings are wall-clock, best of several runs; on a shared machine compare the doors within
one run rather than across runs.

Usage (Debian's python3 with python3-numpy and python3-pandas; a Release build):
  ESCALATE_LIBRARY=build/lib/libescalate.so.1 PYTHONPATH=bindings/python \\
      /usr/bin/python3 bench/python_columns.py [--sizes 1000000,10000000] [--json out.json] \\
      [--clock cpu]
"""

from __future__ import annotations

import argparse
import ctypes
import datetime
import json
import os
import time
from pathlib import Path

import numpy as np

import escalate

ROOT = Path(__file__).resolve().parents[1]


# The clock the timings read: wall-clock by default; --clock cpu reads this process's CPU time,
# which on a machine shared with other work counts only the time this process ran (every door
# here runs on one thread).
clock = time.perf_counter


def best_of(runs: int, function) -> float:
    best = float("inf")
    for _ in range(runs):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def interleaved(runs: int, *functions) -> list[float]:
    """The best time of each function, run in turn (f, g, f, g, ...), so that a busy moment of
    a shared machine falls on both rather than on one."""
    best = [float("inf")] * len(functions)
    for _ in range(runs):
        for i, function in enumerate(functions):
            start = clock()
            function()
            best[i] = min(best[i], clock() - start)
    return best


def generate(engine: escalate.Engine, count: int, seed: int = 7):
    """Every stage of every pathway, started from April 2024 (when the latest bundled version
    took effect: string ids are answered by the version in force on the outset, indices by the
    version they name, and both must agree) over three years, entered up to 20 days later; one
    case in fifty without an outset (NaT in the frames)."""
    random = np.random.default_rng(seed)
    pairs = [(p.index, s) for p in engine.pathways.values() for s in range(len(p.stages))]
    pick = random.integers(0, len(pairs), count)
    pathways = np.array([p for p, _ in pairs], dtype=np.int32)[pick]
    stages = np.array([s for _, s in pairs], dtype=np.int32)[pick]
    first = (datetime.date(2024, 4, 1) - datetime.date(1970, 1, 1)).days
    started = (first + random.integers(0, 3 * 365, count)).astype(np.int32)
    entered = (started + random.integers(0, 21, count)).astype(np.int32)
    started[random.integers(0, 50, count) == 0] = escalate.NO_DATE
    return pathways, stages, entered, started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall-clock time (default) or this process's CPU time")
    arguments = parser.parse_args()
    global clock
    clock = time.process_time if arguments.clock == "cpu" else time.perf_counter
    try:
        import pandas as pd
    except ImportError:
        pd = None

    engine = escalate.Engine.load(ROOT / "rulesets")
    lib = escalate._ffi.library()
    results = []
    print(f"{'cases':>10} {'C call':>10} {'int32 out=':>11} {'ratio':>6} {'int32':>10} "
          f"{'categorical':>12} {'object str':>11} {'pd string':>10} {'numpy U':>10} "
          f"{'numpy S':>10} {'worst obj':>10} {'worst U':>10} {'U, 0 thr':>10}"
          "  (million rows a second)")
    for size in (int(s) for s in arguments.sizes.split(",")):
        pathways, stages, entered, started = generate(engine, size)
        out = np.empty(size, dtype=np.int32)
        i32 = ctypes.POINTER(ctypes.c_int32)
        pointers = [a.ctypes.data_as(i32) for a in (pathways, stages, entered, started, out)]
        failed = ctypes.c_size_t()
        handle = engine._handle.acquire()
        try:
            def c_call():
                lib.esc_recalculate(handle, size, *pointers, None, 1, ctypes.byref(failed))
            c_call()
            expected = out.copy()

            def with_out():
                engine.recalculate(pathways, stages, entered, started, threads=1, out=out,
                                   errors="coerce")
            with_out()
            assert (out == expected).all(), "int32 with out= differs from the C call"
            c_time, out_time = interleaved(3 * arguments.runs, c_call, with_out)
        finally:
            engine._handle.release()
        plain_time = best_of(arguments.runs, lambda: engine.recalculate(
            pathways, stages, entered, started, threads=1, errors="coerce"))
        row = {"cases": size, "c_call_per_s": size / c_time, "int32_out_per_s": size / out_time,
               "int32_out_to_c_time": out_time / c_time, "int32_per_s": size / plain_time}

        table = list(engine.pathways.values())
        pathway_ids = np.array([p.id for p in table], dtype=object)[pathways]
        stage_ids = np.empty(size, dtype=object)
        for p in table:
            rows = pathways == p.index
            stage_ids[rows] = np.array(p.stages, dtype=object)[stages[rows]]
        entered_dates = entered.astype("datetime64[D]")
        started_dates = np.where(started == escalate.NO_DATE, np.datetime64("NaT"),
                                 started.astype("datetime64[D]"))
        expected_dates = np.where(expected == escalate.NO_DATE, np.datetime64("NaT"),
                                  expected.astype("datetime64[D]"))

        def check(answer, door):
            answer = np.asarray(answer).astype("datetime64[D]")
            same = (answer == expected_dates) | (np.isnat(answer) & np.isnat(expected_dates))
            assert same.all(), f"{door} differs from the C call"

        doors = {}
        if pd is not None:
            frame = pd.DataFrame({"pathway": pathway_ids, "stage": stage_ids,
                                  "entered": entered_dates, "started": started_dates})
            categorical = frame.astype({"pathway": "category", "stage": "category"})
            doors["categorical"] = lambda: engine.recalculate(
                categorical.pathway, categorical.stage, categorical.entered,
                categorical.started, threads=1, errors="coerce")
            doors["object_str"] = lambda: engine.recalculate(
                frame.pathway, frame.stage, frame.entered, frame.started, threads=1,
                errors="coerce")
            strings = frame.astype({"pathway": "string", "stage": "string"})
            doors["pandas_string"] = lambda: engine.recalculate(
                strings.pathway, strings.stage, strings.entered, strings.started, threads=1,
                errors="coerce")
        unicode_pathways, unicode_stages = pathway_ids.astype(str), stage_ids.astype(str)
        doors["numpy_str"] = lambda: engine.recalculate(
            unicode_pathways, unicode_stages, entered_dates, started_dates, threads=1,
            errors="coerce")
        bytes_pathways, bytes_stages = unicode_pathways.astype("S"), unicode_stages.astype("S")
        doors["numpy_bytes"] = lambda: engine.recalculate(
            bytes_pathways, bytes_stages, entered_dates, started_dates, threads=1,
            errors="coerce")
        if arguments.clock == "wall":
            # As a caller would: threads=0 (every core; the two id columns are factorized at
            # once). Wall-clock only: CPU time would add the threads up.
            doors["numpy_str_all_cores"] = lambda: engine.recalculate(
                unicode_pathways, unicode_stages, entered_dates, started_dates, threads=0,
                errors="coerce")
        for name, door in doors.items():
            check(door(), name)
            row[f"{name}_per_s"] = size / best_of(max(1, arguments.runs // 2), door)
        del doors
        if size <= 1_000_000:
            # The worst case: half the rows with an id of their own, unknown.
            unknown = np.arange(size) % 2 == 1
            worst_ids = pathway_ids.copy()
            worst_ids[unknown] = np.char.add("unknown-", np.arange(size)[unknown].astype(str))
            worst_unicode = worst_ids.astype(str)
            worst_expected = np.where(unknown, np.datetime64("NaT"), expected_dates)
            for name, ids in (("worst_object_str", worst_ids), ("worst_numpy_str", worst_unicode)):
                def door(ids=ids):
                    return engine.recalculate(ids, stage_ids, entered_dates, started_dates,
                                              threads=1, errors="coerce")
                answer = np.asarray(door()).astype("datetime64[D]")
                same = (answer == worst_expected) | (np.isnat(answer) & np.isnat(worst_expected))
                assert same.all(), f"{name} differs from the C call"
                row[f"{name}_per_s"] = size / best_of(max(1, arguments.runs // 2), door)
        results.append(row)

        def rate(key):
            return f"{row[key] / 1e6:.1f}" if key in row else "-"
        print(f"{size:>10} {rate('c_call_per_s'):>10} {rate('int32_out_per_s'):>11} "
              f"{row['int32_out_to_c_time']:>5.2f}x {rate('int32_per_s'):>10} "
              f"{rate('categorical_per_s'):>12} {rate('object_str_per_s'):>11} "
              f"{rate('pandas_string_per_s'):>10} {rate('numpy_str_per_s'):>10} "
              f"{rate('numpy_bytes_per_s'):>10} {rate('worst_object_str_per_s'):>10} "
              f"{rate('worst_numpy_str_per_s'):>10} {rate('numpy_str_all_cores_per_s'):>10}")
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({
            "clock": arguments.clock,
            "numpy": np.__version__, "pandas": pd.__version__ if pd is not None else None,
            "cores": os.cpu_count(), "load_average": os.getloadavg(),
            "date": datetime.date.today().isoformat(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
