#!/usr/bin/env bash
# test/realworld/run.sh - build real programs with and without ptrhook and run
# their own test suites on both builds.
#
# For every project and -O level the Debian source package is fetched
# (`apt-get source`), built with the project's own build system twice -- plain
# (the clang that ptrhook-cc runs) and instrumented (ptrhook-cc / ptrhook-c++)
# -- and the project's own test suite is run on each build. Instrumented runs
# get PTRHOOK_OPTIONS=summary=1:output=<dir>/events, so every instrumented
# process writes events.<pid>; the "ptrhook: N events in T threads" lines are
# summed. Prints a table: build ok, tests passed/failed plain vs instrumented,
# events, processes that wrote a summary, and the instr/plain wall-time ratio
# of the test suite.
#
# Usage: test/realworld/run.sh [options]
#   --quick            fast CI subset: zlib and cjson at -O2 only
#   --projects a,b     projects to run (default: all of them):
#                      zlib bzip2 lz4 zstd jq cjson jsoncpp tinyxml2
#   --opt O0,O2        -O levels (default: O2,O0); any of O0 O1 O2 O3 Os Oz
#   --workdir DIR      sources, builds and logs (default: <ptrhook build>/realworld)
#   --build DIR        ptrhook build tree holding bin/ptrhook-cc (default: <repo>/build)
#   --instr-flags "F"  extra ptrhook-cc/ptrhook-c++ options for the instrumented
#                      builds, e.g. "-fptrhook-abi=site -fptrhook-elide-const-geps"
#                      (given through wrapper scripts in WORKDIR/wrap, so that
#                      every build system sees one compiler path)
#   --jobs N           parallel jobs for the project builds (default: 2);
#                      test suites always run serially, so that times compare
#   --no-install       never run apt-get: fail when a tool or source is missing
#   --fetch-only       only install the tools and fetch the sources, then stop
#                      (test/bench/overhead.sh uses this)
#   -h, --help         this text
#
# Setup it does by itself (as root, unless --no-install): installs the missing
# build tools (dpkg-dev, autoconf, libtool, bison, flex, libonig-dev, cmake ...);
# when `apt-cache showsrc` finds nothing, writes
# /etc/apt/sources.list.d/ptrhook-src.sources, a `Types: deb-src` copy of the
# configured Debian deb822 stanzas (same URIs/Suites/Components/Signed-By), and
# runs apt-get update. A source version that the mirror no longer serves
# falls back to the other versions `apt-cache madison` lists.
#
# What runs (each project's own suite; "tests" count what the suite counts):
#   zlib      configure && make; make teststatic testshared test64, ./infcover
#   bzip2     make; make -i test (12 steps: 6 (de)compressions, 6 cmp)
#   lz4       make; tests/Makefile: lz4 CLI tests, fuzzer and frametest
#             (-i500 iterations instead of -T90s, so that times compare)
#   zstd      make -C tests; make check (playTests.sh), fuzzer/zstreamtest
#             (-i100), decodecorpus (-n200), legacy, invalidDictionaries,
#             pool, longmatch. fullbench is a benchmark (time-bounded) and
#             left out, like the suites' time-bounded fuzzing modes.
#   jq        autoreconf; configure --disable-valgrind; make check
#   cjson     CMake with cJSON_Utils; ctest (unity tests)
#   jsoncpp   CMake; ctest (unit tests + the python reader/writer suites)
#   tinyxml2  CMake; ctest running xmltest (its "Pass N, Fail M" is counted)
#
# Layout of the work dir: src/<project>/ (pristine, Debian patches applied),
# <project>-<O>-{plain,instr}/ (tree copy or CMake build dir, build.log,
# test.log, events/), results.tsv and table.txt.
#
# Exit status: 0 when every row is ok; 1 when an instrumented build fails, an
# instrumented test fails where the plain one passes, an instrumented suite
# reports no events, or a plain build fails (nothing to compare with);
# 2 for usage or setup errors.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
all_projects="zlib bzip2 lz4 zstd jq cjson jsoncpp tinyxml2"

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: error: $*" >&2; exit 2; }
note() { echo "== $*" >&2; }

