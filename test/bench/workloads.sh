# shellcheck shell=bash disable=SC2154
# test/bench/workloads.sh - sourced by overhead.sh and speedtest1.sh: the real
# workloads (how to fetch, build and run them, and what result each must
# reproduce), the empty hook and callback sources, and the arithmetic of the
# tables. Not executable on its own.
#
# The caller sets, before calling anything here:
#   root      the repository          here   test/bench
#   workdir   sources (src/) and inputs (inputs/)
#   jobs      parallel make jobs      install  1 = may run apt-get
#   and die/note (message helpers).
# A build function runs in a fresh copy of the project's source with
# CCV (compiler), CFL (compile flags) and LDF (extra link arguments) set.

# ---- arithmetic ---------------------------------------------------------------
now() { date +%s%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "" || x == "nan") print "-"; else printf "%.2f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "nan" || b == "nan" || a <= 0 || b == "") print "-"; else if (b / a >= 100) printf "%.0fx", b / a; else printf "%.2fx", b / a }'; }

# ---- fetching -------------------------------------------------------------------
# The apt helpers of test/realworld/run.sh (apt_update, ensure_tools,
# ensure_deb_src, fetch PROJECT PACKAGE -> $workdir/src/PROJECT), taken from
# its "tools and sources" section so that there is one copy of them.
load_fetch_helpers() {
  local rw="$root/test/realworld/run.sh"
  # shellcheck disable=SC1090
  source <(sed -n '/^# ---- 2\. tools and sources/,/^# ---- 3\./p' "$rw")
  local f
  for f in apt_update ensure_tools ensure_deb_src fetch; do
    declare -F "$f" >/dev/null || die "cannot take $f() from $rw (its layout changed?)"
  done
}

# ---- support sources ------------------------------------------------------------
# support_sources DIR - the empty hooks and the empty SanitizerCoverage
# callbacks, each in its own translation unit (compiled by plain clang, but
# emptyhook_guard.c: by ptrhook-cc).
support_sources() {
  cat >"$1/emptyhook.c" <<'EOF'
/* An empty user hook: replaces the runtime's weak default. */
#include <stdint.h>
int ptrhook_bench_empty_hook_marker;
void __injected_hook(uintptr_t a) { (void)a; }
EOF
  cat >"$1/emptyhook_guard.c" <<'EOF'
/* The empty user hook, compiled with ptrhook-cc (speedtest1.sh), which
 * wraps it in the re-entry guard. */
#include <stdint.h>
int ptrhook_bench_guarded_hook_marker;
void __injected_hook(uintptr_t a) { (void)a; }
EOF
  cat >"$1/emptyhook_pm.c" <<'EOF'
/* An empty user hook for -fptrhook-cc=preserve_most. */
#include <stdint.h>
int ptrhook_bench_empty_pm_hook_marker;
__attribute__((preserve_most)) void __injected_hook_preserve_most(uintptr_t a) { (void)a; }
EOF
  cat >"$1/emptyhook_pa.c" <<'EOF'
/* An empty user hook for -fptrhook-cc=preserve_all. */
#include <stdint.h>
int ptrhook_bench_empty_pa_hook_marker;
__attribute__((preserve_all)) void __injected_hook_preserve_all(uintptr_t a) { (void)a; }
EOF
  cat >"$1/emptyhook_site.c" <<'EOF'
/* An empty user hook for -fptrhook-abi=site. */
#include <stdint.h>
struct ptrhook_site;
int ptrhook_bench_empty_site_hook_marker;
void __injected_hook_site(uintptr_t a, const struct ptrhook_site *s) { (void)a; (void)s; }
EOF
  cat >"$1/tlshook.c" <<'EOF'
/* A hook that counts events in a thread-local: called, or inlined with
 * -fptrhook-hook (no branch: an add at every site). */
#include <stdint.h>
int ptrhook_bench_tls_hook_marker;
static _Thread_local uint64_t events;
uint64_t ptrhook_bench_tls_events(void) { return events; }
void __injected_hook(uintptr_t a) { (void)a; events++; }
EOF
  cat >"$1/sancov.c" <<'EOF'
/* Empty SanitizerCoverage callbacks for edge,trace-loads,trace-stores (and
 * trace-pc-guard, should a clang insert it). */
#include <stdint.h>
#define LS(n) void __sanitizer_cov_load##n(void *p) { (void)p; } \
              void __sanitizer_cov_store##n(void *p) { (void)p; }
LS(1) LS(2) LS(4) LS(8) LS(16)
void __sanitizer_cov_trace_pc_guard(uint32_t *g) { (void)g; }
void __sanitizer_cov_trace_pc_guard_init(uint32_t *a, uint32_t *b) { (void)a; (void)b; }
EOF
}

# ---- builds ---------------------------------------------------------------------
# build_<project>: build in the current directory (a fresh copy of the source)
# with CCV/CFL/LDF; bin_<project> DIR prints the program to run.
build_zstd() { make -C programs -j"$jobs" V=1 zstd CC="$CCV" CFLAGS="$CFL" LDFLAGS="$LDF"; }
bin_zstd() { echo "$1/programs/zstd"; }
build_bzip2() { make -j"$jobs" bzip2 CC="$CCV" CFLAGS="$CFL -D_FILE_OFFSET_BITS=64" LDFLAGS="$LDF"; }
bin_bzip2() { echo "$1/bzip2"; }       # linked with libbz2.so in $1
build_zlib() {
  CC="$CCV" CFLAGS="$CFL" LDFLAGS="$LDF" ./configure --static && make -j"$jobs" minigzip LDFLAGS="$LDF"
}
bin_zlib() { echo "$1/minigzip"; }
build_jq() {
  autoreconf -fi && CC="$CCV" CFLAGS="$CFL" LDFLAGS="$LDF" ./configure --disable-docs --disable-valgrind \
    --with-oniguruma=yes && make -j"$jobs" V=1
}
bin_jq() { if [ -x "$1/.libs/jq" ]; then echo "$1/.libs/jq"; else echo "$1/jq"; fi; }   # libjq.so in .libs
# speedtest1: its "source" is $workdir/src/speedtest1 (sqlite3.c, sqlite3.h,
# speedtest1.c; made by prepare_speedtest1).
build_speedtest1() {
  # shellcheck disable=SC2086
  $CCV $CFL -c sqlite3.c -o sqlite3.o && $CCV $CFL -c speedtest1.c -o speedtest1.o &&
    $CCV speedtest1.o sqlite3.o $LDF -lm -lpthread -ldl -o speedtest1
}
bin_speedtest1() { echo "$1/speedtest1"; }

