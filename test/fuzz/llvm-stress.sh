#!/bin/bash
# Robustness fuzzing of the ptrhook pass with llvm-stress: random IR modules
# (the generator of the LLVM the plugin was built for) go through
#   a. opt -load-pass-plugin=ptrhook.so -passes=ptrhook,verify, then llc -O2
#   b. opt -load-pass-plugin=ptrhook.so -passes='default<O2>,verify' (the pass
#      runs at the OptimizerLast extension point), then llc -O2
# and none of these may crash, hang or fail the verifier.  An llc or
# default<O2> failure that the same module also shows without ptrhook is
# LLVM's own and is counted as skipped, not as a failure.
#
#   test/fuzz/llvm-stress.sh [-n N] [--seed-start S] [--size N]
#                            [--build DIR]... [--workdir DIR] [--timeout SEC]
#                            [--quick] [--snapshot] [--hook FILE.c] [--help]
#
# One run, and one summary line, per build dir (so one per LLVM version).
# Failures are kept in WORKDIR/failures/<build>/<seed>-<stage>/ with the
# module and repro.sh (the exact commands).  Exit status: 0 when nothing
# failed, 1 on any failure, 2 on a usage or setup error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/common.sh"

usage() {
  cat <<EOF
usage: $(basename "$0") [options]

  -n N              modules to generate per build dir (default 1000)
  --seed-start S    llvm-stress seed of the first module; seeds S..S+N-1 (default 1)
  --size N          llvm-stress --size, instructions per function (default 100)
  --build DIR       ptrhook build tree (default $root/build); repeat it or
                    give a comma list for one run per build dir.  The tools
                    (llvm-stress, opt, llc) come from the build's LLVM_DIR
  --workdir DIR     scratch and failures directory (default: a new mktemp -d)
  --timeout SEC     limit per opt/llc step (default 60)
  --quick           100 modules (for CI)
  --hook FILE.c     also pass hook=: FILE.c is compiled by each build's
                    clang (-O2, without a data layout, as llvm-stress's
                    modules have none), made a hook definition by its opt
                    (ptrhook<hook-definition>) and inlined at every site
                    (e.g. test/e2e/Inputs/hook-count.c)
  --params P        pass parameters for step a: -passes='ptrhook<P>,verify'
                    (e.g. "inline=count" or "cc=preserve_most")
  --keep            keep every module's directory, not only failures
  --snapshot        fuzz copies of the build dirs (WORKDIR/<build>/build),
                    immune to rebuilds during the run
  -h, --help        this text

Summary per build dir: modules, instrumented (a hook call inserted), skipped
(LLVM fails without ptrhook too), failures.  Exit 1 on any failure.
EOF
}

n=1000 seed_start=1 size=100 builds=() workdir= timeout=60 keep=0 snapshot=0 params=
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=${2:?-n needs a value}; shift ;;
    --seed-start) seed_start=${2:?--seed-start needs a value}; shift ;;
    --size) size=${2:?--size needs a value}; shift ;;
    --build) IFS=, read -r -a more <<<"${2:?--build needs a value}"; builds+=("${more[@]}"); shift ;;
    --workdir) workdir=${2:?--workdir needs a value}; shift ;;
    --timeout) timeout=${2:?--timeout needs a value}; shift ;;
    --quick) n=100 ;;
    --params) params=${2?--params needs a value}; shift ;;
    --hook) hook_c=${2:?--hook needs a file}; shift ;;
    --keep) keep=1 ;;
    --snapshot) snapshot=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$(basename "$0"): unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
hook_c=${hook_c:-}
case $n$seed_start$size$timeout in *[!0-9]*) fuzz_die "-n, --seed-start, --size and --timeout take non-negative integers" ;; esac
[ ${#builds[@]} -gt 0 ] || builds=("$root/build")
# Step a runs ptrhook<P>; step b (the pass at OptimizerLast) gets the same
# options as -ptrhook-* flags ("kinds=gep;cc=preserve_most" becomes
# -ptrhook-kinds=gep -ptrhook-cc=preserve_most).
# set_passes PARAMS: $passes and $flags for these parameters.
set_passes() {
  passes=ptrhook flags=()
  [ -n "$1" ] || return 0
  passes="ptrhook<$1>"
  IFS=';' read -r -a kv <<<"$1"
  for p in "${kv[@]}"; do
    case $p in
      *=*) flags+=("-ptrhook-$p") ;;
      no-*) flags+=("-ptrhook-${p#no-}=false") ;;
      *) flags+=("-ptrhook-$p=true") ;;
    esac
  done
}
if [ -n "$hook_c" ]; then
  [ -r "$hook_c" ] || fuzz_die "cannot read the hook $hook_c"
  hook_c=$(cd "$(dirname "$hook_c")" && pwd)/$(basename "$hook_c")
