#!/bin/sh
# The built library keeps the ABI of the stored baseline (capi/abi/): abidiff fails on any
# removed or changed function or type; additions are allowed (new calls, new trailing fields
# reached only through `size`). A deliberate compatible change refreshes the baseline with
# `ninja abi-baseline`; an incompatible one needs a new ABI major version and SONAME.
#   abi_test.sh LIBRARY BASELINE HEADERS_DIR SUPPRESSIONS WORK_DIR
set -eu
library=$1 baseline=$2 headers=$3 suppressions=$4 work=$5
mkdir -p "$work"
abidw --headers-dir "$headers" --no-corpus-path --drop-private-types --suppressions "$suppressions" \
    --out-file "$work/current.abi" "$library"
# The same suppressions: a size-guarded struct grown at its end is an addition.
if ! abidiff --no-added-syms --suppressions "$suppressions" "$baseline" "$work/current.abi"; then
    echo "the ABI of $library differs from the baseline $baseline" >&2
    exit 1
fi
echo "ABI matches $baseline"