# ---- 1. options --------------------------------------------------------------
projects=$all_projects
opts="O2,O0"
workdir=""
build="$root/build"
jobs=2
install=1 instr_flags=""
fetch_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) projects="zlib cjson"; opts="O2" ;;
    --projects) [ $# -ge 2 ] || die "--projects needs a value"; projects=${2//,/ }; shift ;;
    --projects=*) projects=${1#*=}; projects=${projects//,/ } ;;
    --opt) [ $# -ge 2 ] || die "--opt needs a value"; opts=$2; shift ;;
    --opt=*) opts=${1#*=} ;;
    --workdir) [ $# -ge 2 ] || die "--workdir needs a value"; workdir=$2; shift ;;
    --workdir=*) workdir=${1#*=} ;;
    --build) [ $# -ge 2 ] || die "--build needs a value"; build=$2; shift ;;
    --build=*) build=${1#*=} ;;
    --instr-flags) [ $# -ge 2 ] || die "--instr-flags needs a value"; instr_flags=$2; shift ;;
    --instr-flags=*) instr_flags=${1#*=} ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; jobs=$2; shift ;;
    --jobs=*) jobs=${1#*=} ;;
    --no-install) install=0 ;;
    --fetch-only) fetch_only=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (--help lists them)" ;;
  esac
  shift
done
for p in $projects; do
  case " $all_projects " in *" $p "*) ;; *) die "unknown project '$p' (known: $all_projects)" ;; esac
done
levels=""
for o in ${opts//,/ }; do
  o=${o#-}
  case "$o" in O0|O1|O2|O3|Os|Oz) levels="$levels $o" ;; *) die "unknown -O level '$o'" ;; esac
done
[ -n "$levels" ] || die "--opt is empty"
case "$jobs" in ''|*[!0-9]*) die "--jobs expects a number" ;; esac

build=$(cd "$build" 2>/dev/null && pwd) || die "no ptrhook build dir '$build' (build it: cmake -S $root -B $root/build && cmake --build $root/build -j2)"
instr_cc="$build/bin/ptrhook-cc"
instr_cxx="$build/bin/ptrhook-c++"
[ -x "$instr_cc" ] && [ -x "$instr_cxx" ] || die "$build/bin/ptrhook-cc or ptrhook-c++ missing: build ptrhook first"
# The plain compilers are exactly the clang the wrapper runs.
plain_cc=$(PTRHOOK_CC_VERBOSE=1 "$instr_cc" --version 2>&1 | sed -n 's/^ptrhook-cc: exec: \([^ ]*\) .*/\1/p' | head -n 1)
plain_cxx=$(PTRHOOK_CC_VERBOSE=1 "$instr_cxx" --version 2>&1 | sed -n 's/^ptrhook-cc: exec: \([^ ]*\) .*/\1/p' | head -n 1)
[ -x "$plain_cc" ] && [ -x "$plain_cxx" ] || die "cannot tell which clang $instr_cc runs (got '$plain_cc')"

workdir=${workdir:-$build/realworld}
mkdir -p "$workdir/src" || die "cannot create $workdir"
workdir=$(cd "$workdir" && pwd)
# --instr-flags: wrappers that add them (a compiler path with arguments in it
# is more than some build systems take).
if [ -n "${instr_flags:-}" ]; then
  mkdir -p "$workdir/wrap" || die "cannot create $workdir/wrap"
  for t in ptrhook-cc ptrhook-c++; do
    { echo '#!/bin/sh'; printf 'exec %q %s "$@"\n' "$build/bin/$t" "$instr_flags"; } >"$workdir/wrap/$t"
    chmod +x "$workdir/wrap/$t"
  done
  instr_cc="$workdir/wrap/ptrhook-cc"
  instr_cxx="$workdir/wrap/ptrhook-c++"
fi
# Nothing from the caller's environment may leak into builds or suites.
unset PTRHOOK_OPTIONS PTRHOOK_CC_VERBOSE MAKEFLAGS MFLAGS MAKELEVEL CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CC CXX
export LC_ALL=C

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

# ---- 2. tools and sources ----------------------------------------------------
apt_updated=0
apt_update() {
  [ $apt_updated = 1 ] && return 0
  note "apt-get update"
  apt-get update -q >"$workdir/apt-update.log" 2>&1 || { tail -n 5 "$workdir/apt-update.log" >&2; die "apt-get update failed"; }
  apt_updated=1
}

