#!/bin/sh
# Quick start, part 1: build ptrhook, instrument the bundled example
# (tools/demo/example.c) with ptrhook-cc, run it, and show what its pointers
# did: every address it created, the hottest ones, and the total.
#
# PTRHOOK_BUILD_DIR (default: build/) and PTRHOOK_LLVM_DIR select the build
# tree and the LLVM, as for tools/check.sh.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PTRHOOK_BUILD_DIR:-$root/build}
llvm_dir=${PTRHOOK_LLVM_DIR:-/usr/lib/llvm-14/lib/cmake/llvm}
out="$build/demo"

echo "== building ptrhook in $build"
cmake -S "$root" -B "$build" -DPTRHOOK_LLVM_DIR="$llvm_dir" >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

echo "== instrumenting tools/demo/example.c"
mkdir -p "$out"
rm -f "$out"/events.*
run() { echo "\$ $*"; "$@"; }
run "$build/bin/ptrhook-cc" -O2 "$root/tools/demo/example.c" -o "$out/example"
run env PTRHOOK_OPTIONS="log=1:summary=1:output=$out/events" "$out/example"

events=$(ls "$out"/events.* | head -n 1)
echo "== the first 10 pointers it created (of all in $events)"
grep -v ' events in ' "$events" | head -n 10
echo "== the 5 addresses it created most often"
grep -v ' events in ' "$events" | sort | uniq -c | sort -rn | head -n 5
echo "== distinct addresses: $(grep -v ' events in ' "$events" | sort -u | wc -l)"
grep ' events in ' "$events"
