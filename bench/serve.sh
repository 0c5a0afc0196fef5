#!/usr/bin/env bash
# POST /v1/decide through `escalate serve` on loopback, driven by wrk (bench/serve/decide.lua),
# beside the same decision through esc_decide (bench/decide_bench.cpp, BM_DecideThroughCApi).
# Figures in docs/performance.md, "The HTTP server". Needs a Release build with the benchmarks:
#   bash scripts/quickstart.sh demo && bash bench/serve.sh
# Settings: SERVER_THREADS (2), WRK_THREADS (2), CONNECTIONS (32), DURATION (10s).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${ESCALATE_BUILD_DIR:-build}"
server_threads="${SERVER_THREADS:-2}"
wrk_threads="${WRK_THREADS:-2}"
connections="${CONNECTIONS:-32}"
duration="${DURATION:-10s}"

command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
work="$(mktemp -d)"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$build/bin/escalate" serve --port 0 --threads "$server_threads" --max-connections 4096 \
  >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url="$(sed -n 's/.*listening on \(http:[^ ]*\)/\1/p' "$work/out")"
[ -n "$url" ] || { cat "$work/err" >&2; exit 1; }

# The answer first, so a broken server cannot produce a fast figure. By hand: Stage 2 entered on
# Friday 22 December 2023 has 2 working days; Christmas, Boxing Day and the weekend are skipped,
# so Wednesday 27 is day 1 and Thursday 28 December day 2 (the overall limit, 4 January, is later).
answer="$(curl -s -H 'Content-Type: application/json' --data-binary @bench/serve/decide.json "${url}v1/decide")"
case "$answer" in
  *'"due":"2023-12-28"'*) ;;
  *) echo "bench/serve.sh: wrong answer from the server: $answer" >&2; exit 1 ;;
esac
# CPU time (user + system, in clock ticks) of a process: on a shared machine the server's CPU
# cost per request is steadier than its wall-clock rate.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
echo "== escalate serve: ${server_threads} server threads; wrk: ${wrk_threads} threads, ${connections} connections, ${duration}"
before="$(cpu_ticks "$server")"
wrk -t"$wrk_threads" -c"$connections" -d"$duration" -s bench/serve/decide.lua "${url}v1/decide" >"$work/wrk"
after="$(cpu_ticks "$server")"
sed -n '/^requests /,$p' "$work/wrk"
requests="$(sed -n 's/^requests //p' "$work/wrk")"
awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { printf "server_cpu_us_per_request %.1f\n", ticks / hz * 1e6 / n }'
echo "== the same decision through esc_decide (one thread)"
"$build/bench/escalate_bench" --benchmark_filter='BM_DecideThroughCApi$' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true 2>/dev/null | grep -E 'median|mean'
