#!/bin/sh
# Build ptrhook and run its whole lit suite; print "N passed, N failed".
#
#   tools/check.sh [lit options...]     e.g. tools/check.sh --filter e2e
#
# PTRHOOK_BUILD_DIR (default: build/) and PTRHOOK_LLVM_DIR (default: LLVM 14)
# select the build tree and the LLVM.  Exit status: 0 when nothing failed.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PTRHOOK_BUILD_DIR:-$root/build}
llvm_dir=${PTRHOOK_LLVM_DIR:-/usr/lib/llvm-14/lib/cmake/llvm}

cmake -S "$root" -B "$build" -DPTRHOOK_LLVM_DIR="$llvm_dir" >/dev/null
cmake --build "$build" -j"$(nproc)"

lit=$(sed -n 's/^PTRHOOK_LIT:FILEPATH=//p' "$build/CMakeCache.txt")
results="$build/test/results.xml"
rm -f "$results"
status=0
python3 "$lit" -sv --xunit-xml-output="$results" "$@" "$build/test" || status=$?

# The closing line is counted from lit's own per-test results, not from its
# summary text: passed = PASS/XFAIL, failed = FAIL/XPASS/UNRESOLVED/TIMEOUT.
python3 - "$results" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
except (OSError, ET.ParseError) as e:
    print("0 passed, 1 failed (no lit results: %s)" % e)
    sys.exit(0)
passed = failed = skipped = 0
for c in cases:
    if c.find("failure") is not None or c.find("error") is not None:
        failed += 1
    elif c.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
PY
exit "$status"
