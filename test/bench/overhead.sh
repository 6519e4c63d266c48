#!/usr/bin/env bash
# test/bench/overhead.sh - what ptrhook costs on real programs, next to its peers.
#
# Prints figures; it asserts nothing about them (exit status 1 only when a
# build fails or an instrumented program computes a different result).
#
# Run time: real workloads built from the Debian sources that
# test/realworld/run.sh uses, each built at -O2 with its own build system in
# these variants, every run timed (wall clock) and reported as the median
# divided by the uninstrumented median:
#   plain       clang -O2, the clang that ptrhook-cc runs
#   ptrhook     ptrhook-cc -O2 with the default runtime (per-thread counter)
#   empty hook  ptrhook-cc -O2, linked with an object defining an empty
#               void __injected_hook(uintptr_t) (compiled by plain clang)
#   sancov      clang -O2 -fsanitize-coverage=edge,trace-loads,trace-stores,
#               linked with empty __sanitizer_cov_load1..16/store1..16. On
#               clang-14 trace-loads/trace-stores insert nothing on their own;
#               with a coverage level (edge) they insert exactly the load/store
#               callbacks (edge alone would add trace-pc-guard; with
#               trace-loads it adds no edge callback: checked on IR).
#   lackey      valgrind --tool=lackey --trace-mem=yes on the plain build.
#               About 2,500x slower, so it runs on two small inputs (sizes s1,
#               s2 in the output); its time on the full input is extrapolated
#               linearly, t(s1) + (t(s2) - t(s1)) * (S - s1) / (s2 - s1), which
#               keeps a fixed start-up cost (jq's builtins) from being scaled.
# Workloads (inputs generated deterministically by gen.awk, a fixed-seed LCG):
#   zstd   zstd -7 then zstd -d of a 50 MB text (single thread, no async I/O)
#   bzip2  bzip2 -9 then bzip2 -d of a 10 MB text
#   zlib   zlib's minigzip -9 then minigzip -d of a 20 MB text
#   jq     a select/group_by/map filter over 100,000 JSON records (12 MB)
# Runs are interleaved (run 1 of every variant, then run 2 ...) so that a
# change in machine load spreads over all variants. "events" is what the
# ptrhook runtime counted in one run; "ns/event" = (ptrhook - plain) / events.
#
# Compile time: a project built from scratch at -O2 with clang and with
# ptrhook-cc/ptrhook-c++ (plugin loaded, pass run); median wall and user+sys
# CPU time of make/cmake --build (-j jobs) over the runs, and their ratios.
#
# Usage: test/bench/overhead.sh [options]
#   --quick           short version: 3 runs, smaller inputs, zstd/bzip2/jq,
#                     lackey on zstd and bzip2 only; compile time on bzip2
#   --runs N          timed runs per variant (default 5)
#   --vg-runs N       lackey runs per input size (default 1)
#   --workloads a,b   subset of: zstd bzip2 zlib jq
#   --no-lackey       skip valgrind
#   --no-compile      skip the compile-time measurement
#   --workdir DIR     sources, builds, inputs (default: <ptrhook build>/bench)
#   --build DIR       ptrhook build tree (default: <repo>/build)
#   --jobs N          parallel jobs for the builds (default 2)
#   -h, --help        this text
# Sources are fetched with test/realworld/run.sh --fetch-only (apt-get source).
# Workloads, builds and helpers shared with speedtest1.sh: workloads.sh.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/test/bench"
usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "overhead.sh: error: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

# ---- 1. options --------------------------------------------------------------
quick=0 runs=5 vg_runs=1 workloads="zstd bzip2 zlib jq" lackey=1 compile=1
workdir="" build="$root/build" jobs=2 runs_set=0 wl_set=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs=$2; runs_set=1; shift ;;
    --vg-runs) [ $# -ge 2 ] || die "--vg-runs needs a value"; vg_runs=$2; shift ;;
    --workloads) [ $# -ge 2 ] || die "--workloads needs a value"; workloads=${2//,/ }; wl_set=1; shift ;;
    --no-lackey) lackey=0 ;;
    --no-compile) compile=0 ;;
    --workdir) [ $# -ge 2 ] || die "--workdir needs a value"; workdir=$2; shift ;;
    --build) [ $# -ge 2 ] || die "--build needs a value"; build=$2; shift ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; jobs=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (--help lists them)" ;;
  esac
  shift
done
for n in "$runs" "$vg_runs" "$jobs"; do
  case "$n" in ''|*[!0-9]*|0) die "--runs, --vg-runs and --jobs expect a positive number" ;; esac