# ensure_tools PKG:CMD ... - install the packages whose command (or, for
# libraries, whose package) is missing.
ensure_tools() {
  local want="" item pkg cmd
  for item in "$@"; do
    pkg=${item%%:*}; cmd=${item#*:}
    if [ "$cmd" != "$item" ] && [ -n "$cmd" ]; then
      command -v "$cmd" >/dev/null 2>&1 && continue
    else
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' && continue
    fi
    want="$want $pkg"
  done
  [ -z "$want" ] && return 0
  [ $install = 1 ] || die "missing:$want (and --no-install given)"
  apt_update
  note "apt-get install -y$want"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $want >"$workdir/apt-install.log" 2>&1 ||
    { tail -n 5 "$workdir/apt-install.log" >&2; die "apt-get install$want failed"; }
}

# ensure_deb_src - make `apt-get source` work: add deb-src twins of the
# configured Debian deb822 stanzas when no source index is known yet.
ensure_deb_src() {
  [ -n "$(apt-cache showsrc zlib 2>/dev/null)" ] && return 0
  [ $install = 1 ] || die "no deb-src entry (and --no-install given)"
  local out=/etc/apt/sources.list.d/ptrhook-src.sources files="" f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && [ "$f" != "$out" ] && files="$files $f"
  done
  [ -n "$files" ] || die "no deb822 *.sources file in /etc/apt/sources.list.d to copy a mirror from"
  note "writing $out (deb-src for the configured Debian mirror)"
  # One stanza per "Types: deb" stanza whose URIs look like a Debian mirror;
  # Enabled: no stanzas are left out. Only the fields that matter are copied.
  for f in $files; do
    awk '
      function flush() {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && uris ~ /debian/ && enabled !~ /^[ \t]*no/) {
          printf "%sTypes: deb-src\nURIs:%s\nSuites:%s\nComponents:%s\n", sep, uris, suites, comps
          if (signed != "") printf "Signed-By:%s\n", signed
          sep = "\n"
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); val = $0; sub(/^[^:]*:/, "", val) }
      key == "types:" { types = val } key == "uris:" { uris = val }
      key == "suites:" { suites = val } key == "components:" { comps = val }
      key == "signed-by:" { signed = val } key == "enabled:" { enabled = val }
      END { flush() }' "$f"
  done >"$out.tmp"
  [ -s "$out.tmp" ] || { rm -f "$out.tmp"; die "found no Debian 'Types: deb' stanza to copy into $out"; }
  mv "$out.tmp" "$out"
  apt_updated=0
  apt_update
  [ -n "$(apt-cache showsrc zlib 2>/dev/null)" ] || die "apt-cache showsrc still finds nothing after writing $out"
}

