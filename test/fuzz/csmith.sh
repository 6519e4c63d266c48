#!/bin/bash
# Differential fuzzing of ptrhook with csmith: every generated program is
# built plain (the clang the plugin was built for) and instrumented
# (ptrhook-cc) at each -O level, both are run, and their checksums must agree.
# The instrumented IR must also pass the verifier (release clang skips it).
#
#   test/fuzz/csmith.sh [-n N] [--seed-start S] [--build DIR] [--workdir DIR]
#                       [--timeout SEC] [--opt O0,O2] [--quick] [--snapshot]
#                       [--inst-flags "FLAGS"]
#
# Failures (checksum or exit-status mismatch, instrumented crash or hang,
# ptrhook-cc crash, verifier failure) are kept in WORKDIR/failures/<seed>-<O>/
# with the source, the outputs and repro.sh (the exact commands); the run goes
# on.  Programs whose plain build fails or whose plain run crashes or times out
# are skipped, not failures.  Exit status: 0 when nothing failed, 1 on any
# failure, 2 on a usage or setup error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"

usage() {
  cat <<EOF
usage: $(basename "$0") [options]

  -n N              programs to generate (default 100)
  --seed-start S    csmith seed of the first program; seeds S..S+N-1 (default 1)
  --build DIR       ptrhook build tree (default $root/build); its clang is
                    PTRHOOK_CLANG from DIR/CMakeCache.txt
  --workdir DIR     scratch and failures directory (default: a new mktemp -d)
  --timeout SEC     run-time limit of the plain program (default 10); the
                    instrumented one gets 3x that
  --opt LIST        comma-separated -O levels (default O0,O2)
  --quick           20 programs (for CI)
  --inst-flags F    extra ptrhook-cc options for the instrumented builds,
                    e.g. "-fptrhook-inline=count" or "-fptrhook-cc=preserve_most"
  --keep            keep every program's directory, not only failures
  --snapshot        fuzz a copy of the build (WORKDIR/build), immune to
                    rebuilds of the build tree during the run
  -h, --help        this text

Summary: programs generated, builds, runs compared, skipped (with reasons),
mismatches, verifier failures, compiler crashes.  Exit 1 on any failure.
EOF
}

inst_flags=()
n=100 seed_start=1 build=$root/build workdir= timeout=10 opts=O0,O2 keep=0 snapshot=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=${2:?-n needs a value}; shift ;;
    --seed-start) seed_start=${2:?--seed-start needs a value}; shift ;;
    --build) build=${2:?--build needs a value}; shift ;;
    --workdir) workdir=${2:?--workdir needs a value}; shift ;;
    --timeout) timeout=${2:?--timeout needs a value}; shift ;;
    --opt) opts=${2:?--opt needs a value}; shift ;;
    --quick) n=20 ;;
    --inst-flags) read -r -a inst_flags <<<"${2?--inst-flags needs a value}"; shift ;;
    --keep) keep=1 ;;
    --snapshot) snapshot=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$(basename "$0"): unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $n$seed_start$timeout in *[!0-9]*) fuzz_die "-n, --seed-start and --timeout take non-negative integers" ;; esac
IFS=, read -r -a levels <<<"$opts"
for l in "${levels[@]}"; do
  case $l in O0|O1|O2|O3|Os|Oz) ;; *) fuzz_die "--opt: bad level '$l' (O0 O1 O2 O3 Os Oz)" ;; esac
done

command -v csmith >/dev/null || fuzz_die "csmith not found (apt-get install -y csmith libcsmith-dev)"
csmith_inc=
for d in /usr/include/csmith /usr/include/csmith-*; do
  [ -f "$d/csmith.h" ] && { csmith_inc=$d; break; }
done
[ -n "$csmith_inc" ] || fuzz_die "csmith.h not found under /usr/include/csmith* (apt-get install -y libcsmith-dev)"
csmith_version=$(csmith --version 2>/dev/null | head -n 1 | sed 's/^csmith //')
fuzz_resolve_build "$build" || exit 2

