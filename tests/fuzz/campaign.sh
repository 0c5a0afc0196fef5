#!/bin/sh
# The long fuzz campaign of issue 12 (10 million executions per target), run a slice at a
# time and resumed from the corpus kept in the repository:
#   tests/fuzz/campaign.sh SECONDS [TARGET...]        (targets: ruleset_loader calendar_xml capi csv_recalc case_histories)
#   tests/fuzz/campaign.sh --totals                   (executions so far per target, from the log)
# For each target in turn (one fuzzer at a time, at nice 19: the machine is shared), it runs
# the CTest test fuzz:TARGET for SECONDS seconds, so the seeds, dictionary and limits are the
# ones tests/fuzz/CMakeLists.txt and run_fuzzer.sh give the short runs (-rss_limit_mb;
# -timeout 10 rather than 30; ESCALATE_FUZZ_TIMEOUT and ESCALATE_FUZZ_RSS_MB override). Then it
#  - appends a line to tests/fuzz/campaign.log (commit this file): when, target, seconds,
#    executions, executions a second, peak RSS, findings, the limits, the commit fuzzed;
#  - merges the inputs that reached new coverage into tests/fuzz/corpus/TARGET (-merge=1: only
#    those that add features to what the directory already covers), so the next session,
#    anywhere, starts from them; commit them too;
#  - leaves any crash in build-fuzz/tests/fuzz/TARGET/artifacts/ and says so (regressions/README.md
#    says what to do with it).
# Needs a fuzz build: by default the fast one,
#   cmake --preset fuzz-campaign && cmake --build --preset fuzz-campaign
# (UBSan without ASan, -O2: about twice the executions a second, docs/reliability.md); BUILD=build-fuzz
# runs the ASan + UBSan build of the short runs instead. The log says which build ran each slice.
set -eu
cd "$(dirname "$0")/../.."
build="${BUILD:-build-fuzz-campaign}"
case "$build" in
    *campaign*) sanitizers=ubsan-O2 ;;
    *) sanitizers=asan-ubsan-O1 ;;
esac
log=tests/fuzz/campaign.log
goal=10000000
# A unit taking 10 s is a finding here (the short test runs allow 30, as they run beside other
# tests): the slowest seed takes under 2 s under ASan on a loaded machine (docs/reliability.md).
export ESCALATE_FUZZ_TIMEOUT="${ESCALATE_FUZZ_TIMEOUT:-10}"

totals() {
    [ -f "$log" ] || { echo "no campaign log yet ($log)"; return; }
    awk -v goal=$goal '!/^#/ && NF >= 5 { runs[$2] += $4; secs[$2] += $3; found[$2] += $7 }
        END { for (t in runs) printf "%-16s %10d executions in %7d s, %d findings; %10d to go\n", t, runs[t], secs[t], found[t], (goal > runs[t] ? goal - runs[t] : 0) }' "$log" | sort
}

if [ "${1:-}" = "--totals" ]; then totals; exit 0; fi
seconds="${1:?usage: $0 SECONDS [TARGET...] | --totals}"
shift
[ $# -gt 0 ] || set -- ruleset_loader calendar_xml capi csv_recalc case_histories
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -f "$log" ] || printf '%s\n' "# date(UTC) target seconds executions exec/s peak_rss_mb findings timeout_s rss_limit_mb commit sanitizers" >"$log"

for target in "$@"; do
    fuzzer="$build/tests/fuzz/fuzz_$target"
    work="$build/tests/fuzz/$target"
    [ -x "$fuzzer" ] || { echo "$fuzzer is not built" >&2; exit 1; }
    mkdir -p "$work/artifacts"
    # One slice of a target at a time: two share the work directory and its log, and the later
    # one's statistics were lost that way (campaign.log, 2026-12-01 06:47). The lock is released
    # when fd 9 is reopened for the next target, or when the script exits.
    exec 9>"$work/campaign.lock"
    if ! flock -n 9; then
        echo "$target: another campaign.sh is fuzzing it (it holds $work/campaign.lock); skipped" >&2
        continue
    fi
    before=$(ls "$work/artifacts" | wc -l)
    started=$(date -u +%Y-%m-%dT%H:%M)
    start_seconds=$(date +%s)
    # The test's own limit is above the run's length; ctest is only the runner here.
    ESCALATE_FUZZ_SECONDS="$seconds" nice -n 19 ctest --test-dir "$build" -R "^fuzz:$target\$" \
        --timeout $((seconds + 900)) --output-on-failure >"$work/campaign-ctest.log" 2>&1 || true
    elapsed=$(($(date +%s) - start_seconds))  # less than SECONDS when a finding stops the run
    run_log="$work/last-fuzz.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run_log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$run_log" | tail -1)
    limits=$(sed -n 's/^options: .*-timeout=\([0-9]*\) -rss_limit_mb=\([0-9]*\).*/\1 \2/p' "$run_log" | head -1)
    after=$(ls "$work/artifacts" | wc -l)
    findings=$((after - before))
    rate=$(awk -v r="${runs:-0}" -v s="$elapsed" 'BEGIN { printf "%d", (s > 0 ? r / s : 0) }')
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$started" "$target" "$elapsed" "${runs:-0}" "$rate" "${rss:-?}" "$findings" \
        "${limits:-? ?}" "$commit" "$sanitizers" >>"$log"
    echo "$target: ${runs:-0} executions in $elapsed s ($rate/s), peak ${rss:-?} MB, $findings new artifacts"
    [ "$findings" -eq 0 ] || { echo "FINDINGS in $work/artifacts:"; ls -t "$work/artifacts" | head -"$findings"; }
    # Keep what reached new coverage (the run's corpus is in the build tree only).
    mkdir -p "tests/fuzz/corpus/$target"
    nice -n 19 "$fuzzer" -merge=1 -artifact_prefix="$work/artifacts/merge-" -timeout="$ESCALATE_FUZZ_TIMEOUT" -rss_limit_mb="${ESCALATE_FUZZ_RSS_MB:-2048}" \
        "tests/fuzz/corpus/$target" "$work/corpus" >"$work/campaign-merge.log" 2>&1 ||
        echo "merge failed: see $work/campaign-merge.log" >&2
    # What reached new coverage is now in the repository's corpus; the rest only slows the next
    # slice, which reads every file before it mutates (ruleset_loader spent 148 s of a 600 s
    # slice reading 5,341 files on 2026-11-30).
    grep -q "MERGE-OUTER: successful in" "$work/campaign-merge.log" && find "$work/corpus" -type f -delete
    grep -E "MERGE-OUTER: [0-9]+ new files" "$work/campaign-merge.log" || true
    size=$(du -s --apparent-size -k "tests/fuzz/corpus/$target" | cut -f1)
    # Minimised (-merge=1 into an empty directory) on 2026-11-30, ruleset_loader kept 3.1 MB and
    # calendar_xml 2.4 MB: dozens of distinct mutants of the ~28 KB bundled files, each with
    # features of its own. Past 4 MB, minimise again.
    [ "$size" -le 4096 ] || echo "tests/fuzz/corpus/$target is $size KB: minimise it (see docs/reliability.md)" >&2
done
totals
