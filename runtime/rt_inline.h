/*===-- rt_inline.h - events counted inline (inline=count) ---*- C -*-===*
 *
 * Layer 4 (runtime/CMakeLists.txt): uses the registry and the output.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_INLINE_H
#define PTRHOOK_RT_INLINE_H

#include "rt_state.h"

/* The thread-local counters and flag the instrumented code updates
 * (ptrhook_abi.h). */
extern _Thread_local uint64_t PTRHOOK_INLINE_COUNTS_SYM[PTRHOOK_INLINE_KIND_COUNT]
    __attribute__((tls_model("initial-exec")));
extern _Thread_local uint8_t PTRHOOK_INLINE_THREAD_SYM
    __attribute__((tls_model("initial-exec")));

/* Attach the calling thread's inline counters to its record `self` (warns
 * once when the mode traces or logs: these events are only counted).
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_inline_attach_locked(struct __ptrhook_thread *self);

/* The process state changed (enable, disable, kinds): move the live
 * threads' marks.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_inline_sync_locked(void);

/* Inline-counted events `t` recorded.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_inline_thread_count(const struct __ptrhook_thread *t);

/* Thread exit: add `t`'s recorded events per kind to the totals.  Cannot
 * fail. */
PTRHOOK_HIDDEN void __ptrhook_inline_retire_locked(struct __ptrhook_thread *t);

/* Inline-counted events per kind of the process so far, into `out`.
 * Returns false when there were none. */
PTRHOOK_HIDDEN bool
__ptrhook_inline_by_kind_locked(uint64_t out[PTRHOOK_KIND_COUNT]);

/* fork() child: the forking thread `self` starts counting again from 0.
 * Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_inline_after_fork_child(struct __ptrhook_thread *self);

#endif /* PTRHOOK_RT_INLINE_H */
