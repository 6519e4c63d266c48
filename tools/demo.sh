#!/bin/sh
# Quick start, part 1: build ptrhook, instrument the bundled example
# (tools/demo/example.c) with ptrhook-cc, run it, and show what its pointers
# did: the first events as they happened (log mode), then ptrhook-report on
# a trace of the same run: events per kind, the source lines that created
# the most pointers, where they pointed (stack, heap, globals), and an HTML
# view of the source tinted by event count.
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

echo "== instrumenting tools/demo/example.c (with its sites: -fptrhook-abi=site, -g)"
mkdir -p "$out"
rm -rf "$out"/log.* "$out"/trace.* "$out/html"
run() { echo "\$ $*"; "$@"; }
run "$build/bin/ptrhook-cc" -O2 -g -fptrhook-abi=site "$root/tools/demo/example.c" -o "$out/example"

echo "== the first 8 pointers it created, as they happened (mode=log)"
run env PTRHOOK_OPTIONS="mode=log:output=$out/log" "$out/example"
head -n 8 "$out"/log.*

echo "== a trace of every pointer (mode=trace), and what ptrhook-report makes of it"
run env PTRHOOK_OPTIONS="mode=trace:trace_path=$out/trace:summary=1" "$out/example"
trace=$(ls "$out"/trace.* | head -n 1)
run "$build/bin/ptrhook-report" --top=8 "$trace"
"$build/bin/ptrhook-report" --html="$out/html" "$trace" >/dev/null
echo "== the source, tinted by events: file://$out/html/index.html"
