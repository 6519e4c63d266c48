/*===-- cc_info.c - ptrhook-cc --help and --version ------------------------===*
 *
 * See cc_info.h.
 *===----------------------------------------------------------------------===*/
#include "cc_info.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cc_config.h"
#include "cc_exec.h"
#include "cc_options.h"
#include "cc_paths.h"
#include "cc_util.h"

/* " (not found)" when PATH is not readable, so that --version shows at once
 * an install that lost its plugin. */
static const char *missing(const char *path) {
  return access(path, R_OK) == 0 ? "" : " (not found)";
}

static void print_version(const struct cc_state *st) {
  printf("ptrhook version %s (LLVM %s)\n", PTRHOOK_VERSION,
         PTRHOOK_LLVM_VERSION);
  printf("ptrhook plugin: %s%s\n", st->plugin, missing(st->plugin));
  printf("ptrhook runtime: %s%s\n", st->rt_static, missing(st->rt_static));
}

/* Sections in the layout of clang's own help, which comes just before. */
static void print_help(const struct cc_state *st) {
  const char *name = st->cxx ? "ptrhook-c++" : "ptrhook-cc";

  printf("\nPTRHOOK (%s %s, LLVM %s):\n", name, PTRHOOK_VERSION,
         PTRHOOK_LLVM_VERSION);
  printf("  Runs %s\n"
         "  with the ptrhook pass plugin added when it compiles a source to "
         "code and the\n"
         "  ptrhook runtime added when it links; everything above is "
         "clang's.\n"
         "  Details: man %s\n",
         st->clang, name);
  fputs("\nPTRHOOK OPTIONS (consumed by the wrapper, never passed to "
        "clang):\n",
        stdout);
  options_print_help(stdout);
  fputs("\nPTRHOOK ENVIRONMENT:\n"
        "  PTRHOOK_CC_VERBOSE=1    Print the clang command before "
        "running it\n"
        "  PTRHOOK_OPTIONS=<opts>  Read by instrumented programs: "
        "summary=1, log=1,\n"
        "                          output=<path>; help=1 lists them all\n",
        stdout);
  printf("\nPTRHOOK FILES (in %s):\n", st->libdir);
  printf("  ptrhook.so              The pass plugin%s\n", missing(st->plugin));
  printf("  libptrhook_rt.a         The runtime for executables%s\n",
         missing(st->rt_static));
  printf("  libptrhook_rt.so        The runtime for shared libraries%s\n",
         missing(st->rt_shared));
}

int info_run(struct cc_state *st) {
  int status;

  if (paths_locate(st) != 0)
    return 1;
  status = exec_run_child(st);
  if (status < 0) {
    util_error("cannot run '%s': %s", st->clang, strerror(errno));
    return 1;
  }
  if (status != 0)
    return status;
  if (st->print_help)
    print_help(st);
  else
    print_version(st);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    util_error("cannot write to standard output: %s", strerror(errno));
    return 1;
  }
  return 0;
}
