/*===-- cc_paths.h - finding the plugin and the runtime --------------------===*
 *
 * The wrapper looks for its companions next to itself, never on a search
 * path: <dir of the ptrhook-cc executable>/../lib holds ptrhook.so,
 * libptrhook_rt.a, libptrhook_rt.so and ptrhook.dynlist, in the build tree
 * (build/bin, build/lib) and in an install prefix alike.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_PATHS_H
#define PTRHOOK_CC_PATHS_H

#include "cc_state.h"

/* Finds the wrapper's own executable through /proc/self/exe (so through
 * the ptrhook-c++ symlink too) and sets st->libdir, st->plugin,
 * st->rt_static, st->rt_shared and st->dynlist.  Checks nothing exists.
 * Returns 0, or -1 after printing an error if /proc/self/exe is unreadable. */
int paths_locate(struct cc_state *st);

/* Returns 0 if PATH names a readable file; otherwise prints
 * "WHAT not found: PATH" and returns -1. */
int paths_require(const char *what, const char *path);

#endif /* PTRHOOK_CC_PATHS_H */