# fetch PROJECT PACKAGE - extract the Debian source package into src/PROJECT
# (once; later runs reuse it).
fetch() {
  local proj=$1 pkg=$2 dest="$workdir/src/$1" dl="$workdir/src/.dl-$1" v dir
  [ -f "$dest/.ptrhook-fetched" ] && return 0
  rm -rf "$dest" "$dl"; mkdir -p "$dl"
  note "apt-get source $pkg"
  if ! (cd "$dl" && apt-get source -q "$pkg") >"$workdir/src/$proj.fetch.log" 2>&1; then
    # e.g. a security update listed in the index but missing on the mirror
    for v in $(apt-cache madison "$pkg" 2>/dev/null | awk -F'|' '$3 ~ /Sources/ { gsub(/ /, "", $2); print $2 }'); do
      note "apt-get source $pkg=$v"
      rm -rf "$dl"; mkdir -p "$dl"
      (cd "$dl" && apt-get source -q "$pkg=$v") >>"$workdir/src/$proj.fetch.log" 2>&1 && break
    done
  fi
  dir=$(find "$dl" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$dir" ] || { tail -n 5 "$workdir/src/$proj.fetch.log" >&2; echo "run.sh: cannot fetch source package $pkg" >&2; return 1; }
  mv "$dir" "$dest" && touch "$dest/.ptrhook-fetched"
  rm -rf "$dl"
}

# ---- 3. per-project build and test steps ---------------------------------------
# Build and test functions run inside the variant directory $vdir with
# $CCX / $CXXX (compilers), $OPT (-O flag) and $src (pristine source) set;
# build output goes to stdout (build.log). Test functions set PASS, FAIL and
# FAILED (names of failed tests) and append to stdout (test.log).

copy_tree() { rm -rf "$vdir/tree" && cp -a "$src" "$vdir/tree" && cd "$vdir/tree" || return 1; }

# run_step NAME CMD... - one named test: pass when CMD exits 0.
run_step() {
  local name=$1; shift
  echo "### step: $name"
  if "$@"; then PASS=$((PASS + 1)); echo "### step $name: PASS"
  else FAIL=$((FAIL + 1)); FAILED="$FAILED $name"; echo "### step $name: FAIL"; fi
}

# ctest_counts [PATTERN] - run ctest here and count its results.
ctest_counts() {
  local log="$vdir/ctest.out" line total nfail
  ctest --output-on-failure "$@" >"$log" 2>&1
  cat "$log"
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$line" ]; then FAIL=1; FAILED="ctest"; return; fi
  total=$(echo "$line" | sed 's/.*out of \([0-9]*\).*/\1/')
  nfail=$(echo "$line" | sed 's/.*passed, \([0-9]*\) tests\{0,1\} failed.*/\1/')
  PASS=$((total - nfail)); FAIL=$nfail
  FAILED=$(sed -n '/The following tests FAILED:/,$ s/^[ \t]*[0-9]* - \([^ ]*\) .*/\1/p' "$log" | tr '\n' ' ')
}

zlib_build() {
  copy_tree || return 1
  CC="$CCX" CFLAGS="$OPT" ./configure && make -j"$jobs" all all64 infcover
}
zlib_test() {
  cd "$vdir/tree" || return 1
  local t
  for t in teststatic testshared test64; do run_step "$t" make "$t"; done
  run_step infcover ./infcover
}

bzip2_build() {
  copy_tree || return 1
  make -j"$jobs" CC="$CCX" CFLAGS="$OPT -D_FILE_OFFSET_BITS=64" libbz2.a bzip2 bzip2recover
}
bzip2_test() {
  cd "$vdir/tree" || return 1
  # The suite is one make target whose 12 command lines each check one thing
  # (make stops at the first failure); -i runs them all and names each failure.
  make -i test CC="$CCX" CFLAGS="$OPT -D_FILE_OFFSET_BITS=64" >"$vdir/make-test.out" 2>&1
  cat "$vdir/make-test.out"
  FAIL=$(grep -c 'Error [0-9]* (ignored)' "$vdir/make-test.out")
  PASS=$((12 - FAIL))
  FAILED=$(sed -n 's/.*\[Makefile:\([0-9]*\): test\] Error.*/test:\1/p' "$vdir/make-test.out" | tr '\n' ' ')
}

lz4_make() { make V=1 CC="$CCX" CFLAGS="$OPT" "$@"; }
lz4_build() {
  copy_tree || return 1
  lz4_make -j"$jobs" && lz4_make -j"$jobs" -C programs lz4c &&
    lz4_make -j"$jobs" -C tests datagen fuzzer frametest decompress-partial decompress-partial-usingDict
}
lz4_test() {
  cd "$vdir/tree" || return 1
  local t
  for t in test-lz4-essentials test-lz4-opt-parser test-lz4-sparse test-lz4-skippable \
           test-lz4c test-decompress-partial; do
    run_step "$t" lz4_make -C tests "$t"
  done
  run_step test-fuzzer lz4_make -C tests test-fuzzer FUZZER_TIME=-i500
  run_step test-frametest lz4_make -C tests test-frametest FUZZER_TIME=-i500
}

zstd_make() { make V=1 CC="$CCX" CFLAGS="$OPT" "$@"; }
zstd_build() {
  copy_tree || return 1
  zstd_make -j"$jobs" -C tests zstd datagen fuzzer zstreamtest invalidDictionaries legacy \
    decodecorpus poolTests longmatch
}
zstd_test() {
  cd "$vdir/tree" || return 1
  run_step check zstd_make -C tests check
  run_step test-fuzzer zstd_make -C tests test-fuzzer FUZZERTEST=-i100
  run_step test-zstream zstd_make -C tests test-zstream ZSTREAM_TESTTIME=-i100
  run_step test-decodecorpus zstd_make -C tests test-decodecorpus DECODECORPUS_TESTTIME=-n200
  local t
  for t in test-legacy test-invalidDictionaries test-pool test-longmatch; do
    run_step "$t" zstd_make -C tests "$t"
  done
}

jq_build() {
  copy_tree || return 1
  autoreconf -fi && CC="$CCX" CFLAGS="$OPT" ./configure --disable-docs --disable-valgrind --with-oniguruma=yes &&
    make -j"$jobs" V=1
}
jq_test() {
  cd "$vdir/tree" || return 1
  NO_VALGRIND=1 make check >"$vdir/make-check.out" 2>&1
  cat "$vdir/make-check.out"
  local pass fail err
  pass=$(sed -n 's/^# PASS: *\([0-9]*\)/\1/p' "$vdir/make-check.out" | tail -n 1)
  fail=$(sed -n 's/^# FAIL: *\([0-9]*\)/\1/p' "$vdir/make-check.out" | tail -n 1)
  err=$(sed -n 's/^# ERROR: *\([0-9]*\)/\1/p' "$vdir/make-check.out" | tail -n 1)
  if [ -z "$pass" ]; then FAIL=1; FAILED="make-check"; return; fi
  PASS=$pass; FAIL=$((${fail:-0} + ${err:-0}))
  FAILED=$(sed -n 's/^\(FAIL\|ERROR\): \(.*\)/\2/p' "$vdir/make-check.out" | tr '\n' ' ')
}

cmake_build() {  # cmake_build EXTRA-ARGS... (out-of-tree, in $vdir/obj)
  rm -rf "$vdir/obj"
  cmake -S "$src" -B "$vdir/obj" -DCMAKE_C_COMPILER="$CCX" -DCMAKE_CXX_COMPILER="$CXXX" \
    -DCMAKE_BUILD_TYPE= -DCMAKE_C_FLAGS="$OPT" -DCMAKE_CXX_FLAGS="$OPT" \
    -DCMAKE_VERBOSE_MAKEFILE=ON "$@" && cmake --build "$vdir/obj" -j"$jobs"
}

cjson_build() { cmake_build -DENABLE_CJSON_TEST=ON -DENABLE_CJSON_UTILS=ON; }
cjson_test() { cd "$vdir/obj" && ctest_counts; }

jsoncpp_build() { cmake_build -DJSONCPP_WITH_TESTS=ON -DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF; }
jsoncpp_test() { cd "$vdir/obj" && ctest_counts; }

tinyxml2_build() { cmake_build -DBUILD_TESTING=ON; }
tinyxml2_test() {
  cd "$vdir/obj" || return 1
  ctest_counts -V
  # xmltest is one ctest test holding several hundred checks: count those.
  local line
  line=$(grep -E 'Pass [0-9]+, Fail [0-9]+' "$vdir/ctest.out" | tail -n 1)
  if [ -n "$line" ]; then
    PASS=$(echo "$line" | sed 's/.*Pass \([0-9]*\),.*/\1/')
    FAIL=$(echo "$line" | sed 's/.*Fail \([0-9]*\).*/\1/')
    [ "$FAIL" = 0 ] || FAILED="xmltest:$(grep -c '^\[fail\]' "$vdir/ctest.out")-checks"
  fi
}

package_of() {
  case "$1" in zstd) echo libzstd ;; jsoncpp) echo libjsoncpp ;; *) echo "$1" ;; esac
}