done
known_workloads="zstd bzip2 zlib jq"
for w in $workloads; do
  case " $known_workloads " in *" $w "*) ;; *) die "unknown workload '$w'" ;; esac
done
if [ $quick = 1 ]; then
  [ $runs_set = 1 ] || runs=3
  [ $wl_set = 1 ] || workloads="zstd bzip2 jq"
fi

build=$(cd "$build" 2>/dev/null && pwd) || die "no ptrhook build dir '$build'"
instr_cc="$build/bin/ptrhook-cc"
[ -x "$instr_cc" ] || die "$instr_cc missing: build ptrhook first"
plain_cc=$(PTRHOOK_CC_VERBOSE=1 "$instr_cc" --version 2>&1 | sed -n 's/^ptrhook-cc: exec: \([^ ]*\) .*/\1/p' | head -n 1)
[ -x "$plain_cc" ] || die "cannot tell which clang $instr_cc runs"
plain_cxx="${plain_cc}++"
instr_cxx="$build/bin/ptrhook-c++"
workdir=${workdir:-$build/bench}
mkdir -p "$workdir" || die "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)
unset PTRHOOK_OPTIONS PTRHOOK_CC_VERBOSE MAKEFLAGS MFLAGS MAKELEVEL CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CC CXX
export LC_ALL=C

# shellcheck source=test/bench/workloads.sh
source "$here/workloads.sh"

# ---- 2. sources, tools, support objects -----------------------------------------
ct_projects=""
if [ $compile = 1 ]; then
  if [ $quick = 1 ]; then ct_projects="bzip2"; else ct_projects="zstd jsoncpp"; fi
fi
projects=""
for p in $workloads $ct_projects; do
  case ",$projects," in *",$p,"*) ;; *) projects="$projects,$p" ;; esac
done
note "ptrhook: $build; plain: $plain_cc; work dir: $workdir"
"$root/test/realworld/run.sh" --fetch-only --projects "${projects#,}" --workdir "$workdir" --build "$build" ||
  die "fetching sources failed"
src="$workdir/src"
if [ $lackey = 1 ] && ! command -v valgrind >/dev/null; then
  note "apt-get install -y valgrind"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q valgrind >"$workdir/apt-valgrind.log" 2>&1 ||
    die "cannot install valgrind (see $workdir/apt-valgrind.log)"
fi

obj="$workdir/obj"; mkdir -p "$obj"
support_sources "$obj"
"$plain_cc" -O2 -fPIC -c "$obj/emptyhook.c" -o "$obj/emptyhook.o" &&
  "$plain_cc" -O2 -fPIC -c "$obj/sancov.c" -o "$obj/sancov.o" || die "cannot compile the support objects"

variants="plain ptrhook emptyhook sancov"
sancov_flags="-fsanitize-coverage=edge,trace-loads,trace-stores"
# variant_env VARIANT - sets CCV CFL LDF for one variant.
variant_env() {
  case "$1" in
    plain) CCV=$plain_cc CFL="-O2" LDF="" ;;
    ptrhook) CCV=$instr_cc CFL="-O2" LDF="" ;;
    emptyhook) CCV=$instr_cc CFL="-O2" LDF="$obj/emptyhook.o" ;;
    sancov) CCV=$plain_cc CFL="-O2 $sancov_flags" LDF="$obj/sancov.o" ;;
  esac
}

# ---- 3. builds ---------------------------------------------------------------
# build_<project>, bin_<project>: workloads.sh.

