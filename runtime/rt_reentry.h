/*===-- rt_reentry.h - events the re-entry guard kept from the hook -*- C -*-===*
 *
 * Layer 4 (runtime/CMakeLists.txt): uses the registry and the output.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_REENTRY_H
#define PTRHOOK_RT_REENTRY_H

#include "rt_state.h"

/* The calling thread's hook depth, which the guard the pass puts around a
 * user's hook reads and writes (ptrhook_abi.h). */
extern _Thread_local uint32_t PTRHOOK_HOOK_DEPTH_SYM
    __attribute__((tls_model("initial-exec")));

/* Count one event of hook `hook` (index in PTRHOOK_HOOK_NAME_LIST) that the
 * guard dropped on the thread whose record is `t`: in the record, or
 * straight into the totals once the thread's exit destructor ran.  Only on
 * the owning thread.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_reentry_count(struct __ptrhook_thread *t,
                                            uint32_t hook);

/* Thread exit: add `t`'s dropped events to the totals.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_reentry_retire_locked(struct __ptrhook_thread *t);

/* Events dropped by the guard in the whole process so far (exited threads
 * and live ones); the hooks they were raised inside, as a mask, into
 * `*hooks` unless it is NULL.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_reentry_total_locked(uint32_t *hooks);

/* Write "ptrhook: N events raised inside HOOK were not delivered to it
 * (re-entry guard) ..." to stderr when N > 0 (takes the registry lock).
 * Returns 0, or -1 if the write failed. */
PTRHOOK_HIDDEN int __ptrhook_reentry_report(void);

/* Stop the program: hook `hook` reached `depth` nested deliveries
 * (PTRHOOK_REENTRANT).  Writes the message to stderr and exits with
 * status 1.  Does not return. */
PTRHOOK_HIDDEN __attribute__((noreturn)) void
__ptrhook_reentry_stop(uint32_t hook, uint32_t depth);

/* fork() child: the forking thread `self` starts from 0; the parent
 * reports what was dropped before.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_reentry_after_fork_child(struct __ptrhook_thread *self);

#endif /* PTRHOOK_RT_REENTRY_H */
