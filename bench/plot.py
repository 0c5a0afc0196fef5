#!/usr/bin/env python3
"""Throughput against caseload size, from bench/run.sh's results, as a PNG.

    python3 bench/plot.py google-benchmark.json numpy.json docs/performance.png
"""

import json
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def google_series(path):
    """{series name: [(cases, items per second)]} from Google Benchmark's median aggregates."""
    series = {}
    for run in json.load(open(path))["benchmarks"]:
        if run.get("aggregate_name") != "median" or "items_per_second" not in run:
            continue
        name = run["run_name"]
        cases = re.search(r"/(?:cases:)?(\d+)", name)
        if not cases:
            continue
        threads = re.search(r"threads:(\d+)", name)
        count = int(threads.group(1)) if threads else 1
        label = {"BM_Recalculate": f"Escalate (esc_recalculate), {count} thread{'s' if count > 1 else ''}",
                 "BM_MemoryCopy": "memcpy of the same bytes",
                 "BM_NaiveDayByDay": "naive day-by-day loop"}.get(name.split("/")[0])
        if label:
            series.setdefault(label, []).append((int(cases.group(1)), run["items_per_second"]))
    return series


def main():
    google, numpy_file, out = sys.argv[1:4]
    series = google_series(google)
    numpy_runs = json.load(open(numpy_file))["results"]
    series["numpy.busday_offset"] = [(r["cases"], r["numpy_busday_offset_per_s"]) for r in numpy_runs]
    figure, axes = plt.subplots(figsize=(8, 5), dpi=110)
    for label, points in sorted(series.items()):
        points.sort()
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("cases in the batch")
    axes.set_ylabel("cases per second")
    axes.set_title("Bulk due-date recalculation (bench/run.sh)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(out)


if __name__ == "__main__":
    main()