# bench_build PROJECT VARIANT - build once per work dir (kept for later runs).
bench_build() {
  local p=$1 v=$2 d="$workdir/build/$1-$2"
  [ -f "$d/.built" ] && return 0
  variant_env "$v"
  rm -rf "$d"; mkdir -p "$workdir/build"
  cp -a "$src/$p" "$d" || return 1
  note "building $p ($v)"
  if ! (cd "$d" && "build_$p") >"$d/build.log" 2>&1; then
    note "$p ($v): build failed, see $d/build.log"; tail -n 15 "$d/build.log" | sed 's/^/   | /' >&2; return 1
  fi
  # The variant really is what it claims to be.
  local b; b=$("bin_$p" "$d")
  local syms; syms=$( { nm "$b"; nm -D "$b"; find "$d" -name '*.so*' -type f -exec nm -D {} + ; } 2>/dev/null)
  case "$v" in
    plain) ! grep -q -e '__injected_hook' -e '__sanitizer_cov' <<<"$syms" ;;
    ptrhook) grep -q '__injected_hook' <<<"$syms" && ! grep -q ptrhook_bench_empty_hook_marker <<<"$syms" ;;
    emptyhook) grep -q ptrhook_bench_empty_hook_marker <<<"$syms" ;;
    sancov) grep -q '__sanitizer_cov_load' <<<"$syms" ;;
  esac || { note "$p ($v): the binary does not look like a $v build"; return 1; }
  touch "$d/.built"
}

# ---- 4. inputs and workloads -------------------------------------------------------
# gen_text, gen_json, input_of, unit_of, run_<workload>, check_result, timed:
# workloads.sh.

# Sizes: full input, and the two small ones for lackey (bytes or records);
# read through ${!name}.
# shellcheck disable=SC2034
if [ $quick = 1 ]; then
  size_zstd=20000000 size_bzip2=4000000 size_zlib=8000000 size_jq=40000
  vg_zstd="50000 200000" vg_bzip2="20000 80000" vg_zlib="20000 80000" vg_jq=""
else
  size_zstd=50000000 size_bzip2=10000000 size_zlib=20000000 size_jq=100000
  vg_zstd="100000 400000" vg_bzip2="25000 100000" vg_zlib="25000 100000" vg_jq="200 1000"
fi

# ---- 5. run time ----------------------------------------------------------------
tdir="$workdir/times"; rm -rf "$tdir"; mkdir -p "$tdir"
out="$workdir/out"; mkdir -p "$out"
status=0
active=""
for w in $workloads; do
  ok=1
  for v in $variants; do bench_build "$w" "$v" || ok=0; done
  if [ $ok = 0 ]; then status=1; continue; fi
  size_var="size_$w"; input=$(input_of "$w" "${!size_var}")
  # One untimed run per variant: warms the page cache and checks the result.
  for v in $variants; do
    d="$workdir/build/$w-$v"
    if ! timed "$w" "$d" "$input" "$out/$w-$v" >/dev/null; then
      note "$w ($v) failed: $(head -c 300 "$out/$w-$v.err")"; ok=0; continue
    fi
    if ! check_result "$w" "$input" "$out/$w-$v" "$out/$w-plain"; then
      note "$w ($v): result differs from the expected one"; ok=0
    fi
  done
  if [ $ok = 0 ]; then status=1; continue; fi
  # Events counted by the default runtime in one run.
  rm -rf "$out/ev-$w"; mkdir -p "$out/ev-$w"
  PTRHOOK_OPTIONS="summary=1:output=$out/ev-$w/events" "run_$w" "$workdir/build/$w-ptrhook" "$input" "$out/$w-ev" >/dev/null 2>&1 ||
    note "$w (ptrhook): the run that counts events failed"
  cat "$out/ev-$w"/events.* 2>/dev/null | awk '/^ptrhook: [0-9]+ events in/ { s += $2 } END { printf "%.0f\n", s }' >"$tdir/$w.events"
  active="$active $w"
done

note "timing:$active, $runs runs x variants [$variants], interleaved"
for r in $(seq 1 "$runs"); do
  for w in $active; do
    size_var="size_$w"; input=$(input_of "$w" "${!size_var}")
    for v in $variants; do
      if t=$(timed "$w" "$workdir/build/$w-$v" "$input" "$out/$w-$v"); then
        echo "${t% *}" >>"$tdir/$w.$v"; echo "${t#* }" >>"$tdir/$w.$v.cpu"
      else note "$w ($v) failed in run $r"; status=1; fi
    done
  done
  note "run $r/$runs done"
done

