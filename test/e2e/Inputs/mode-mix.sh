#!/bin/sh
# Builds and runs every pairing of mode-mix.test: an executable (events
# counted through the hook, or inline) with the static runtime (the wrapper's
# default) or the shared one, and an instrumented DSO (hook, inline=count,
# cc=preserve_most) linked in or only dlopen()ed.  One line per pairing:
#
#   exe=MODE rt=RUNTIME lib=MODE load=HOW: <the program's line> summaries=N: <summary>
#
#   mode-mix.sh PTRHOOK_CC CLANG RTSO_DIR INPUTS OUT_DIR
set -eu
cc=$1 clang=$2 rtdir=$3 inputs=$4 out=$5

flags() {
  case $1 in
  hook) ;;
  inline) echo -fptrhook-inline=count ;;
  cc) echo -fptrhook-cc=preserve_most ;;
  esac
}

for lib in hook inline cc; do
  "$cc" -O2 $(flags $lib) -fPIC -shared "$inputs/lib.c" -o "$out/lib$lib.so"
done
for exe in hook inline; do
  # For the shared runtime, -fPIC: inline=count code of an executable reads
  # the counters with local-exec TLS, which only works when the runtime
  # defining them is linked into the executable itself.
  "$cc" -O2 $(flags $exe) -c "$inputs/mix-main.c" -o "$out/main-$exe-static.o"
  "$cc" -O2 $(flags $exe) -fPIC -c "$inputs/mix-main.c" -o "$out/main-$exe-shared.o"
  for rt in static shared; do
    for lib in hook inline cc; do
      for load in linked dlopen; do
        bin="$out/$exe-$rt-$lib-$load"
        link=""
        [ "$load" = linked ] && link="-Wl,--no-as-needed -L$out -l$lib -Wl,-rpath,$out"
        if [ "$rt" = static ]; then
          "$cc" "$out/main-$exe-$rt.o" $link -ldl -o "$bin"
        else
          "$clang" "$out/main-$exe-$rt.o" $link "$rtdir/libptrhook_rt.so" \
            -Wl,-rpath,"$rtdir" -ldl -o "$bin"
        fi
        PTRHOOK_OPTIONS=summary=1 "$bin" "$out/lib$lib.so" >"$bin.out" 2>"$bin.err"
        echo "exe=$exe rt=$rt lib=$lib load=$load: $(cat "$bin.out")" \
          "summaries=$(grep -c 'events in' "$bin.err" || true):" \
          "$(grep 'events in' "$bin.err" || true)"
      done
    done
  done
done
