#!/usr/bin/env bash
# Runs every benchmark side by side and writes the figures behind docs/performance.md:
#   bench/results/google-benchmark.json   recalculation (1 and 2 threads), memcpy, naive loop,
#                                         esc_decide, loading the bundled rulesets
#   bench/results/numpy.json              Escalate against numpy.busday_offset, answers checked
#   docs/performance.png                  throughput against caseload size (needs python3-matplotlib)
#   bench/results/python-columns.json     int32 columns (out=) and string ids through Python vs the C call
#   bench/results/dask.json               escalate.dask on 1 and 2 worker processes, 20 million rows
#   bench/results/recalc-csv.json         `escalate recalc` (1 and 2 threads) against wc -l and cut
# Build in Release first (bash scripts/quickstart.sh demo does). Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
mkdir -p bench/results
"$build_dir/bench/escalate_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out=bench/results/google-benchmark.json --benchmark_out_format=json
ESCALATE_LIBRARY="$build_dir/lib/libescalate.so.1" PYTHONPATH=bindings/python \
  /usr/bin/python3 bench/compare_numpy.py --sizes 10000,100000,1000000,10000000 --json bench/results/numpy.json
if /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  /usr/bin/python3 bench/plot.py bench/results/google-benchmark.json bench/results/numpy.json docs/performance.png
else
  echo "bench/run.sh: no plot (python3-matplotlib is not installed); the other figures follow" >&2
fi
# Through Python: every door (int32 with out=, string ids) against the C call, in one run; and
# escalate.dask on 1 and 2 worker processes over 20 million rows (needs pandas, Dask, distributed).
ESCALATE_LIBRARY="$PWD/$build_dir/lib/libescalate.so.1" PYTHONPATH="$PWD/bindings/python" \
  /usr/bin/python3 bench/python_columns.py --sizes 1000000,10000000 --json bench/results/python-columns.json
ESCALATE_LIBRARY="$PWD/$build_dir/lib/libescalate.so.1" PYTHONPATH="$PWD/bindings/python" \
  /usr/bin/python3 bench/dask_scale.py --rows 20000000 --json bench/results/dask.json
# `escalate recalc` end to end, 2 million rows, beside `wc -l` and `cut` of the same file (needs hyperfine).
/usr/bin/python3 bench/recalc_csv.py "$build_dir/bin/escalate" --rows 2000000 --json bench/results/recalc-csv.json
# escalate demo's bulk section (two threads against one at 1M cases, medians of 21 runs each),
# five processes, since the one-thread time varies from one process to the next.
for run in 1 2 3 4 5; do
  "$build_dir/bin/escalate" demo | grep "median of"
done | tee bench/results/demo.txt
