#!/bin/sh
# Installs the build into a fresh prefix, then builds and runs the integrator's example against
# the installed copy three ways: pkg-config (shared), find_package (shared), find_package
# (static). Each must print the hand-worked Wolverhampton answer: started Monday 6 March 2023,
# Stage 1 (practitioners) is due 5 working days later, Monday 13 March.
#   install_test.sh BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR C_COMPILER
set -eu
build=$1 consumer=$2 work=$3 cc=$4
expected='stage-1 | Practitioners | 2023-03-13'

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
rulesets=$prefix/share/escalate/rulesets
pc=$(find "$prefix" -name escalate.pc)
libdir=$(dirname "$(dirname "$pc")")
test -f "$prefix/include/escalate.h"
test -d "$rulesets"

check() {  # check NAME OUTPUT
    if [ "$2" != "$expected" ]; then
        echo "$1: got '$2', expected '$expected'" >&2
        exit 1
    fi
    echo "$1: $2"
}

# pkg-config, shared library.
export PKG_CONFIG_PATH="$(dirname "$pc")"
pkg-config --exists escalate
test -f "$prefix/include/escalate_version.h"
version=$(sed -n 's/^#define ESCALATE_VERSION_STRING "\(.*\)"$/\1/p' "$prefix/include/escalate_version.h")
[ "$(pkg-config --modversion escalate)" = "$version" ]
# The library's file is named for the release, its SONAME for the ABI.
test -f "$libdir/libescalate.so.$version"
# The bundled rulesets and the licence, as pkg-config reports them.
[ "$(cd "$(pkg-config --variable=rulesetsdir escalate)" && pwd -P)" = "$(cd "$rulesets" && pwd -P)" ]
[ "$(pkg-config --variable=license escalate)" = "Apache-2.0" ]
# shellcheck disable=SC2046
"$cc" -std=c99 -Wall -Wextra -o "$work/pkgconfig-consumer" "$consumer/wolverhampton.c" \
    $(pkg-config --cflags --libs escalate)
check pkg-config "$(LD_LIBRARY_PATH=$libdir "$work/pkgconfig-consumer" "$rulesets")"

# find_package(escalate), shared and static.
cmake -S "$consumer" -B "$work/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" >"$work/consumer-configure.log"
cmake --build "$work/consumer-build" >"$work/consumer-build.log"
check find_package-shared "$("$work/consumer-build/wolverhampton_shared" "$rulesets")"
check find_package-static "$("$work/consumer-build/wolverhampton_static" "$rulesets")"
# The CMake package reports the same rulesets directory, the licence and the version.
[ "$(sed -n 1p "$work/consumer-build/package.txt")" = "$(pkg-config --variable=rulesetsdir escalate)" ] ||
    [ "$(cd "$(sed -n 1p "$work/consumer-build/package.txt")" && pwd -P)" = "$(cd "$rulesets" && pwd -P)" ]
[ "$(sed -n 2p "$work/consumer-build/package.txt")" = "Apache-2.0" ]
[ "$(sed -n 3p "$work/consumer-build/package.txt")" = "$version" ]

# Without a path, the installed library finds its own installation's rulesets, although the
# prefix is not the one it was configured for (a moved installation).
check default-rulesets "$(env -u ESCALATE_RULESETS "$work/consumer-build/wolverhampton_shared")"
check default-rulesets-pkg-config "$(env -u ESCALATE_RULESETS LD_LIBRARY_PATH=$libdir "$work/pkgconfig-consumer")"

# The shared library's SONAME carries the ABI major version.
objdump -p "$libdir/libescalate.so" | grep -q 'SONAME *libescalate.so.1$'

# The installed command finds its library and the rulesets beside it.
"$prefix/bin/escalate" decide wolverhampton --at 2023-03-06 | grep -q 'due:      2023-03-13'
echo "installed copy works through pkg-config and find_package"
