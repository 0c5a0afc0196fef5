#!/usr/bin/env bash
# One entry point for the README's Quick start:
#   bash scripts/quickstart.sh demo   set up, build, run the main job on the bundled rulesets
#   bash scripts/quickstart.sh test   set up, build, run every test suite
# Set-up installs what is missing from Debian's packages (as root, or through sudo), so both
# work on a fresh Debian 12 machine and again on one where they already ran.
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-demo}"
build_dir="${ESCALATE_BUILD_DIR:-build}"
jobs="${ESCALATE_JOBS:-$(nproc)}"

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-graph-dev libboost-date-time-dev
  libtinyxml2-dev googletest libgtest-dev libgmock-dev libbenchmark-dev
  libxml2-utils graphviz python3 python3-numpy python3-pip python3-pandas python3-dask python3-distributed
  clang libclang-rt-14-dev abigail-tools binutils
  gcovr valgrind                   # valgrind: capi:calls-at-exit-memcheck
  nlohmann-json3-dev chromium chromium-driver python3-selenium wrk
  hyperfine                        # bench/recalc_csv.py: recalc against wc -l and cut, in one run
  mono-mcs mono-runtime            # the C# binding (bindings/dotnet), built and tested by CTest
  openjdk-17-jdk-headless libjna-java  # the Java binding (bindings/java), built and tested by CTest
)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  echo "== building ($build_dir, Release)"
  # The test build treats every compiler warning as an error (ESCALATE_WERROR).
  local werror=OFF
  [ "$mode" = test ] && werror=ON
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DESCALATE_BUILD_TESTS=ON \
        -DESCALATE_WERROR="$werror" >/dev/null
  cmake --build "$build_dir" -j "$jobs"
}

# Debian's interpreter, which has python3-numpy; a pyenv or venv python3 on PATH may not.
python_bin() {
  if [ -x /usr/bin/python3 ]; then echo /usr/bin/python3; else command -v python3; fi
}

run_demo() {
  "$build_dir/bin/escalate" demo
}

run_tests() {
  echo "== C++ and C suites (CTest)"
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
  if [ -d bindings/python/tests ]; then
    echo "== Python binding (unittest)"
    ESCALATE_LIBRARY="$build_dir/lib/libescalate.so.1" \
      PYTHONPATH=bindings/python "$(python_bin)" -m unittest discover -s bindings/python/tests -t bindings/python -v
  fi
  if [ -x scripts/sanitizers.sh ]; then
    scripts/sanitizers.sh
  fi
}

install_missing
build
case "$mode" in
  demo) run_demo ;;
  test) run_tests ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