fi
o2args=()

# Check every build dir before spending time on the first one.
for b in "${builds[@]}"; do
  fuzz_resolve_build "$b" || exit 2
  [ -x "$FUZZ_TOOLS/llvm-stress" ] || fuzz_die "no llvm-stress in $FUZZ_TOOLS (apt-get install -y llvm-N-tools)"
done

if [ -z "$workdir" ]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/ptrhook-llvm-stress.XXXXXX") || fuzz_die "mktemp failed"
fi
mkdir -p "$workdir" || fuzz_die "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)

# Runs a command with a time limit, its quoted form appended to $cur/cmds
# (for repro.sh); stdout and stderr go to $cur/<log>.log.
step() {
  local log=$1; shift
  fuzz_quote "$@" >>"$cur/cmds"
  timeout -k 5 "$timeout" "$@" >"$cur/$log.log" 2>&1
}

# Same without logging: the baseline runs that decide whether LLVM itself
# fails on the module.
baseline() {
  timeout -k 5 "$timeout" "$@" >/dev/null 2>&1
}

# Keeps a failure: the module, the outputs, the reason and repro.sh.
fail() {
  local stage=$1 why=$2 dest
  dest=$bdir/failures/$seed-$stage
  rm -rf "$dest"
  cp -r "$cur" "$dest"
  printf '%s\n' "$why" >"$dest/reason"
  { echo "#!/bin/sh"
    echo "# $why"
    echo "# m.ll: $FUZZ_TOOLS/llvm-stress --seed=$seed --size=$size -o m.ll"
    echo "cd \"\$(dirname \"\$0\")\" && set -x"
    cat "$cur/cmds"; } >"$dest/repro.sh"
  chmod +x "$dest/repro.sh"
  failures=$((failures + 1)); all_failures=$((all_failures + 1))
  echo "FAIL $bname seed $seed $stage: $why ($dest)"
}

# Why a step failed: a timeout, or the first line of its log that is not
# part of a stack dump.
first_error() {
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "timed out after ${timeout}s"
    return
  fi
  grep -v -e '^ *#' -e '^Stack dump' -e '^ *[0-9][0-9]* *0x' -e '^PLEASE submit' "$cur/$1.log" | head -n 1
}

# "verifier" when the log shows the verifier's complaint, "hang" on a
# timeout, "crash" otherwise.
kind_of() {
  local rc=$1 log=$2
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo hang
  elif grep -qiE 'verif|broken module|does not dominate|not grouped at top' "$cur/$log.log"; then echo verifier
  else echo crash
  fi
}

