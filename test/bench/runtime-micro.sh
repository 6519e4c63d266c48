#!/usr/bin/env bash
# test/bench/runtime-micro.sh - what one event costs in each runtime mode,
# next to the floor (an empty hook) measured in the same run.
#
# Prints figures; asserts nothing about them (exit status 1 only when a
# build fails or a variant computes a different checksum).  Not a lit test.
#
# Workloads (runtime-micro.c): gep (array walk, 4 events per element),
# chase (shuffled linked ring, cache-resident), alloc (malloc/free loop).
# Each is built at -O2:
#   plain        clang, no plugin
#   empty        plugin (abi=addr) + an empty __injected_hook in its own
#                object: a call and a return per event, THE FLOOR
#   count        plugin + libptrhook_rt.a, default options (mode=count)
#   trace        the same binary, PTRHOOK_OPTIONS=mode=trace (file in the
#                scratch directory)
#   log          the same binary, mode=log:output=FILE (1/100 of the rounds)
#   off          the same binary, mode=off
#   disabled     the same binary, enabled=0 (what ptrhook_disable() costs)
#   empty-site   plugin abi=site + empty __injected_hook_site: the floor of
#                the two-argument ABI
#   count-site   abi=site + runtime: per-site counters
#   trace-site   abi=site + runtime, mode=trace (two-word records)
#   empty-so     abi=addr, the empty hook in a DSO (through the PLT)
#   count-so     abi=addr, libptrhook_rt.so instead of the static archive
#   empty-pm     plugin cc=preserve_most + an empty preserve_most hook: the
#                floor of the register-preserving convention
#   count-pm     cc=preserve_most + runtime (count mode)
#   trace-pm     the same binary, mode=trace
#   hand         no plugin; the source increments a thread-local counter by
#                hand (-DHAND_COUNT), as many events per iteration as the
#                pass reports: the floor of inline counting
#   inline       plugin inline=count + runtime: the pass's inline counters
# ns/event = (CPU time of variant - CPU time of plain) / events, CPU time
# being perf's task-clock (user+sys of all threads, nanosecond accounting;
# bash's user+sys without perf), median of --runs runs interleaved across
# variants;
# "x floor" divides by the ns/event of the matching empty variant (empty,
# empty-site or empty-so) of the same run.  With valgrind installed the
# same is computed from instruction counts (callgrind, deterministic, user
# space only: the kernel's share of trace writes is not in it) on 1/20 of
# the rounds: Ir/event and its ratio to the floor.
#
# Usage: test/bench/runtime-micro.sh [--runs N] [--scale F] [--no-callgrind]
#                                    [--build DIR] [--keep DIR]
#   --runs N        timed runs per variant (default 5)
#   --scale F       multiply the default rounds by F (default 1; try 0.2)
#   --no-callgrind  skip the instruction counts
#   --build DIR     the ptrhook build tree (default: ../../build from here)
#   --keep DIR      build into DIR and keep it (default: a temporary dir)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$here/../.." && pwd)/build
runs=5
scale=1
callgrind=1
keep=
while (($#)); do
  case $1 in
  --runs) runs=$2; shift 2 ;;
  --scale) scale=$2; shift 2 ;;
  --no-callgrind) callgrind=0; shift ;;
  --build) build=$2; shift 2 ;;
  --keep) keep=$2; shift 2 ;;
  -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "runtime-micro.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

clang=$(sed -n 's/^config.clang = "\(.*\)"$/\1/p' "$build/test/lit.site.cfg.py")
plugin=$build/lib/ptrhook.so
rtlib=$build/lib/libptrhook_rt.a
rtdir=$build/lib
[[ -x $clang && -f $plugin && -f $rtlib ]] || {
  echo "runtime-micro.sh: no ptrhook build in $build (cmake --build it first)" >&2
  exit 1
}
if [[ -n $keep ]]; then
  dir=$keep; mkdir -p "$dir"
else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fi

# Rounds per workload: 65 M, 135 M and 60 M events; tenths of a second
# each on the machine this was written on (a trace of gep is ~0.5 GB,
# deleted after each run).
declare -A rounds=([gep]=4000 [chase]=60000000 [alloc]=15000000)
for w in "${!rounds[@]}"; do
  rounds[$w]=$(awk -v n="${rounds[$w]}" -v f="$scale" 'BEGIN { printf "%d", n * f }')
done
workloads=(gep chase alloc)