if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/ptrhook-csmith.XXXXXX") || fuzz_die "mktemp failed"
fi
mkdir -p "$workdir/failures" || fuzz_die "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)
if [ "$snapshot" -eq 1 ]; then
  fuzz_snapshot "$workdir/build" || exit 2
fi

# The programs' output must not depend on the caller's environment.
unset PTRHOOK_OPTIONS PTRHOOK_CC_VERBOSE
cflags=(-w "-I$csmith_inc")
inst_timeout=$((timeout * 3))
compile_timeout=300

generated=0 gen_failed=0 builds=0 runs=0
skip_plain_cc=0 skip_timeout=0 skip_crash=0
mismatch=0 verifier=0 crash=0 events=0 zero_event_runs=0
failed_dirs=()
declare -A runs_at timeouts_at
for l in "${levels[@]}"; do runs_at[$l]=0 timeouts_at[$l]=0; done

# Keeps a failure: the source, the files this -O level produced, the reason
# and repro.sh (the level's commands).
fail() {
  local seed=$1 level=$2 kind=$3 why=$4 dest
  dest=$workdir/failures/$seed-$level-$kind
  rm -rf "$dest"; mkdir -p "$dest"
  cp "$cur/prog.c" "$cur"/*-"$level"* "$dest/"
  printf '%s\n' "$why" >"$dest/reason"
  { echo "#!/bin/sh"
    echo "# seed $seed, -$level: $why"
    echo "# prog.c: csmith --seed $seed -o prog.c (csmith $csmith_version)"
    echo "cd \"\$(dirname \"\$0\")\" && set -x"
    cat "$cur/cmds-$level"; } >"$dest/repro.sh"
  chmod +x "$dest/repro.sh"
  failed_dirs+=("$dest")
  echo "FAIL seed $seed -$level $kind: $why ($dest)"
}

# Runs a command with its quoted form appended to $cur/cmds-$level, the
# commands of the current -O level (for repro.sh).
logged() {
  fuzz_quote "$@" >>"$cur/cmds-$level"
  "$@"
}

start=$(fuzz_now)
echo "csmith: $n programs, seeds $seed_start..$((seed_start + n - 1)), -${opts//,/ -}, build $FUZZ_BUILD, workdir $workdir"
for ((i = 0; i < n; i++)); do
  seed=$((seed_start + i))
  cur=$workdir/seed-$seed
  rm -rf "$cur"; mkdir -p "$cur"
  # Commands use names relative to $cur: repro.sh runs in the failure's copy.
  cd "$cur" || fuzz_die "cannot cd to $cur"
  if ! csmith --seed "$seed" -o prog.c >csmith.log 2>&1; then
    gen_failed=$((gen_failed + 1))
    echo "csmith failed for seed $seed (see $cur/csmith.log)" >&2
    cd "$workdir" || exit 2
    continue
  fi
  generated=$((generated + 1))

  for level in "${levels[@]}"; do
    : >"cmds-$level"
    # 1. Plain build: its failure is csmith's or clang's business.
    if ! logged timeout "$compile_timeout" "$FUZZ_CLANG" "-$level" "${cflags[@]}" prog.c -o "plain-$level" \
        >"plain-$level.cc.log" 2>&1; then
      skip_plain_cc=$((skip_plain_cc + 1))
      continue
    fi
    # 2. Instrumented build.
    builds=$((builds + 1))
    if ! logged timeout "$compile_timeout" "$FUZZ_CC" "-$level" "${cflags[@]}" "${inst_flags[@]}" prog.c -o "inst-$level" \
        >"inst-$level.cc.log" 2>&1; then
      crash=$((crash + 1))
      fail "$seed" "$level" crash "ptrhook-cc -$level failed: $(tail -n 1 "inst-$level.cc.log")"
      continue
    fi
    # 3. The instrumented IR must pass the verifier.
    if ! logged timeout "$compile_timeout" "$FUZZ_CC" "-$level" "${cflags[@]}" "${inst_flags[@]}" -S -emit-llvm prog.c -o "inst-$level.ll" \
        >"inst-$level.ll.log" 2>&1; then
      crash=$((crash + 1))
      fail "$seed" "$level" crash "ptrhook-cc -$level -S -emit-llvm failed: $(tail -n 1 "inst-$level.ll.log")"
      continue
    elif ! logged "$FUZZ_TOOLS/opt" -passes=verify -disable-output "inst-$level.ll" >"verify-$level.log" 2>&1; then
      verifier=$((verifier + 1))
      fail "$seed" "$level" verifier "verifier: $(head -n 1 "verify-$level.log")"
      continue
    fi
    # 4. Run both; the plain run decides whether the program is usable.
    logged timeout -k 2 "$timeout" "./plain-$level" >"plain-$level.out" 2>/dev/null
    prc=$?
    if [ "$prc" -eq 124 ] || [ "$prc" -eq 137 ]; then
      skip_timeout=$((skip_timeout + 1))
      timeouts_at[$level]=$((timeouts_at[$level] + 1))
      continue
    elif [ "$prc" -ne 0 ]; then
      skip_crash=$((skip_crash + 1))
      continue
    fi
    runs=$((runs + 1))
    runs_at[$level]=$((runs_at[$level] + 1))
    logged env PTRHOOK_OPTIONS=summary=1 timeout -k 2 "$inst_timeout" "./inst-$level" \
      >"inst-$level.out" 2>"inst-$level.err"
    irc=$?
    if [ "$irc" -eq 124 ] || [ "$irc" -eq 137 ]; then
      mismatch=$((mismatch + 1))
      fail "$seed" "$level" mismatch "instrumented run timed out after ${inst_timeout}s (plain run finished in ${timeout}s)"
      continue
    elif [ "$irc" -ne "$prc" ]; then
      mismatch=$((mismatch + 1))
      fail "$seed" "$level" mismatch "exit status: plain $prc, instrumented $irc"
      continue
    elif ! cmp -s "plain-$level.out" "inst-$level.out"; then
      mismatch=$((mismatch + 1))
      fail "$seed" "$level" mismatch "output: plain '$(tail -n 1 "plain-$level.out")', instrumented '$(tail -n 1 "inst-$level.out")'"
      continue
    fi
    # The runtime's summary shows that the hook was really called.
    e=$(sed -n 's/^ptrhook: \([0-9]*\) events in .*/\1/p' "inst-$level.err" | tail -n 1)
    events=$((events + ${e:-0}))
    [ "${e:-0}" -eq 0 ] && zero_event_runs=$((zero_event_runs + 1))
  done
  cd "$workdir" || exit 2
  [ "$keep" -eq 1 ] || rm -rf "$cur"
  if [ $(((i + 1) % 50)) -eq 0 ]; then
    echo "  ... $((i + 1))/$n programs, $(fuzz_duration $(($(fuzz_now) - start))), failures so far: ${#failed_dirs[@]}"
  fi
done

elapsed=$(($(fuzz_now) - start))
skipped=$((skip_plain_cc + skip_timeout + skip_crash))
per_level=
for l in "${levels[@]}"; do
  per_level="$per_level, -$l ${runs_at[$l]} compared/${timeouts_at[$l]} plain timeouts"
done
echo "csmith summary: $generated programs generated ($gen_failed csmith failures), $builds instrumented builds, $runs runs compared," \
  "$skipped skipped (plain compile failed $skip_plain_cc, plain timeout $skip_timeout, plain crash $skip_crash)," \
  "$mismatch mismatches, $verifier verifier failures, $crash compiler crashes;" \
  "$events hook events ($zero_event_runs runs with none); $(fuzz_duration "$elapsed")"
echo "  per level: ${per_level#, }"
[ ${#inst_flags[@]} -gt 0 ] && echo "  instrumented with: ${inst_flags[*]}"
if [ ${#failed_dirs[@]} -gt 0 ]; then
  echo "failures kept in $workdir/failures:"
  printf '  %s\n' "${failed_dirs[@]}"
  exit 1
fi
# csmith failing is not ptrhook's fault, but nothing generated is no test.
[ "$generated" -gt 0 ] || [ "$n" -eq 0 ] || exit 2
exit 0
