#!/bin/bash
# The equivalence proof of elide-const-geps on generated programs: every
# csmith program is built with -fptrhook-abi=site -fptrhook-elide-const-geps
# -fptrhook-elide-check (sites are chosen and described as elided, but still
# report their events), run with mode=trace, and `ptrhook-trace
# verify-elision` compares every event the reader puts back (after its
# anchor's event, at its base's address plus its offset) with the real one:
# same place in the thread's stream, same site, same address.  The same
# program built with elision proper must print what the plain build prints.
#
#   test/fuzz/elide-check.sh [-n N] [--seed-start S] [--build DIR]
#                            [--workdir DIR] [--timeout SEC] [--opt O0,O2]
#
# Failures (a mismatch, an instrumented build that fails or prints other
# checksums) are kept in WORKDIR/failures/<seed>-<O>/ with the source and
# the logs; the run goes on.  Programs whose plain build fails or whose plain
# run crashes or times out are skipped.  Exit status: 0 when nothing failed,
# 1 on any failure, 2 on a usage or setup error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"

usage() {
  sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

n=50 seed_start=1 build="$root/build" workdir="" timeout=10 opts="O0,O2"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || fuzz_die "-n needs a value"; n=$2; shift ;;
    --seed-start) [ $# -ge 2 ] || fuzz_die "--seed-start needs a value"; seed_start=$2; shift ;;
    --build) [ $# -ge 2 ] || fuzz_die "--build needs a value"; build=$2; shift ;;
    --workdir) [ $# -ge 2 ] || fuzz_die "--workdir needs a value"; workdir=$2; shift ;;
    --timeout) [ $# -ge 2 ] || fuzz_die "--timeout needs a value"; timeout=$2; shift ;;
    --opt) [ $# -ge 2 ] || fuzz_die "--opt needs a value"; opts=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) fuzz_die "unknown option '$1' (--help lists them)" ;;
  esac
  shift
done
for v in "$n" "$seed_start" "$timeout"; do
  case "$v" in ''|*[!0-9]*) fuzz_die "-n, --seed-start and --timeout expect a number" ;; esac
done
fuzz_resolve_build "$build" || exit 2
trace_tool=$FUZZ_BUILD/bin/ptrhook-trace
[ -x "$trace_tool" ] || fuzz_die "missing $trace_tool"
command -v csmith >/dev/null || fuzz_die "csmith not found (apt-get install -y csmith libcsmith-dev)"
csmith_inc=""
for d in /usr/include/csmith /usr/include/csmith-*; do
  [ -f "$d/csmith.h" ] && { csmith_inc=$d; break; }
done
[ -n "$csmith_inc" ] || fuzz_die "csmith.h not found under /usr/include/csmith*"
if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/ptrhook-elide-check.XXXXXX") || fuzz_die "mktemp failed"
fi
mkdir -p "$workdir/failures" || fuzz_die "cannot create $workdir"
unset PTRHOOK_OPTIONS

start=$(fuzz_now)
generated=0 compared=0 skipped=0 failures=0 events=0 put_back=0 noevents=0
echo "elide-check: $n programs, seeds $seed_start..$((seed_start + n - 1)), -${opts//,/ -}, build $FUZZ_BUILD, workdir $workdir"
for ((seed = seed_start; seed < seed_start + n; seed++)); do
  cur="$workdir/cur"
  rm -rf "$cur"; mkdir -p "$cur"; cd "$cur" || exit 2
  csmith --seed "$seed" -o prog.c >csmith.log 2>&1 || continue
  generated=$((generated + 1))
  for o in ${opts//,/ }; do
    fail() {
      failures=$((failures + 1))
      local keep="$workdir/failures/$seed-$o"
      mkdir -p "$keep" && cp -p prog.c ./*.log ./*.out "$keep/" 2>/dev/null
      echo "FAIL seed $seed -$o: $1 (kept in $keep)"
    }
    rm -f plain elided check ./*.out trace.*
    if ! "$FUZZ_CLANG" -"$o" -w -I"$csmith_inc" prog.c -o plain >plain.log 2>&1 ||
       ! timeout "$timeout" ./plain >plain.out 2>/dev/null; then
      skipped=$((skipped + 1)); continue
    fi
    common=(-"$o" -w -I"$csmith_inc" -fptrhook-abi=site -fptrhook-elide-const-geps)
    if ! "$FUZZ_CC" "${common[@]}" prog.c -o elided >elided.log 2>&1 ||
       ! "$FUZZ_CC" "${common[@]}" -fptrhook-elide-check prog.c -o check >check.log 2>&1; then
      fail "instrumented build failed"; continue
    fi
    if ! timeout $((3 * timeout)) ./elided >elided.out 2>/dev/null || ! cmp -s plain.out elided.out; then
      fail "the elided build's output differs from plain's"; continue
    fi
    if ! PTRHOOK_OPTIONS="mode=trace:trace_path=$cur/trace" timeout $((6 * timeout)) ./check >check.out 2>/dev/null ||
       ! cmp -s plain.out check.out; then
      fail "the check build's output differs from plain's"; continue
    fi
    if ! compgen -G "trace.*" >/dev/null; then
      noevents=$((noevents + 1)); continue # nothing instrumented ran
    fi
    if ! "$trace_tool" verify-elision trace.* >verify.log 2>&1; then
      fail "verify-elision: $(head -n 1 verify.log)"; continue
    fi
    compared=$((compared + 1))
    read -r e p < <(sed -n 's/^verify-elision: \([0-9]*\) events, [0-9]* of elided sites; \([0-9]*\) put back.*/\1 \2/p' verify.log)
    events=$((events + ${e:-0})); put_back=$((put_back + ${p:-0}))
    rm -f trace.*
  done
done
echo "elide-check summary: $generated programs generated, $compared traces verified" \
     "($events events, $put_back of them put back and matched), $noevents without" \
     "events, $skipped skipped," \
     "$failures failures; $(fuzz_duration $(($(fuzz_now) - start)))"
[ "$failures" = 0 ]
