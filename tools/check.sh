#!/bin/sh
# Build ptrhook and run its whole lit suite, for one or several LLVM majors.
# The last line is "N passed, N failed, N skipped", summed over the majors.
#
#   tools/check.sh                     LLVM 14 (or PTRHOOK_LLVM_DIR)
#   tools/check.sh --llvm 14,22        each listed major (Debian's /usr/lib/llvm-N)
#   tools/check.sh --llvm all          every supported major installed here
#   tools/check.sh --llvm 19 --filter e2e      remaining arguments go to lit
#
# Builds go to PTRHOOK_BUILD_DIR (default: build/) for LLVM 14 and to
# <that>-llvmN for the other majors.  Exit status: 0 when nothing failed.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
base=${PTRHOOK_BUILD_DIR:-$root/build}
# The supported majors are written once, in the top CMakeLists.txt.
supported=$(sed -n 's/^set(PTRHOOK_SUPPORTED_LLVM_MAJORS \([0-9 ]*\))$/\1/p' "$root/CMakeLists.txt")
[ -n "$supported" ] || {
  echo "check.sh: no set(PTRHOOK_SUPPORTED_LLVM_MAJORS ...) line in $root/CMakeLists.txt" >&2
  exit 2
}
majors=""

if [ "${1:-}" = "--llvm" ]; then
  [ $# -ge 2 ] || { echo "check.sh: --llvm needs a list (e.g. 14,22 or all)" >&2; exit 2; }
  if [ "$2" = all ]; then
    for m in $supported; do
      [ -f "/usr/lib/llvm-$m/lib/cmake/llvm/LLVMConfig.cmake" ] && majors="$majors $m"
    done
  else
    majors=$(echo "$2" | tr ',' ' ')
  fi
  shift 2
fi

# One major: configure, build, run lit; append "major passed failed skipped"
# to $matrix.  A major that does not build counts as one failure.
matrix=$(mktemp)
trap 'rm -f "$matrix"' EXIT
status=0
run_major() {
  major=$1 llvm_dir=$2 build=$3
  shift 3
  echo "== LLVM ${major:-?}: $llvm_dir -> $build"
  if ! cmake -S "$root" -B "$build" -DPTRHOOK_LLVM_DIR="$llvm_dir" >/dev/null ||
     ! cmake --build "$build" -j"$(nproc)"; then
    echo "${major:-?} 0 1 0" >>"$matrix"
    status=1
    return
  fi
  major=$(sed -n 's/^config.llvm_version_major = //p' "$build/test/lit.site.cfg.py")
  lit=$(sed -n 's/^PTRHOOK_LIT:FILEPATH=//p' "$build/CMakeCache.txt")
  results="$build/test/results.xml"
  rm -f "$results"
  python3 "$lit" -sv --xunit-xml-output="$results" "$@" "$build/test" || status=1
  # Counted from lit's per-test results, not from its summary text:
  # passed = PASS/XFAIL, failed = FAIL/XPASS/UNRESOLVED/TIMEOUT.
  python3 - "$results" "$major" >>"$matrix" <<'PY'
import sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
try:
    for c in ET.parse(sys.argv[1]).getroot().iter("testcase"):
        if c.find("failure") is not None or c.find("error") is not None:
            failed += 1
        elif c.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
except (OSError, ET.ParseError):
    failed = 1
print(sys.argv[2], passed, failed, skipped)
PY
}

if [ -z "$majors" ]; then
  run_major "" "${PTRHOOK_LLVM_DIR:-/usr/lib/llvm-14/lib/cmake/llvm}" "$base" "$@"
else
  for m in $majors; do
    build="$base-llvm$m"
    [ "$m" = 14 ] && build="$base"
    run_major "$m" "/usr/lib/llvm-$m/lib/cmake/llvm" "$build" "$@"
  done
fi

echo "== results"
printf '%-6s %7s %7s %8s\n' LLVM passed failed skipped
awk '{ printf "%-6s %7d %7d %8d\n", $1, $2, $3, $4 }' "$matrix"
awk '{ p += $2; f += $3; s += $4 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$matrix"
exit "$status"