# check_flags LOG CC CXX OPT - count the compile lines in LOG (the compiler,
# then -c or a source file) and those whose last -O is not OPT; prints
# "TOTAL BAD".
check_flags() {
  awk -v cc="$2" -v cxx="$3" -v want="$4" '
    /^checking / { next }   # configure output in the same log
    { n = split($0, f, /[ \t]+/); is = 0; c = 0; last = ""
      for (i = 1; i <= n; i++) {
        if (f[i] == cc || f[i] == cxx) is = 1
        else if (is && (f[i] == "-c" || f[i] ~ /\.(c|cc|cpp|cxx)$/)) c = 1
        else if (is && f[i] ~ /^-O/) last = f[i]
      }
      if (!is || !c) next
      total++
      if (!(last == want || (last == "" && want == "-O0"))) {
        if (!bad++) print "unexpected optimization flag \"" last "\" in: " substr($0, 1, 400) > "/dev/stderr"
      }
    }
    END { printf "%d %d\n", total, bad }' "$1"
}

# ---- 4. one variant: build, check flags, run the suite ----------------------------
# run_variant PROJECT LEVEL plain|instr - sets V_BUILD V_FLAGS V_PASS V_FAIL
# V_FAILED V_EVENTS V_PROCS V_SECS; leaves logs in $vdir.
run_variant() {
  local proj=$1 lvl=$2 kind=$3 t0 t1 counts
  vdir="$workdir/$proj-$lvl-$kind"
  src="$workdir/src/$proj"
  OPT="-$lvl"
  if [ "$kind" = plain ]; then CCX=$plain_cc; CXXX=$plain_cxx; else CCX=$instr_cc; CXXX=$instr_cxx; fi
  rm -rf "$vdir"; mkdir -p "$vdir/events"
  V_BUILD=no V_FLAGS="-" V_PASS=0 V_FAIL=0 V_FAILED="" V_EVENTS=0 V_PROCS=0 V_SECS=0

  t0=$(now)
  ( "${proj}_build" ) >"$vdir/build.log" 2>&1
  local rc=$?
  t1=$(now)
  if [ $rc -ne 0 ]; then
    note "$proj -$lvl $kind: BUILD FAILED ($(secs "$t0" "$t1") s), see $vdir/build.log"
    tail -n 15 "$vdir/build.log" | sed 's/^/   | /' >&2
    return
  fi
  V_BUILD=yes
  counts=$(check_flags "$vdir/build.log" "$CCX" "$CXXX" "$OPT" 2>"$vdir/flags.err")
  set -- $counts
  if [ "$1" -eq 0 ]; then V_FLAGS="none"; note "$proj -$lvl $kind: no compile line found in build.log"
  elif [ "$2" -ne 0 ]; then V_FLAGS="BAD"; note "$proj -$lvl $kind: $2 of $1 compile lines lack $OPT"; sed 's/^/   | /' "$vdir/flags.err" >&2
  else V_FLAGS="ok"; fi
  grep -F -e "$CCX " -e "$CXXX " "$vdir/build.log" | grep -m 1 -e ' -c ' | cut -c 1-300 >"$vdir/compile-line.txt"

  # Plain runs get the same PTRHOOK_OPTIONS: they must write nothing.
  t0=$(now)
  ( PASS=0 FAIL=0 FAILED=""
    export PTRHOOK_OPTIONS="summary=1:output=$vdir/events/events"
    "${proj}_test"
    echo "$PASS $FAIL $FAILED" >"$vdir/counts" ) >"$vdir/test.log" 2>&1
  t1=$(now)
  V_SECS=$(secs "$t0" "$t1")
  if [ -s "$vdir/counts" ]; then
    read -r V_PASS V_FAIL V_FAILED <"$vdir/counts"
  else
    V_FAIL=1 V_FAILED="(suite did not finish)"
  fi
  V_PROCS=$(find "$vdir/events" -name 'events.*' | wc -l)
  V_EVENTS=$(find "$vdir/events" -name 'events.*' -exec cat {} + 2>/dev/null |
    awk '/^ptrhook: [0-9]+ events in [0-9]+ threads?$/ { s += $2 } END { printf "%.0f\n", s }')
  note "$proj -$lvl $kind: build ok, flags $V_FLAGS; tests $V_PASS passed, $V_FAIL failed${V_FAILED:+ ($V_FAILED)}; $V_SECS s; $V_EVENTS events from $V_PROCS processes"
}