if [ $lackey = 1 ]; then
  export RUNPFX="valgrind --tool=lackey --trace-mem=yes --log-file=/dev/null"
  for w in $active; do
    vg_var="vg_$w"
    set -- ${!vg_var}
    [ $# -eq 2 ] || continue
    for s in "$1" "$2"; do
      input=$(input_of "$w" "$s")
      for r in $(seq 1 "$vg_runs"); do
        note "lackey: $w on $s $(unit_of "$w") (run $r/$vg_runs)"
        if t=$(timed "$w" "$workdir/build/$w-plain" "$input" "$out/$w-vg"); then echo "${t% *}" >>"$tdir/$w.vg.$s"; echo "${t#* }" >>"$tdir/$w.vg.$s.cpu"
        else note "lackey on $w failed: $(head -c 300 "$out/$w-vg.err")"; fi
      done
    done
  done
  export RUNPFX=""
fi

# ---- 6. compile time ------------------------------------------------------------
ct_build_zstd() { make -C programs -j"$jobs" zstd CC="$1" CFLAGS=-O2; }
ct_build_bzip2() { make -j"$jobs" bzip2 CC="$1" CFLAGS="-O2 -D_FILE_OFFSET_BITS=64"; }
ct_build_jsoncpp() { cmake --build obj -j"$jobs"; }
ct_prepare_jsoncpp() {  # untimed: configure
  cmake -S . -B obj -DCMAKE_C_COMPILER="$1" -DCMAKE_CXX_COMPILER="$2" -DCMAKE_BUILD_TYPE= \
    -DCMAKE_CXX_FLAGS=-O2 -DJSONCPP_WITH_TESTS=ON -DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF >/dev/null
}
ct_runs=$runs; [ "$ct_runs" -ge 3 ] || ct_runs=3
if [ $compile = 1 ]; then
  for p in $ct_projects; do
    for r in $(seq 1 "$ct_runs"); do
      for v in plain ptrhook; do
        if [ $v = plain ]; then c=$plain_cc cx=$plain_cxx; else c=$instr_cc cx=$instr_cxx; fi
        d="$workdir/ct/$p-$v"; rm -rf "$d"; mkdir -p "$workdir/ct"; cp -a "$src/$p" "$d"
        if [ "$(type -t "ct_prepare_$p")" = function ]; then (cd "$d" && "ct_prepare_$p" "$c" "$cx") || { status=1; continue; }; fi
        # /usr/bin/time reports the CPU time of everything make waited for.
        if (cd "$d" && export -f "ct_build_$p" && export jobs &&
            /usr/bin/time -f '%e %U %S' -o "$d/time" bash -c 'ct_build_'"$p"' "$@"' _ "$c" "$cx") >"$d/build.log" 2>&1; then
          awk '{ print $1 }' "$d/time" >>"$tdir/ct.$p.$v.wall"
          awk '{ print $2 + $3 }' "$d/time" >>"$tdir/ct.$p.$v.cpu"
        else
          note "compile-time build of $p ($v) failed: see $d/build.log"; status=1
        fi
      done
      note "compile time: $p run $r/$ct_runs done"
    done
  done
fi

# ---- 7. tables ------------------------------------------------------------------
echo
echo "ptrhook overhead on real programs ($(date -u '+%Y-%m-%d %H:%M UTC'); $(PTRHOOK_CC_VERBOSE=1 "$instr_cc" --version 2>&1 | sed -n 's/^ptrhook-cc: \(ptrhook .*\)/\1/p' | head -n 1))"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end of the run"
echo
echo "Run time at -O2: wall time, median of $runs runs, as a ratio to the uninstrumented build"
printf '%-6s %-16s %9s %9s %11s %9s %10s %16s %9s\n' workload input "plain s" ptrhook "empty hook" sancov "lackey*" "ptrhook events" "ns/event"
for w in $active; do
  size_var="size_$w"; s=${!size_var}
  p=$(median <"$tdir/$w.plain"); ph=$(median <"$tdir/$w.ptrhook")
  eh=$(median <"$tdir/$w.emptyhook"); sc=$(median <"$tdir/$w.sancov")
  ev=$(cat "$tdir/$w.events")
  nse=$(awk -v a="$p" -v b="$ph" -v e="$ev" 'BEGIN { if (e > 0) printf "%.2f", (b - a) * 1e9 / e; else print "-" }')
  vg="-"
  vg_var="vg_$w"; set -- ${!vg_var}
  if [ $# -eq 2 ] && [ -s "$tdir/$w.vg.$1" ] && [ -s "$tdir/$w.vg.$2" ]; then
    t1=$(median <"$tdir/$w.vg.$1"); t2=$(median <"$tdir/$w.vg.$2")
    est=$(awk -v s1="$1" -v s2="$2" -v t1="$t1" -v t2="$t2" -v S="$s" 'BEGIN { printf "%.1f", t1 + (t2 - t1) * (S - s1) / (s2 - s1) }')
    vg=$(ratio "$p" "$est")
    echo "$w: lackey $t1 s on $1 $(unit_of "$w"), $t2 s on $2; extrapolated to $s: $est s" >>"$tdir/lackey.notes"
    # the same in CPU time, for the second table
    t1=$(median <"$tdir/$w.vg.$1.cpu"); t2=$(median <"$tdir/$w.vg.$2.cpu")
    awk -v s1="$1" -v s2="$2" -v t1="$t1" -v t2="$t2" -v S="$s" 'BEGIN { printf "%.1f\n", t1 + (t2 - t1) * (S - s1) / (s2 - s1) }' >"$tdir/$w.vg.est.cpu"
  fi
  if [ "$w" = jq ]; then label="$s records"; else label="$((s / 1000000)) MB"; fi
  printf '%-6s %-16s %9s %9s %11s %9s %10s %16s %9s\n' "$w" "$label" "$(fmt "$p")" "$(ratio "$p" "$ph")" \
    "$(ratio "$p" "$eh")" "$(ratio "$p" "$sc")" "$vg" "$ev" "$nse"
done
echo
echo "  ptrhook: default runtime; empty hook: ptrhook with an empty user __injected_hook;"
echo "  sancov: clang $sancov_flags with empty callbacks;"
if [ $lackey = 1 ]; then
  echo "  * lackey (valgrind --tool=lackey --trace-mem=yes, $vg_runs run(s) per size) ran on two much"
  echo "    smaller inputs; its full-input time is extrapolated linearly from them:"
  sed 's/^/      /' "$tdir/lackey.notes" 2>/dev/null
else
  echo "  * lackey: not run (--no-lackey)"
fi
echo "  ns/event: (ptrhook - plain) / events, wall time over the whole run."
echo
echo "The same runs in CPU time (user+sys), median ratio; and the spread of the wall times"
printf '%-6s %9s %9s %11s %9s %9s   %s\n' workload "plain s" ptrhook "empty hook" sancov "lackey*" "wall s min..max: plain | ptrhook | empty hook | sancov"
for w in $active; do
  p=$(median <"$tdir/$w.plain.cpu")
  spread=""
  for v in $variants; do
    spread="$spread$(sort -g "$tdir/$w.$v" | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.2f..%.2f", a, b }') | "
  done
  vg="-"; [ -s "$tdir/$w.vg.est.cpu" ] && vg=$(ratio "$p" "$(cat "$tdir/$w.vg.est.cpu")")
  printf '%-6s %9s %9s %11s %9s %9s   %s\n' "$w" "$(fmt "$p")" "$(ratio "$p" "$(median <"$tdir/$w.ptrhook.cpu")")" \
    "$(ratio "$p" "$(median <"$tdir/$w.emptyhook.cpu")")" "$(ratio "$p" "$(median <"$tdir/$w.sancov.cpu")")" "$vg" "${spread% | }"
done

if [ $compile = 1 ]; then
  echo
  echo "Compile time at -O2 (from scratch, -j$jobs): median of $ct_runs builds"
  printf '%-9s %10s %12s %8s %12s %14s %8s\n' project "plain wall" "ptrhook wall" ratio "plain cpu s" "ptrhook cpu s" ratio
  for p in $ct_projects; do
    [ -s "$tdir/ct.$p.plain.wall" ] && [ -s "$tdir/ct.$p.ptrhook.wall" ] || continue
    pw=$(median <"$tdir/ct.$p.plain.wall"); iw=$(median <"$tdir/ct.$p.ptrhook.wall")
    pc=$(median <"$tdir/ct.$p.plain.cpu"); ic=$(median <"$tdir/ct.$p.ptrhook.cpu")
    printf '%-9s %10s %12s %8s %12s %14s %8s\n' "$p" "$(fmt "$pw")" "$(fmt "$iw")" "$(ratio "$pw" "$iw")" \
      "$(fmt "$pc")" "$(fmt "$ic")" "$(ratio "$pc" "$ic")"
  done
  echo "  cpu: user+sys of the whole build (make and every compiler it ran)."
fi
echo
echo "raw times: $tdir"
exit $status