#--- builds -----------------------------------------------------------------
src=$here/runtime-micro.c
hooks=$here/runtime-micro-hooks.c
P="-fpass-plugin=$plugin"
SITE="-Xclang -load -Xclang $plugin -mllvm -ptrhook-abi=site"
PM="-Xclang -load -Xclang $plugin -mllvm -ptrhook-cc=preserve_most"
cd "$dir"
set -x
"$clang" -O2 -c "$hooks" -o hooks.o
"$clang" -O2 -fPIC -shared "$hooks" -o libhooks.so
"$clang" -O2 "$src" -o plain
"$clang" -O2 $P "$src" hooks.o -o empty
"$clang" -O2 $P "$src" "$rtlib" -pthread -o count
"$clang" -O2 $P $SITE "$src" hooks.o -o empty-site
"$clang" -O2 $P $SITE "$src" "$rtlib" -pthread -o count-site
"$clang" -O2 $P "$src" -L. -lhooks -Wl,-rpath,"$dir" -o empty-so
"$clang" -O2 $P "$src" -L"$rtdir" -lptrhook_rt -Wl,-rpath,"$rtdir" -pthread -o count-so
"$clang" -O2 $P $PM "$src" hooks.o -o empty-pm
"$clang" -O2 $P $PM "$src" "$rtlib" -pthread -o count-pm
"$clang" -O2 -DHAND_COUNT "$src" -o hand
"$clang" -O2 $P -Xclang -load -Xclang "$plugin" -mllvm -ptrhook-inline=count "$src" "$rtlib" -pthread -o inline
{ set +x; } 2>/dev/null

# variant -> binary and options
declare -A bin=([plain]=plain [empty]=empty [count]=count [trace]=count
  [log]=count [off]=count [disabled]=count [empty-site]=empty-site
  [count-site]=count-site [trace-site]=count-site [empty-so]=empty-so
  [count-so]=count-so [empty-pm]=empty-pm [count-pm]=count-pm
  [trace-pm]=count-pm [hand]=hand [inline]=inline)
declare -A opts=([trace]="mode=trace:trace_path=$dir/trace"
  [trace-pm]="mode=trace:trace_path=$dir/trace"
  [trace-site]="mode=trace:trace_path=$dir/trace"
  [log]="mode=log:output=$dir/log" [off]="mode=off" [disabled]="enabled=0")
declare -A floor_of=([count]=empty [trace]=empty [log]=empty [off]=empty
  [disabled]=empty [count-site]=empty-site [trace-site]=empty-site
  [count-so]=empty-so [count-pm]=empty-pm [trace-pm]=empty-pm
  [inline]=hand)
variants=(plain empty count trace log off disabled empty-site count-site
  trace-site empty-so count-so empty-pm count-pm trace-pm hand inline)

# Rounds of a variant (log mode writes a line per event: 1/100).
rounds_of() { # variant workload [divisor]
  local n=${rounds[$2]}
  [[ $1 == log ]] && n=$((n / 100))
  echo $((n / ${3:-1}))
}

# CPU time of a command in seconds: perf's task-clock (nanosecond
# accounting) when perf works here, else bash's user+sys (rusage, coarser).
if perf stat -x, -e task-clock true >/dev/null 2>&1; then
  cputime() { # output-file command...
    local o=$1; shift
    perf stat -x, -e task-clock -o perf.txt "$@" >"$o" 2>/dev/null || true
    awk -F, '/task-clock/ { printf "%.6f", $1 / 1000 }' perf.txt
  }
  clock="perf stat task-clock"
else
  cputime() {
    local o=$1 t; shift
    TIMEFORMAT='%U %S'
    { t=$( { time "$@" >"$o" 2>/dev/null; } 2>&1 ); } || true
    awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.4f", a[1] + a[2] }'
  }
  clock="user+sys (bash time)"
fi

