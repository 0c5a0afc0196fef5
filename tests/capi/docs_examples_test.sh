#!/bin/sh
# The C examples in docs/c-api.md compile with strict flags and give the documented answers,
# so the integration guide cannot drift from the header. (The guide's marked integrator's
# program is run by capi:docs-program, tests/docs/doc_program_test.sh.)
#   docs_examples_test.sh DOC INCLUDE_DIR LIBRARY_DIR RULESETS WORK_DIR C_COMPILER GENERATED_INCLUDE_DIR
set -eu
doc=$1 include=$2 libdir=$3 rulesets=$4 work=$5 cc=$6 generated=$7
rm -rf "$work"
mkdir -p "$work"
# Every ```c block holding a whole program, in order: "Ten lines of C", "A complete example",
# then "An integrator's program". (Fragments without main are left out.)
awk -v dir="$work" '/^```c$/ { n++; file = sprintf("%s/block%02d.c", dir, n); inside = 1; next }
                   /^```$/ { inside = 0; next }
                   inside { print > file }' "$doc"
n=0
for block in "$work"/block*.c; do
    if grep -q '^int main(' "$block"; then
        n=$((n + 1))
        mv "$block" "$work/example$n.c"
    fi
done
[ "$n" -eq 3 ] || { echo "expected 3 whole programs in $doc, found $n" >&2; exit 1; }
for example in "$work"/example*.c; do
    "$cc" -std=c99 -Wall -Wextra -pedantic -Werror -I"$include" -I"$generated" "$example" -L"$libdir" \
        -lescalate -o "${example%.c}"
done
# The library of the build tree finds the source tree's rulesets without a path.
out=$(env -u ESCALATE_RULESETS LD_LIBRARY_PATH="$libdir" "$work/example1")
# Hand-worked: started Monday 6 March 2023, Stage 1 (2 + 3 working days) due Monday 13 March.
[ "$out" = "stage-1 | Practitioners | 2023-03-13" ] || { echo "example 1 printed: $out" >&2; exit 1; }
out=$(LD_LIBRARY_PATH="$libdir" "$work/example2" "$rulesets" | head -n 1)
# Stage 1 unresolved on Monday 13 March: Stage 2, 2 working days, due Wednesday 15 March.
case $out in
    "next: stage-2 ("*"due 2023-03-15") echo "$out" ;;
    *) echo "example 2 printed: $out" >&2; exit 1 ;;
esac
