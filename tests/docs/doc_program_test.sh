#!/bin/sh
# A program a guide shows in full, built and run exactly as the guide gives it, must print
# exactly the output the guide shows. The guide marks them:
#
#   <!-- program: FILE -->      followed by a fenced code block: the program, saved as FILE
#   <!-- output -->             followed by a fenced code block: what it prints
#
#   doc_program_test.sh DOC WORK_DIR BUILD_COMMAND RUN_COMMAND
# BUILD_COMMAND and RUN_COMMAND run with sh in WORK_DIR, after the program is written there.
set -eu
doc=$1 work=$2 build=$3 run=$4
rm -rf "$work"
mkdir -p "$work"
awk -v dir="$work" '
    /^<!-- program: .* -->$/ { file = $3; want = "program"; next }
    /^<!-- output -->$/ { file = "expected-output.txt"; want = "output"; next }
    /^```/ && want != "" && !inside { inside = 1; target = dir "/" file; printf "" > target; next }
    /^```$/ && inside { inside = 0; want = ""; close(target); next }
    inside { print > target }
' "$doc"
ls "$work" | grep -qv '^expected-output.txt$' || { echo "$doc marks no program" >&2; exit 1; }
test -f "$work/expected-output.txt" || { echo "$doc marks no output" >&2; exit 1; }
cd "$work"
sh -c "$build"
sh -c "$run" >actual-output.txt
if ! diff -u expected-output.txt actual-output.txt; then
    echo "the program in $doc does not print what the page says (diff above: - page, + program)" >&2
    exit 1
fi
echo "the program in $doc prints what the page says"