# Run one variant; prints "seconds checksum".  Trace and log files are
# removed after each run (a trace of 100 M events is ~1 GB).
run() { # variant workload rounds
  local v=$1 w=$2 n=$3 t
  t=$(cputime out.txt env PTRHOOK_OPTIONS="${opts[$v]:-}" "./${bin[$v]}" "$w" "$n")
  rm -f "$dir"/trace.* "$dir"/log.*
  echo "$t $(cat out.txt)"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Events per workload and rounds: from count mode's own summary.
events_of() { # workload rounds binary
  PTRHOOK_OPTIONS=summary=1 "./$3" "$1" "$2" 2>&1 >/dev/null |
    sed -n 's/^ptrhook: \([0-9]*\) events.*/\1/p'
}

status=0
echo
echo "== CPU time ($clock), median of $runs runs; events counted by the runtime"
printf '%-6s %-11s %12s %10s %9s %8s\n' workload variant events seconds ns/event "x floor"
for w in "${workloads[@]}"; do
  declare -A times=() sums=()
  for ((r = 0; r < runs; r++)); do
    for v in "${variants[@]}"; do
      read -r t s < <(run "$v" "$w" "$(rounds_of "$v" "$w")")
      times[$v]+="$t "
      [[ $v == log ]] || sums[$v]=$s
    done
  done
  for v in "${variants[@]}"; do
    [[ $v == log || $v == plain ]] && continue
    if [[ ${sums[$v]} != "${sums[plain]}" ]]; then
      echo "runtime-micro.sh: $w/$v computed ${sums[$v]}, plain ${sums[plain]}" >&2
      status=1
    fi
  done
  declare -A med=() nspe=()
  for v in "${variants[@]}"; do
    med[$v]=$(tr ' ' '\n' <<<"${times[$v]}" | grep . | median)
  done
  ev=$(events_of "$w" "${rounds[$w]}" count)
  evlog=$(events_of "$w" "$(rounds_of log "$w")" count)
  evsite=$(events_of "$w" "${rounds[$w]}" count-site)
  # plain for log: scale the plain time to its rounds
  for v in "${variants[@]}"; do
    [[ $v == plain ]] && continue
    e=$ev; base=${med[plain]}
    [[ $v == *-site ]] && e=$evsite
    if [[ $v == log ]]; then e=$evlog; base=$(awk -v p="${med[plain]}" 'BEGIN { print p / 100 }'); fi
    nspe[$v]=$(awk -v t="${med[$v]}" -v p="$base" -v e="$e" 'BEGIN { printf "%.3f", (t - p) * 1e9 / e }')
  done
  printf '%-6s %-11s %12s %10s\n' "$w" plain - "${med[plain]}"
  for v in "${variants[@]}"; do
    [[ $v == plain ]] && continue
    e=$ev; [[ $v == *-site ]] && e=$evsite; [[ $v == log ]] && e=$evlog
    f=${floor_of[$v]:-}
    ratio=-
    # A call floor under 0.05 ns (chase: the call hides in the load
    # latency) makes a ratio meaningless; the hand-inlined counter's floor
    # is that small by nature (0.01 ns: below that, noise).
    min=0.05; [[ $f == hand ]] && min=0.01
    [[ -n $f ]] && ratio=$(awk -v a="${nspe[$v]}" -v b="${nspe[$f]}" -v m="$min" 'BEGIN { if (b < m) print "n/a"; else printf "%.2f", a / b }')
    printf '%-6s %-11s %12s %10s %9s %8s\n' "$w" "$v" "$e" "${med[$v]}" "${nspe[$v]}" "$ratio"
  done
  unset times sums med nspe
done

if ((callgrind)) && command -v valgrind >/dev/null; then
  echo
  echo "== instructions (valgrind --tool=callgrind, user space only), 1/20 of the rounds"
  printf '%-6s %-11s %12s %14s %9s %8s\n' workload variant events Ir Ir/event "x floor"
  ir() { # variant workload rounds
    env PTRHOOK_OPTIONS="${opts[$1]:-}" valgrind --tool=callgrind \
      --callgrind-out-file=/dev/null "./${bin[$1]}" "$2" "$3" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    rm -f "$dir"/trace.* "$dir"/log.*
  }
  for w in "${workloads[@]}"; do
    n=$((${rounds[$w]} / 20))
    declare -A irs=() ipe=()
    ev=$(events_of "$w" "$n" count)
    evsite=$(events_of "$w" "$n" count-site)
    for v in "${variants[@]}"; do
      [[ $v == log ]] && continue
      irs[$v]=$(ir "$v" "$w" "$n")
    done
    printf '%-6s %-11s %12s %14s\n' "$w" plain - "${irs[plain]}"
    for v in "${variants[@]}"; do
      [[ $v == plain || $v == log ]] && continue
      e=$ev; [[ $v == *-site ]] && e=$evsite
      ipe[$v]=$(awk -v a="${irs[$v]}" -v p="${irs[plain]}" -v e="$e" 'BEGIN { printf "%.2f", (a - p) / e }')
    done
    for v in "${variants[@]}"; do
      [[ $v == plain || $v == log ]] && continue
      e=$ev; [[ $v == *-site ]] && e=$evsite
      f=${floor_of[$v]:-}
      ratio=-
      [[ -n $f ]] && ratio=$(awk -v a="${ipe[$v]}" -v b="${ipe[$f]}" 'BEGIN { printf "%.2f", a / b }')
      printf '%-6s %-11s %12s %14s %9s %8s\n' "$w" "$v" "$e" "${irs[$v]}" "${ipe[$v]}" "$ratio"
    done
    unset irs ipe
  done
fi
exit $status
