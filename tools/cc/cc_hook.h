/*===-- cc_hook.h - -fptrhook-hook=FILE: the hook, compiled once ----------===*
 *
 * With -fptrhook-hook=FILE the wrapper inlines the user's hook at every
 * site: FILE is compiled once into a hook definition (bitcode, for the
 * pass's hook= parameter in every compile) and an object (for every link),
 * kept in a cache shared by the compiles of a build.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_HOOK_H
#define PTRHOOK_CC_HOOK_H

#include <stdbool.h>

#include "cc_state.h"

/* Makes sure the hook definition and object of st->hook_source exist
 * (compiling them, each command printed first when VERBOSE) and sets
 * st->hook_bc and st->hook_obj to them.  Needs st->plugin and
 * st->include_dir (paths_locate).  Returns 0, or -1 after printing an
 * error that names the -fptrhook-hook option: a file that is not a C, C++
 * or IR file or cannot be read, a hook that does not compile (clang's own
 * diagnostics come first), a cache that cannot be written. */
int hook_prepare(struct cc_state *st, bool verbose);

#endif /* PTRHOOK_CC_HOOK_H */
