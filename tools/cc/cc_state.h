/*===-- cc_state.h - the one state of the ptrhook-cc wrapper ---------------===*
 *
 * Every phase of ptrhook-cc (cc_main.c) reads and fills this struct, in the
 * manner of AFL++'s afl-cc: the mode, each user argument with its action,
 * what the arguments ask clang to do, what the wrapper adds, and the final
 * command line.  Phases run in the order of the sections below.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_STATE_H
#define PTRHOOK_CC_STATE_H

#include <stdbool.h>

#include "cc_util.h"

/* What becomes of one user argument. */
enum cc_action {
  CC_KEEP, /* passed to clang unchanged */
  CC_DROP, /* a wrapper option: consumed, never reaches clang */
  CC_SCAN  /* an @file: passed unchanged, its contents classified too */
};

/* Which runtime library the link step gets. */
enum cc_runtime {
  CC_RT_NONE,
  CC_RT_STATIC, /* libptrhook_rt.a: executables, -static */
  CC_RT_SHARED  /* libptrhook_rt.so: -shared */
};

struct cc_state {
  /* 1. Mode: from the name the wrapper was run by. */
  bool cxx;          /* ptrhook-c++: drive clang++ */
  const char *clang; /* absolute path of the clang to run */

  /* 2. Classification: the user's arguments and one action each. */
  int argc;
  char **argv;
  enum cc_action *action; /* action[i] for argv[i], i >= 1 */

  /* What the arguments ask of clang. */
  bool no_link;       /* -c -S -E -M -MM -fsyntax-only -r ...: no link step */
  bool no_codegen;    /* -E -M -MM -fsyntax-only ...: the pass never runs */
  bool shared;        /* -shared */
  bool static_link;   /* -static, -static-pie */
  unsigned n_inputs;  /* input files, "-" included */
  unsigned n_sources; /* inputs clang compiles to code (see cc_lang.h) */
  bool print_help;    /* --help, -help: clang prints its options, exits */
  bool print_version; /* --version: clang prints its version, exits */

  /* The wrapper's own options (-fptrhook...). */
  bool enabled;      /* -fptrhook (default) / -fno-ptrhook */
  struct util_vec plugin_flags; /* the -fptrhook-N options of the pass's
                                   table as its flags, -ptrhook-N=V, in
                                   order (cc_options.h) */
  bool link_time; /* -fptrhook-link-time: instrument inside the LTO link */
  const char *hook_source; /* -fptrhook-hook=FILE, NULL without */

  /* What the hook's compile takes from clang's options (cc_hook.c): the
   * target (-target T, --target=T, -m32, -m64, -mx32), in order. */
  struct util_vec target_flags;

  /* What link-time instrumentation needs to see among clang's options. */
  bool lto;     /* -flto, -flto=full|thin (the last of -flto / -fno-lto) */
  bool use_lld; /* -fuse-ld=lld (the last -fuse-ld=) */

  /* Classifier state carried from one argument to the next, also across
   * response files: clang flattens them before parsing options. */
  const char *lang;    /* -x language in effect, NULL for "by extension" */
  int pending;         /* values still owed to the previous option */
  bool lang_pending;   /* ... and that option was -x (or --language) */
  bool target_pending; /* ... or -target */
  bool after_dashdash; /* after "--" every argument is an input */
  int dashdash_at;     /* argv index of a command-line "--", or 0 */

  /* 3. Plan: what the wrapper adds. */
  bool add_plugin;         /* -fpass-plugin=PLUGIN */
  bool add_plugin_options; /* -Xclang -load ... -mllvm -ptrhook-* */
  bool add_include_dir;    /* -idirafter <ptrhook.h's directory> */
  bool add_hook; /* -fptrhook-hook: -ptrhook-hook=<its bitcode> when
                    compiling, its object when linking (cc_hook.h) */
  bool add_link_plugin;    /* -Wl,--load-pass-plugin=PLUGIN (lld, LTO) */
  enum cc_runtime runtime;
  bool add_dynlist; /* -Wl,--dynamic-list=DYNLIST */

  /* 4. Files: where the plugin and the runtime are. */
  char *libdir; /* installed: ../lib/ptrhook/llvm-N; build tree: ../lib */
  char *plugin;
  char *rt_static;
  char *rt_shared;
  char *dynlist;
  char *include_dir; /* ptrhook.h's directory */
  /* -fptrhook-hook: the hook definition (bitcode) and object made of
   * hook_source (cc_hook.c), NULL until made. */
  char *hook_bc;
  char *hook_obj;

  /* 5. Command: the argv given to execv. */
  struct util_vec cmd;
};

#endif /* PTRHOOK_CC_STATE_H */