# ---- 5. main -----------------------------------------------------------------
note "ptrhook: $build ($(PTRHOOK_CC_VERBOSE=1 "$instr_cc" --version 2>&1 | sed -n 's/^ptrhook-cc: \(ptrhook .*\)/\1/p' | head -n 1)); plain: $plain_cc"
[ -z "$instr_flags" ] || note "instrumented builds add: $instr_flags"
note "work dir: $workdir; projects: $projects; levels:$levels"
ensure_tools dpkg-dev:dpkg-source make:make cmake:cmake autoconf:autoreconf automake:automake \
  libtool:libtoolize bison:bison flex:flex libonig-dev file:file python3:python3
ensure_deb_src
if [ $fetch_only = 1 ]; then
  rc=0
  for proj in $projects; do fetch "$proj" "$(package_of "$proj")" || rc=1; done
  exit $rc
fi

results="$workdir/results.tsv"
printf 'project\tO\tbuild_plain\tbuild_instr\tflags_plain\tflags_instr\tpass_plain\tfail_plain\tpass_instr\tfail_instr\tevents\tprocs\tsecs_plain\tsecs_instr\tratio\tstatus\n' >"$results"
bad_rows=0 good_rows=0
for proj in $projects; do
  if ! fetch "$proj" "$(package_of "$proj")"; then
    for lvl in $levels; do
      printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$proj" "-$lvl" "source fetch failed" >>"$results"
      bad_rows=$((bad_rows + 1))
    done
    continue
  fi
  for lvl in $levels; do
    run_variant "$proj" "$lvl" plain
    pb=$V_BUILD pf=$V_FLAGS pp=$V_PASS pfl=$V_FAIL pfailed=" $V_FAILED " ps=$V_SECS pev=$V_EVENTS
    run_variant "$proj" "$lvl" instr
    status=""
    [ "$V_BUILD" = yes ] || status="$status; instr build failed"
    [ "$pb" = yes ] || status="$status; plain build failed"
    [ "$pf" = ok ] || [ "$pb" != yes ] || status="$status; plain flags $pf"
    [ "$V_FLAGS" = ok ] || [ "$V_BUILD" != yes ] || status="$status; instr flags $V_FLAGS"
    if [ "$V_BUILD" = yes ] && [ "$pb" = yes ]; then
      regress=""
      for t in $V_FAILED; do
        case "$pfailed" in *" $t "*) ;; *) regress="$regress $t" ;; esac
      done
      # A suite that lost tests without naming them counts too.
      if [ -z "$regress" ] && [ "$V_FAIL" -gt "$pfl" ]; then regress=" ($V_FAIL failed vs $pfl)"; fi
      [ -z "$regress" ] || status="$status; instr-only failures:$regress"
      [ "$V_EVENTS" != 0 ] || status="$status; no events"
      [ "$pev" = 0 ] || status="$status; plain run wrote $pev events?"
      [ "$pfl" = 0 ] || status="$status (plain fails $pfl)"
    fi
    ratio=$(awk -v a="$ps" -v b="$V_SECS" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
    if [ -z "$status" ]; then status=ok; good_rows=$((good_rows + 1))
    else
      status=${status#; }
      # Failures of the plain build alone (same failures plain and instrumented)
      # are shown but do not fail the run; everything else does.
      case "$status" in
        "("*) good_rows=$((good_rows + 1)) ;;
        *) bad_rows=$((bad_rows + 1)) ;;
      esac
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$proj" "-$lvl" \
      "$pb" "$V_BUILD" "$pf" "$V_FLAGS" "$pp" "$pfl" "$V_PASS" "$V_FAIL" "$V_EVENTS" "$V_PROCS" \
      "$ps" "$V_SECS" "$ratio" "$status" >>"$results"
  done