# prepare_speedtest1 - SQLite's Debian source package (the canonical tree,
# not the amalgamation): configure it with plain clang, `make sqlite3.c`
# (needs tclsh), keep sqlite3.c, sqlite3.h and test/speedtest1.c. Needs
# load_fetch_helpers and $plain_cc.
prepare_speedtest1() {
  local d="$workdir/src/speedtest1" b="$workdir/src/sqlite-amalg"
  [ -f "$d/.ptrhook-prepared" ] && return 0
  ensure_tools tcl:tclsh make:make
  ensure_deb_src
  fetch sqlite sqlite3 || die "cannot fetch SQLite (apt-get source sqlite3)"
  note "making the SQLite amalgamation (sqlite3.c)"
  rm -rf "$b" "$d"; mkdir -p "$b" "$d"
  if ! (cd "$b" && CC="$plain_cc" CFLAGS=-O2 "$workdir/src/sqlite/configure" && make sqlite3.c) >"$b.log" 2>&1; then
    tail -n 10 "$b.log" >&2; die "cannot make sqlite3.c (see $b.log)"
  fi
  cp "$b/sqlite3.c" "$b/sqlite3.h" "$workdir/src/sqlite/test/speedtest1.c" "$d/" || die "cannot copy the amalgamation"
  rm -rf "$b"
  touch "$d/.ptrhook-prepared"
}

# ---- inputs and runs -------------------------------------------------------------
# inputs under $workdir/inputs, generated deterministically by gen.awk
gen_text() { [ -s "$workdir/inputs/text.$1" ] || awk -v mode=text -v bytes="$1" -f "$here/gen.awk" >"$workdir/inputs/text.$1"; }
gen_json() { [ -s "$workdir/inputs/json.$1" ] || awk -v mode=json -v records="$1" -f "$here/gen.awk" >"$workdir/inputs/json.$1"; }
jq_filter='[.[] | select(.score > 500) | {id, name: (.name | ascii_upcase), n: (.tags | length), k: .owner.karma}]
  | group_by(.n) | map({n: .[0].n, count: length, karma: (map(.k) | add)})'
# input_of WORKLOAD SIZE - prints the input argument of run_WORKLOAD
input_of() {
  mkdir -p "$workdir/inputs"
  case "$1" in
    jq) gen_json "$2"; echo "$workdir/inputs/json.$2" ;;
    speedtest1) echo "--size $2 --memdb" ;;
    *) gen_text "$2"; echo "$workdir/inputs/text.$2" ;;
  esac
}
unit_of() { case "$1" in jq) echo records ;; speedtest1) echo "(--size)" ;; *) echo bytes ;; esac; }

# run_<workload> DIR INPUT OUT: one run; $RUNPFX (split into words) prefixes
# each program. They run in a child bash under /usr/bin/time, hence the exports.
RUNPFX=""
run_zstd() {
  local z; z=$(bin_zstd "$1")
  $RUNPFX "$z" -q -f -7 --single-thread --no-asyncio "$2" -o "$3.zst" &&
    $RUNPFX "$z" -q -f -d --no-asyncio "$3.zst" -o "$3"
}
run_bzip2() {
  LD_LIBRARY_PATH="$1" $RUNPFX "$1/bzip2" -9 -c <"$2" >"$3.bz2" &&
    LD_LIBRARY_PATH="$1" $RUNPFX "$1/bzip2" -d -c <"$3.bz2" >"$3"
}
run_zlib() {
  $RUNPFX "$1/minigzip" -9 <"$2" >"$3.gz" && $RUNPFX "$1/minigzip" -d <"$3.gz" >"$3"
}
run_jq() {
  LD_LIBRARY_PATH="$1/.libs" $RUNPFX "$(bin_jq "$1")" -c "$jq_filter" "$2" >"$3"
}
run_speedtest1() {
  # shellcheck disable=SC2086
  $RUNPFX "$1/speedtest1" $2 >"$3"
}
# The result every variant must reproduce: the input for the compressors,
# the reference output (the plain build's) for jq and speedtest1, whose
# per-test times are left out.
check_result() {  # WORKLOAD INPUT OUT REF
  case "$1" in
    jq) cmp -s "$3" "$4" ;;
    speedtest1) cmp -s <(sed -E 's/ +[0-9]+\.[0-9]+s$//' "$3") <(sed -E 's/ +[0-9]+\.[0-9]+s$//' "$4") ;;
    *) cmp -s "$2" "$3" ;;
  esac
}

export -f run_zstd run_bzip2 run_zlib run_jq run_speedtest1 bin_zstd bin_jq
export jq_filter RUNPFX

# timed WORKLOAD DIR INPUT OUT - prints "WALL CPU" (seconds; CPU = user+sys of
# every process of the run), or fails.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$4.time" bash -c 'run_'"$1"' "$@"' _ "$2" "$3" "$4" >/dev/null 2>"$4.err" ||
    return 1
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$4.time"
}
