/*===-- rt_hook.h - the hooks' slow path -----------------------*- C -*-===*
 *
 * Layer 9 (runtime/CMakeLists.txt), the top of the C runtime: what the
 * register-preserving hooks (rt_hook_cc.c) call besides the fast paths of
 * rt_hot.h.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_HOOK_H
#define PTRHOOK_RT_HOOK_H

#include "rt_state.h"

/* Everything the hooks do besides their fast paths: init, registering the
 * thread, kind filtering, log mode, the trace buffer's refill, folding
 * events of a thread whose key destructor ran, nested events.  Records
 * the event `addr` (with `site`, NULL for the plain hook) and sets the
 * thread's hot mode for the next one.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_hook_slow(uintptr_t addr,
                                        const struct ptrhook_site *site);

/* The body of __ptrhook_inline_enter (the preserve_all entry point is in
 * rt_hook_cc.c): register the calling thread and attach its inline
 * counters.  Inside the runtime already, it does nothing (the next
 * instrumented function asks again).  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_inline_enter_c(void);

/* The runtime's own default hooks, by hidden aliases (rt_hook.c,
 * rt_hook_cc.c; names in ptrhook_abi.h): their addresses are this copy's
 * code even where the program's definitions take the global names.  Only
 * their addresses are used (rt_abi.c). */
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SYM(uintptr_t addr);
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SITE_SYM(uintptr_t addr,
                                                  const struct ptrhook_site *s);
/* Declared without their conventions (GCC compiles the C files): never
 * called through these names. */
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_PM_SYM(void);
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SITE_PM_SYM(void);
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_PA_SYM(void);
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SITE_PA_SYM(void);

#endif /* PTRHOOK_RT_HOOK_H */