done

# ---- 6. table ------------------------------------------------------------------
table="$workdir/table.txt"
awk -F'\t' '
  function ev(n) {  # events with thousands separators
    if (n !~ /^[0-9]+$/) return n
    s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) }
    return n s
  }
  NR == 1 {
    printf "%-9s %-4s %-11s %-11s %-13s %-13s %19s %7s %9s %9s %6s  %s\n", "project", "-O", "build p/i",
      "flags p/i", "tests plain", "tests instr", "hook events", "procs", "plain s", "instr s", "ratio", "status"
    next
  }
  { printf "%-9s %-4s %-11s %-11s %-13s %-13s %19s %7s %9s %9s %6s  %s\n", $1, $2, $3 "/" $4, $5 "/" $6,
      $7 "p " $8 "f", $9 "p " $10 "f", ev($11), $12, $13, $14, $15, $16 }' "$results" >"$table"
echo
cat "$table"
echo
echo "tests: passed/failed as each suite counts them (p/f); hook events: sum of the"
echo "'ptrhook: N events' summaries of the instrumented suite; procs: processes that"
echo "wrote one; ratio: instrumented/plain wall time of the suite."
echo "logs: $workdir/<project>-<O>-{plain,instr}/{build,test}.log; table: $table"
echo "realworld: $good_rows passed, $bad_rows failed"
[ "$bad_rows" -eq 0 ]
