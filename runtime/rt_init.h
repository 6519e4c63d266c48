/*===-- rt_init.h - runtime init -------------------------------*- C -*-===*
 *
 * Layer 8 (runtime/CMakeLists.txt): uses options, output, sites, registry,
 * the trace and the thread lifecycle.  Started by rt_hook.c, which knows
 * this copy's own hook.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_INIT_H
#define PTRHOOK_RT_INIT_H

#include "rt_state.h"

/* The body of init: decide whether this copy is active (whether the hook
 * calls reach `own_hook`, this copy's hook by its hidden alias; NULL in the
 * static runtime, which is always active), read the options, open the
 * output (and the trace), print help, create the thread key.  Only once,
 * through ensure_init() (rt_hook.c).  Exits the process with status 1 on
 * malformed options, and on an output that cannot be opened when
 * exit_on_output_error=1; every other failure degrades (stderr, counting,
 * folding). */
PTRHOOK_HIDDEN void __ptrhook_init_once(void (*own_hook)(uintptr_t));

#endif /* PTRHOOK_RT_INIT_H */
