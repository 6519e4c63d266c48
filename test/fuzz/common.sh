# Shared by csmith.sh and llvm-stress.sh (sourced, not run): find the tools
# that belong to one ptrhook build tree.
#
# fuzz_resolve_build DIR sets
#   FUZZ_BUILD   absolute build dir
#   FUZZ_CLANG   the clang the plugin was built for (PTRHOOK_CLANG)
#   FUZZ_TOOLS   that LLVM's bin/ (opt, llc, llvm-stress)
#   FUZZ_PLUGIN  DIR/lib/ptrhook.so
#   FUZZ_CC      DIR/bin/ptrhook-cc
# or prints why it cannot and returns 1.

fuzz_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# One variable from a CMakeCache.txt (NAME:TYPE=VALUE); empty when absent.
fuzz_cache_var() {
  sed -n "s/^$2:[A-Z]*=//p" "$1" | head -n 1
}

fuzz_resolve_build() {
  local dir=$1 cache llvm_dir
  [ -d "$dir" ] || { echo "$(basename "$0"): no build dir '$dir'" >&2; return 1; }
  FUZZ_BUILD=$(cd "$dir" && pwd)
  cache=$FUZZ_BUILD/CMakeCache.txt
  [ -f "$cache" ] || { echo "$(basename "$0"): '$FUZZ_BUILD' has no CMakeCache.txt (not configured?)" >&2; return 1; }

  FUZZ_CLANG=$(fuzz_cache_var "$cache" PTRHOOK_CLANG)
  FUZZ_CLANG=${FUZZ_CLANG:-/usr/lib/llvm-14/bin/clang}

  # LLVM_DIR is <prefix>/lib/cmake/llvm, so the tools are in <prefix>/bin;
  # fall back to the directory of the recorded clang.
  FUZZ_TOOLS=
  llvm_dir=$(fuzz_cache_var "$cache" LLVM_DIR)
  if [ -n "$llvm_dir" ] && [ -d "$llvm_dir" ]; then
    FUZZ_TOOLS=$(cd "$(readlink -f "$llvm_dir")/../../.." 2>/dev/null && pwd)/bin
  fi
  if [ ! -x "$FUZZ_TOOLS/opt" ]; then
    FUZZ_TOOLS=$(dirname "$(readlink -f "$FUZZ_CLANG")")
  fi

  FUZZ_PLUGIN=$FUZZ_BUILD/lib/ptrhook.so
  FUZZ_CC=$FUZZ_BUILD/bin/ptrhook-cc
  local f
  for f in "$FUZZ_CLANG" "$FUZZ_TOOLS/opt" "$FUZZ_TOOLS/llc" "$FUZZ_PLUGIN" "$FUZZ_CC"; do
    [ -e "$f" ] || { echo "$(basename "$0"): missing $f (build '$FUZZ_BUILD' first)" >&2; return 1; }
  done
}

# Seconds since the epoch, for the run time in the summary.
fuzz_now() { date +%s; }

# "1h02m03s" from a number of seconds.
fuzz_duration() {
  local s=$1
  if [ "$s" -ge 3600 ]; then
    printf '%dh%02dm%02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
  else
    printf '%dm%02ds' $((s / 60)) $((s % 60))
  fi
}

# Writes a command line, shell-quoted, to stdout.
fuzz_quote() {
  local a out=
  for a in "$@"; do out="$out $(printf '%q' "$a")"; done
  printf '%s\n' "${out# }"
}

# fuzz_snapshot DEST: copies the resolved build's bin/, lib/ and
# CMakeCache.txt to DEST and resolves DEST instead, so that a rebuild of the
# shared build tree in the middle of a long run cannot change (or half-write)
# the plugin, the runtime or the wrapper under test.  The wrapper finds the
# plugin and the runtime relative to itself, so the copy works as is.
fuzz_snapshot() {
  local dest=$1 src=$FUZZ_BUILD
  rm -rf "$dest" && mkdir -p "$dest" &&
    cp -a "$src/bin" "$src/lib" "$src/CMakeCache.txt" "$dest/" ||
    { echo "$(basename "$0"): cannot snapshot $src to $dest" >&2; return 1; }
  { echo "snapshot of $src taken $(date -u +%FT%TZ)"
    git -C "$src/.." rev-parse HEAD 2>/dev/null
    (cd "$dest" && md5sum lib/* bin/*); } >"$dest/SNAPSHOT"
  fuzz_resolve_build "$dest"
}