summaries=() all_failures=0 bi=0
for b in "${builds[@]}"; do
  fuzz_resolve_build "$b" || exit 2
  bi=$((bi + 1))
  major=$("$FUZZ_TOOLS/opt" --version | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -n 1)
  bname=$bi-llvm$major-$(basename "$FUZZ_BUILD")
  bdir=$workdir/$bname
  mkdir -p "$bdir/failures"
  if [ "$snapshot" -eq 1 ]; then
    fuzz_snapshot "$bdir/build" || exit 2
  fi
  opt=$FUZZ_TOOLS/opt llc=$FUZZ_TOOLS/llc plugin=-load-pass-plugin=$FUZZ_PLUGIN
  build_params=$params
  if [ -n "$hook_c" ]; then
    # The hook definition, made by this build's clang and opt (bitcode is
    # not read by older LLVMs; the pointer kind must be the one opt reads).
    { "$FUZZ_CLANG" -O2 -S -emit-llvm -I"$root/runtime/include" "$hook_c" -o - |
        grep -v '^target datalayout' >"$bdir/hook.ll" &&
        "$opt" "$plugin" '-passes=ptrhook<hook-definition>' "$bdir/hook.ll" -o "$bdir/hook.bc"; } ||
      fuzz_die "cannot make a hook definition of $hook_c with $FUZZ_CLANG and $opt"
    build_params="${params:+$params;}hook=$bdir/hook.bc"
  fi
  set_passes "$build_params"
  o2args=()
  [ ${#flags[@]} -gt 0 ] && o2args=("-load=$FUZZ_PLUGIN" "${flags[@]}")
  modules=0 gen_failed=0 instrumented=0 skipped=0 failures=0
  start=$(fuzz_now)
  echo "llvm-stress: $n modules, seeds $seed_start..$((seed_start + n - 1)), size $size, LLVM $major, build $FUZZ_BUILD, workdir $bdir"
  for ((i = 0; i < n; i++)); do
    seed=$((seed_start + i))
    cur=$bdir/seed-$seed
    rm -rf "$cur"; mkdir -p "$cur"; : >"$cur/cmds"
    cd "$cur" || fuzz_die "cannot cd to $cur"
    if ! "$FUZZ_TOOLS/llvm-stress" --seed="$seed" --size="$size" -o m.ll >stress.log 2>&1; then
      gen_failed=$((gen_failed + 1))
      echo "llvm-stress failed for seed $seed (see $cur/stress.log)" >&2
      cd "$bdir" || exit 2
      continue
    fi
    modules=$((modules + 1))

    # a. The pass alone, then codegen.
    step opt-ptrhook "$opt" "$plugin" "-passes=$passes,verify" m.ll -S -o ptrhook.ll; rc=$?
    if [ "$rc" -ne 0 ]; then
      fail "opt-ptrhook-$(kind_of $rc opt-ptrhook)" "opt -passes=$passes,verify: $(first_error opt-ptrhook)"
    else
      # Sites in the provenance record: with hook= no call is left.
      grep -Eq 'sites=[1-9]' ptrhook.ll && instrumented=$((instrumented + 1))
      step llc-ptrhook "$llc" -O2 ptrhook.ll -o ptrhook.s; rc=$?
      if [ "$rc" -ne 0 ]; then
        if baseline "$llc" -O2 m.ll -o /dev/null; then
          fail "llc-ptrhook-$(kind_of $rc llc-ptrhook)" "llc -O2 fails on the instrumented module, not on the original: $(first_error llc-ptrhook)"
        else
          skipped=$((skipped + 1))
        fi
      fi
    fi

    # b. The pass at OptimizerLast of the default pipeline, then codegen.
    : >"$cur/cmds"
    step opt-O2 "$opt" "$plugin" "${o2args[@]}" '-passes=default<O2>,verify' m.ll -S -o O2.ll; rc=$?
    if [ "$rc" -ne 0 ]; then
      if baseline "$opt" '-passes=default<O2>,verify' m.ll -o /dev/null; then
        fail "opt-O2-$(kind_of $rc opt-O2)" "opt -load-pass-plugin -passes='default<O2>,verify': $(first_error opt-O2)"
      else
        skipped=$((skipped + 1))
      fi
    else
      step llc-O2 "$llc" -O2 O2.ll -o O2.s; rc=$?
      if [ "$rc" -ne 0 ]; then
        if baseline "$opt" '-passes=default<O2>' m.ll -o O2-plain.bc && baseline "$llc" -O2 O2-plain.bc -o /dev/null; then
          fail "llc-O2-$(kind_of $rc llc-O2)" "llc -O2 fails on the default<O2>+ptrhook module, not on default<O2> alone: $(first_error llc-O2)"
        else
          skipped=$((skipped + 1))
        fi
      fi
    fi

    cd "$bdir" || exit 2
    [ "$keep" -eq 1 ] || rm -rf "$cur"
    if [ $(((i + 1) % 1000)) -eq 0 ]; then
      echo "  ... $((i + 1))/$n modules, $(fuzz_duration $(($(fuzz_now) - start))), failures so far: $failures"
    fi
  done
  line="llvm-stress summary [LLVM $major, $FUZZ_BUILD]: $modules modules ($gen_failed llvm-stress failures), $instrumented instrumented by -passes=$passes, $skipped skipped (LLVM fails without ptrhook too), $failures failures; $(fuzz_duration $(($(fuzz_now) - start)))"
  echo "$line"
  summaries+=("$line")
done

if [ ${#builds[@]} -gt 1 ]; then
  printf '%s\n' "${summaries[@]}"
fi
if [ "$all_failures" -gt 0 ]; then
  echo "failures kept under $workdir/*/failures"
  exit 1
fi
exit 0
