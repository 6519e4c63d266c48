/*===-- cc_main.c - ptrhook-cc / ptrhook-c++, a drop-in CC and CXX --------===*
 *
 * Runs the clang that matches the ptrhook plugin with the plugin and the
 * runtime added, so that `CC=ptrhook-cc ./configure && make` or
 * `cmake -DCMAKE_C_COMPILER=ptrhook-cc` builds an instrumented program.
 * Everything else is clang's: arguments pass through in order, and a
 * command with nothing to instrument or link (--version, -E, -v ...) is
 * plain clang.  Run as ptrhook-c++ (any name containing "++") it drives
 * clang++.
 *
 * Wrapper options, consumed here: -fptrhook / -fno-ptrhook (instrument, the
 * default / plain clang), and one -fptrhook-N option per row of the pass's
 * option table, pass/Options.def, handed to the plugin as -mllvm
 * -ptrhook-N=... (cc_options.h; --help lists them).  -fptrhook-link-time
 * also loads the plugin into lld at the link step.  PTRHOOK_CC_VERBOSE=1
 * prints the command before running it.  --help and --version print
 * clang's answer and then the wrapper's (cc_info.h).
 *
 * USAGE: ptrhook-cc [clang arguments] [-fptrhook-kinds=alloca|gep] ...
 *===----------------------------------------------------------------------===*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc_args.h"
#include "cc_config.h"
#include "cc_exec.h"
#include "cc_hook.h"
#include "cc_info.h"
#include "cc_options.h"
#include "cc_paths.h"
#include "cc_state.h"
#include "cc_util.h"

/* Phase 1: the mode comes from the name we were run by, not from the
 * resolved executable, so the ptrhook-c++ symlink selects clang++. */
static void choose_mode(struct cc_state *st, int argc, char **argv) {
  const char *name = argc > 0 ? argv[0] : "";
  const char *base = strrchr(name, '/');

  base = base ? base + 1 : name;
  st->cxx = strstr(base, "++") != NULL;
  st->clang = st->cxx ? PTRHOOK_CLANGXX : PTRHOOK_CLANG;
  st->argc = argc;
  st->argv = argv;
  st->action = util_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof *st->action);
  st->enabled = true;
}

/* -fptrhook-link-time defers instrumentation to the LTO link, where lld
 * loads the plugin: it needs an LLVM whose lld can (15+), LTO when
 * compiling (or there is no link step that sees the code) and lld when
 * linking.  Without them the program would silently go uninstrumented. */
static int check_link_time(const struct cc_state *st) {
  if (!PTRHOOK_LINK_TIME_PLUGINS) {
    util_error("-fptrhook-link-time needs LLVM 15 or later (lld %d cannot "
               "load pass plugins); this ptrhook is built for LLVM %s",
               PTRHOOK_LLVM_MAJOR, PTRHOOK_LLVM_VERSION);
    return -1;
  }
  if (st->add_plugin && !st->lto) {
    util_error("-fptrhook-link-time needs -flto or -flto=thin when "
               "compiling: without LTO no link step sees the code");
    return -1;
  }
  if (!st->no_link && !st->use_lld) {
    util_error("-fptrhook-link-time needs -fuse-ld=lld when linking: lld "
               "runs the plugin");
    return -1;
  }
  return 0;
}

/* Phase 3: decide what to add.  Nothing without input files (--version,
 * -print-*, ...) so that probes by configure and CMake see plain clang;
 * nothing with --help or --version, after which clang stops. */
static int plan(struct cc_state *st) {
  if (!st->enabled || st->n_inputs == 0 || st->print_help ||
      st->print_version)
    return 0;
  st->add_plugin = st->n_sources > 0 && !st->no_codegen;
  st->add_include_dir = st->n_sources > 0;
  st->add_hook = st->hook_source && (st->add_plugin || !st->no_link);
  st->add_plugin_options =
      st->add_plugin && (st->plugin_flags.n > 0 || st->add_hook);
  if (st->link_time && check_link_time(st) != 0)
    return -1;
  if (st->no_link)
    return 0;
  st->add_link_plugin = st->link_time;
  if (st->shared && !st->static_link) {
    st->runtime = CC_RT_SHARED;
  } else {
    st->runtime = CC_RT_STATIC;
    /* Export the hook from executables, so DSOs built with ptrhook-cc
     * bind to the executable's hook rather than to their own copy. */
    st->add_dynlist = !st->static_link && !st->shared;
  }
  return 0;
}

/* Phase 4: find the files the plan needs, and only those: plain clang
 * must work even where the plugin is not built. */
static int locate_files(struct cc_state *st) {
  if (!st->add_plugin && !st->add_include_dir && st->runtime == CC_RT_NONE)
    return 0;
  if (paths_locate(st) != 0)
    return -1;
  if ((st->add_plugin || st->add_link_plugin) &&
      paths_require("plugin", st->plugin) != 0)
    return -1;
  if (st->runtime == CC_RT_STATIC &&
      paths_require("runtime", st->rt_static) != 0)
    return -1;
  if (st->runtime == CC_RT_SHARED &&
      paths_require("runtime", st->rt_shared) != 0)
    return -1;
  if (st->add_dynlist && paths_require("runtime", st->dynlist) != 0)
    return -1;
  return 0;
}

static int verbose(void) {
  const char *v = getenv("PTRHOOK_CC_VERBOSE");
  return v && *v && strcmp(v, "0") != 0;
}

int main(int argc, char **argv) {
  struct cc_state st = {0};

  choose_mode(&st, argc, argv);
  if (args_classify(&st) != 0 || options_check(&st) != 0)
    return 1;
  if (plan(&st) != 0)
    return 1;
  if (locate_files(&st) != 0)
    return 1;
  if (st.add_hook && hook_prepare(&st, verbose()) != 0)
    return 1;
  exec_build(&st);
  if (verbose()) {
    fprintf(stderr, UTIL_PROG ": ptrhook %s (LLVM %s)\n", PTRHOOK_VERSION,
            PTRHOOK_LLVM_VERSION);
    exec_print(&st);
  }
  if (st.print_help || st.print_version)
    return info_run(&st); /* clang's answer, then ptrhook's */
  exec_run(&st);
  util_error("cannot run '%s': %s", st.clang, strerror(errno));
  return 127;
}
