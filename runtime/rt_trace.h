/*===-- rt_trace.h - mode=trace: per-thread buffers ------------*- C -*-===*
 *
 * Layer 5 (runtime/CMakeLists.txt): uses the trace file and the registry.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_TRACE_H
#define PTRHOOK_RT_TRACE_H

#include "rt_state.h"

/* Record one event of `self` from the slow path: allocate or refill its
 * buffer, or write it directly when the thread has no buffer any more
 * (folding, or after the exit report).  Cannot fail (a failed write is
 * reported once and the event counted). */
PTRHOOK_HIDDEN void __ptrhook_trace_event(struct __ptrhook_thread *self,
                                          uintptr_t addr,
                                          const struct ptrhook_site *site);

/* Record an event reported while `self` was already inside the runtime or
 * halfway through an append (a signal handler): written directly, as a
 * nested record.  Async-signal-safe; cannot fail (as above). */
PTRHOOK_HIDDEN void __ptrhook_trace_nested(struct __ptrhook_thread *self,
                                           uintptr_t addr,
                                           const struct ptrhook_site *site);

/* The trace fast mode for `self` now (TRACE1 or TRACE2 by its buffer's
 * record size), or SLOW when it has no buffer.  Cannot fail. */
PTRHOOK_HIDDEN uint8_t __ptrhook_trace_hot(const struct __ptrhook_thread *self);

/* Unwritten events in `t`'s buffer.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_trace_pending(const struct __ptrhook_thread *t);

/* Thread exit: write `self`'s buffer and its THREAD_END block; then, once
 * unlinked, __ptrhook_trace_release() hands its buffer back.  Cannot fail
 * (as __ptrhook_trace_event). */
PTRHOOK_HIDDEN void __ptrhook_trace_thread_exit(struct __ptrhook_thread *self);
PTRHOOK_HIDDEN void __ptrhook_trace_release(struct __ptrhook_thread *self);

/* Exit: write every live thread's buffer, their THREAD_END blocks and
 * PROCESS_END.  Returns 0, or -1 if the trace is not complete. */
PTRHOOK_HIDDEN int __ptrhook_trace_finish(void);

/* fork() child: drop the events buffered by `t`, a thread that vanished in
 * the fork, and put its buffer on the free list.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_trace_forget_vanished_locked(struct __ptrhook_thread *t);

/* fork() child: drop the events the forking thread `self` had buffered,
 * and number its events from 0 again.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_trace_restart_after_fork(struct __ptrhook_thread *self);

/* fork() child: open the trace for the new pid.  Cannot fail (a trace that
 * cannot be created is reported; events are then counted). */
PTRHOOK_HIDDEN void __ptrhook_trace_after_fork_child(void);

/* Install the fatal-signal handlers that write the buffers (trace mode,
 * handle_signals=1).  Cannot fail (a signal whose action is not the
 * default is left alone). */
PTRHOOK_HIDDEN void __ptrhook_trace_install_signals(void);

#endif /* PTRHOOK_RT_TRACE_H */
