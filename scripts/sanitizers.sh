#!/usr/bin/env bash
# The sanitizer builds and the short fuzz runs (issue 7; docs/reliability.md). The README's test
# command, `bash scripts/quickstart.sh test`, runs this after the main build and its tests.
# It installs nothing: quickstart's package list brings clang, libclang-rt-14-dev (libFuzzer and
# the sanitizer runtimes) and GCC's libasan, libubsan and libtsan come with build-essential.
#
#   scripts/sanitizers.sh           all three stages below
#   scripts/sanitizers.sh asan|tsan|fuzz ...   only the stages named
#
#   asan  the asan-ubsan preset (build-asan/): the engine's tests, the C ABI test programs and
#         the hostile-file test through the C ABI, under AddressSanitizer (with leak checks)
#         and UndefinedBehaviorSanitizer
#   tsan  the tsan preset (build-tsan/): the engine's tests (bulk recalculation on 1 to 3
#         threads), the C ABI threads test (8 threads sharing one engine) and `escalate recalc`
#         on 1 to 3 threads (tests/cli/recalc_threads_test.py) under ThreadSanitizer
#   fuzz  the fuzz preset (build-fuzz/): every regression input replayed, then each libFuzzer
#         target for ESCALATE_FUZZ_SECONDS (default 5) from its seeds
#
# Every sanitizer halts on its first report; any report, failed test or crash makes the script
# exit non-zero. Only the targets the stages run are built. Logs: build-*/sanitizers-*.log.
set -euo pipefail

cd "$(dirname "$0")/.."
jobs="${ESCALATE_JOBS:-$(nproc)}"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan fuzz)

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1"
export GTEST_BRIEF=1  # failures only; the suites are long

# Runs a command with its output in a log; shows the log's end and fails when it fails.
quietly() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $*  (log: $log)" >&2
        tail -n 60 "$log" >&2
        return 1
    fi
}

# True when the build tree defines the target (tests/abi is reached only once the root
# CMakeLists.txt adds it).
has_target() {
    # grep reads everything (no -q): an early exit would fail the pipeline under pipefail
    ninja -C "$1" -t targets all 2>/dev/null | grep "^$2:" >/dev/null
}

# configure and build a preset's tree with the named targets (those it defines)
build_preset() {
    local preset=$1 dir=$2
    shift 2
    local targets=()
    mkdir -p "$dir"
    quietly "$dir/sanitizers-configure.log" cmake --preset "$preset"
    for target in "$@"; do
        if has_target "$dir" "$target"; then targets+=("$target"); fi
    done
    if [ ${#targets[@]} -eq 0 ]; then
        echo "FAILED: $dir defines none of: $*" >&2
        return 1
    fi
    quietly "$dir/sanitizers-build.log" cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
}

# Runs each test program that was built, from its own directory; stops at the first failure.
run_programs() {
    local dir=$1 log=$2
    shift 2
    : >"$log"
    for program in "$@"; do
        [ -x "$dir/$program" ] || continue
        echo "   $program"
        if ! (cd "$(dirname "$dir/$program")" && "./$(basename "$program")") >>"$log" 2>&1; then
            echo "FAILED: $program  (log: $log)" >&2
            tail -n 80 "$log" >&2
            return 1
        fi
    done
}

run_asan() {
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)"
    build_preset asan-ubsan build-asan engine_tests capi_test capi_threads_test capi_boundary_test capi_reliability_test \
        abi_hostile_load_test capi_integrators_test capi_case_test capi_exit_test
    run_programs build-asan build-asan/sanitizers-run.log \
        tests/engine_tests tests/capi/capi_test tests/capi/capi_threads_test tests/capi/capi_boundary_test \
        tests/capi/capi_reliability_test tests/abi/abi_hostile_load_test tests/capi/capi_integrators_test \
        tests/capi/capi_case_test tests/capi/capi_exit_test
}

run_tsan() {
    echo "== ThreadSanitizer (build-tsan)"
    build_preset tsan build-tsan engine_tests capi_threads_test escalate_cli
    run_programs build-tsan build-tsan/sanitizers-run.log tests/capi/capi_threads_test tests/engine_tests
    # `escalate recalc`'s worker threads: one thread against two and three on the fuzz corpus and
    # hostile files (a race would show as a report, so as a difference).
    echo "   escalate recalc (tests/cli/recalc_threads_test.py)"
    quietly build-tsan/sanitizers-recalc.log /usr/bin/python3 tests/cli/recalc_threads_test.py build-tsan/bin/escalate \
        tests/fuzz/corpus/csv_recalc tests/fuzz/csv_rulesets
}

run_fuzz() {
    echo "== libFuzzer short runs (build-fuzz, ${ESCALATE_FUZZ_SECONDS:-5} s each)"
    if ! grep -q "tests/fuzz" CMakeLists.txt; then
        echo "FAILED: the root CMakeLists.txt does not add tests/fuzz (see docs/reliability.md, 'Wiring')" >&2
        return 1
    fi
    build_preset fuzz build-fuzz fuzz_targets
    quietly build-fuzz/sanitizers-run.log ctest --test-dir build-fuzz -L fuzz -j "$jobs" --output-on-failure
    grep -E "tests passed" build-fuzz/sanitizers-run.log
}

for stage in "${stages[@]}"; do
    case "$stage" in
        asan) run_asan ;;
        tsan) run_tsan ;;
        fuzz) run_fuzz ;;
        *) echo "usage: $0 [asan] [tsan] [fuzz]" >&2; exit 2 ;;
    esac
done
echo "== sanitizers and fuzzing: clean"
