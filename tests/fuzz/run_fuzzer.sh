#!/bin/sh
# Runs one libFuzzer target for the CTest tests of tests/fuzz/CMakeLists.txt.
#   run_fuzzer.sh replay|fuzz FUZZER WORK_DIR DICT|- REGRESSION_DIR SEED_DIR...
# replay: executes every regression input and seed once (-runs=0) and fails on any finding.
# fuzz:   mutates from the seeds and regressions for ESCALATE_FUZZ_SECONDS seconds (from the
#         environment; else an hour when ESCALATE_FUZZ_LONG=1, as the fuzz-long test preset
#         sets; else ESCALATE_FUZZ_DEFAULT_SECONDS, the CMake cache's; else 5). New coverage is kept in
#         WORK_DIR/corpus, so repeated runs in one build tree build on each other; a crash
#         leaves its input in WORK_DIR/artifacts/ and fails the test.
# Directories that do not exist (a target with no regressions yet) are skipped. The last
# line printed is the figure docs/reliability.md quotes: executions and seconds.
# Limits (issue 12): the engine loads or refuses any input within a second and 256 MiB
# (docs/reliability.md), so an input taking 30 s (sanitizers and the fuzzers' own checks slow
# everything, on a shared machine up to tenfold) or 384 MB is a finding: the quadratic calendar and the memory growing with rules x years of
# issue 12 would both have been caught. ESCALATE_FUZZ_TIMEOUT and ESCALATE_FUZZ_RSS_MB override.
set -eu
mode=$1 fuzzer=$2 work=$3 dict=$4
shift 4
mkdir -p "$work/corpus" "$work/artifacts"
inputs=""
for dir in "$@"; do
    [ -d "$dir" ] && inputs="$inputs $dir"
done
# A target may set its own (fuzz_capi keeps the bundled engine and a corpus of thousands).
rss_mb="${ESCALATE_FUZZ_RSS_MB:-${ESCALATE_FUZZ_TARGET_RSS_MB:-384}}"
options="-artifact_prefix=$work/artifacts/ -timeout=${ESCALATE_FUZZ_TIMEOUT:-30} -rss_limit_mb=$rss_mb -malloc_limit_mb=$rss_mb -print_final_stats=1"
[ "$dict" != "-" ] && options="$options -dict=$dict"
# Sanitizer findings must stop the run and fail it; leaks count as findings. ASan's quarantine
# of freed memory (256 MB by default) counts toward -rss_limit_mb: loading calendar_xml's seeds
# once went over 384 MB with 29 MB live and 258 MB quarantined, so it is kept to 64 MB.
# The cap is appended even to options set outside (scripts/sanitizers.sh sets its own), since
# the later value of an option wins.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1}:quarantine_size_mb=64"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
log="$work/last-$mode.log"
case "$mode" in
    replay)
        # shellcheck disable=SC2086
        "$fuzzer" $options -runs=0 $inputs >"$log" 2>&1 || { cat "$log"; exit 1; }
        ;;
    fuzz)
        seconds="${ESCALATE_FUZZ_SECONDS:-}"
        if [ -z "$seconds" ]; then
            if [ "${ESCALATE_FUZZ_LONG:-0}" = 1 ]; then seconds=3600; else seconds="${ESCALATE_FUZZ_DEFAULT_SECONDS:-5}"; fi
        fi
        # shellcheck disable=SC2086
        printf 'options: %s -max_total_time=%s\n' "$options" "$seconds" >"$log"
        "$fuzzer" $options -max_total_time="$seconds" "$work/corpus" $inputs >>"$log" 2>&1 || { cat "$log"; exit 1; }
        ;;
    *)
        echo "usage: $0 replay|fuzz FUZZER WORK_DIR DICT|- REGRESSION_DIR SEED_DIR..." >&2
        exit 2
        ;;
esac
grep -E "^(INFO: Seed:|INFO: seed corpus|#[0-9]+.*(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)" "$log" || true
