#!/usr/bin/env python3
"""escalate.dask.recalculate on a distributed.LocalCluster of 1 and 2 worker processes.

The caseload is generated on the workers, partition by partition, with string ids as pandas
Categoricals and datetime64 dates, and persisted in their memory (as a loaded caseload would
be). The timed computation recalculates every partition and counts the due dates, so only
counts travel back; beside it, counting the rows alone gives Dask's own cost for the same
partitions. Each worker loads the engine once (escalate.partitions), in a warm-up run.

Usage (Debian's python3 with python3-dask and python3-distributed; a Release build):
  ESCALATE_LIBRARY=$PWD/build/lib/libescalate.so.1 PYTHONPATH=$PWD/bindings/python \\
      /usr/bin/python3 bench/dask_scale.py [--rows 20000000] [--partitions 40] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULESETS = str(ROOT / "rulesets")


def partition(number: int, rows: int):
    """One partition of generated cases: every stage of every pathway, started over three years
    from April 2024 (in every bundled version's term)."""
    import numpy as np
    import pandas as pd

    import escalate.partitions

    engine = escalate.partitions.engine_for(RULESETS)
    random = np.random.default_rng(number)
    pairs = [(p.id, stage) for p in engine.pathways.values() for stage in p.stages]
    pick = random.integers(0, len(pairs), rows)
    pathways = pd.Categorical([p for p, _ in pairs])[pick]
    stages = pd.Categorical([s for _, s in pairs])[pick]
    first = np.datetime64("2024-04-01")
    started = first + random.integers(0, 3 * 365, rows).astype("timedelta64[D]")
    entered = started + random.integers(0, 21, rows).astype("timedelta64[D]")
    return pd.DataFrame({"pathway": pathways, "stage": stages,
                         "entered": entered.astype("datetime64[ns]"),
                         "started": started.astype("datetime64[ns]")},
                        index=pd.RangeIndex(number * rows, (number + 1) * rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--partitions", type=int, default=40)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="write the figures here")
    arguments = parser.parse_args()

    import dask
    import dask.dataframe as dd
    import distributed

    import escalate.dask

    per_partition = arguments.rows // arguments.partitions
    results = []
    for workers in (int(w) for w in arguments.workers.split(",")):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster):
            meta = partition(0, 0)
            cases = dd.from_delayed([dask.delayed(partition)(n, per_partition)
                                     for n in range(arguments.partitions)], meta=meta)
            # Generated once and kept in the workers' memory, as a loaded caseload would be:
            # the timings below are the recalculation and Dask's own scheduling.
            cases = cases.persist()
            distributed.wait(cases)
            answers = escalate.dask.recalculate(cases, RULESETS)
            count_only = cases.entered.count()
            with_due = answers.due.count()
            with_due.compute()  # warm-up: every worker imports the binding and loads the engine
            best_count = best_total = float("inf")
            due_count = 0
            for _ in range(arguments.runs):
                start = time.perf_counter()
                count_only.compute()
                best_count = min(best_count, time.perf_counter() - start)
                start = time.perf_counter()
                due_count = int(with_due.compute())
                best_total = min(best_total, time.perf_counter() - start)
        rows = per_partition * arguments.partitions
        row = {"workers": workers, "rows": rows, "seconds_total": best_total,
               "seconds_counting_only": best_count,
               "rows_per_s": rows / best_total,
               "rows_per_s_recalculating": rows / max(best_total - best_count, 1e-9),
               "due_dates": due_count}
        results.append(row)
        print(f"{workers} worker{'s' if workers > 1 else ''}: {rows:,} rows in {best_total:.2f} s "
              f"({rows / best_total / 1e6:.1f} M rows/s; counting the rows alone {best_count:.2f} s), "
              f"{due_count:,} due dates")
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({
            "date": datetime.date.today().isoformat(), "cores": os.cpu_count(),
            "load_average": os.getloadavg(), "partitions": arguments.partitions,
            "results": results}, indent=2))


if __name__ == "__main__":
    main()
