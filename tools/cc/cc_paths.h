/*===-- cc_paths.h - finding the plugin and the runtime --------------------===*
 *
 * The wrapper looks for its companions relative to itself, never on a
 * search path and never at a path fixed at build time.  One directory holds
 * ptrhook.so, libptrhook_rt.a, libptrhook_rt.so and ptrhook.dynlist:
 *   installed:   <prefix>/bin/ptrhook-cc-N and <prefix>/lib/ptrhook/llvm-N
 *                (PTRHOOK_BIN_TO_PKGLIBDIR, one directory per LLVM major);
 *   build tree:  build/bin/ptrhook-cc and build/lib.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_PATHS_H
#define PTRHOOK_CC_PATHS_H

#include "cc_state.h"

/* Finds the wrapper's own executable through /proc/self/exe (so through
 * the ptrhook-c++ symlink too) and sets st->libdir, st->plugin,
 * st->rt_static, st->rt_shared and st->dynlist: the installed layout's
 * directory if it exists, else the build tree's; the files themselves are
 * not checked.  Returns 0, or -1 after printing an error if /proc/self/exe
 * is unreadable. */
int paths_locate(struct cc_state *st);

/* Returns 0 if PATH names a readable file; otherwise prints
 * "WHAT not found: PATH" and returns -1. */
int paths_require(const char *what, const char *path);

#endif /* PTRHOOK_CC_PATHS_H */
