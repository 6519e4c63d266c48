/*===-- rt_tracefile.h - mode=trace: the file and its blocks --*- C -*-===*
 *
 * Layer 4 (runtime/CMakeLists.txt): uses the output and the sites (whose
 * tables it writes, as a listener).  The per-thread buffers, whose events
 * fill the EVENTS blocks, stand above it (rt_trace.h).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_TRACEFILE_H
#define PTRHOOK_RT_TRACEFILE_H

#include "rt_state.h"

/* Open TRACE_PATH.<pid> (TRACE_PATH made absolute) and write its header
 * and the site tables: those known so far, then each new one as it is
 * registered.  Returns 0, or -1 after reporting on stderr (events are then
 * only counted). */
PTRHOOK_HIDDEN int __ptrhook_tracefile_open(const char *path);

/* Create TRACE_PATH.<pid> for the calling process (the first open, or a
 * child after fork()) and write its header and every site table.  Returns
 * 0, or -1 after reporting on stderr. */
PTRHOOK_HIDDEN int __ptrhook_tracefile_create(void);

/* Whether the trace is open and writable.  Cannot fail. */
PTRHOOK_HIDDEN bool __ptrhook_tracefile_ok(void);

/* The file the trace goes to ("" when it could not be created).  Cannot
 * fail. */
PTRHOOK_HIDDEN const char *__ptrhook_tracefile_path(void);

/* Where a thread's EVENTS blocks are packed (trace_pack=1): an area as
 * long as its buffer's records, 8-aligned, and the packer's state.  A NULL
 * area: written raw. */
struct ptrhook_trace_pack_state;
struct __ptrhook_trace_packer {
  unsigned char *area;
  struct ptrhook_trace_pack_state *state;
};

/* Write an EVENTS block of `t`: `words` words of records (two per record
 * when `wide`) from `from`, numbered from `seq` (or, with flag
 * PTRHOOK_TRACE_F_NESTED, nested before `seq`, `arg` counting the earlier
 * nested ones); packed with `pk` when it is not NULL and that is shorter.
 * Async-signal-safe.  Returns 0, or -1 if the trace is not writable (a
 * failure is reported once). */
PTRHOOK_HIDDEN int
__ptrhook_tracefile_events(const struct __ptrhook_thread *t,
                           const uintptr_t *from, size_t words, bool wide,
                           uint64_t seq, uint16_t flags, uint64_t arg,
                           const struct __ptrhook_trace_packer *pk);

/* Write the THREAD_END block of `t` (`exited`: the thread exited, rather
 * than still running at the end).  Async-signal-safe.  A failure is
 * reported once; nothing to return. */
PTRHOOK_HIDDEN void
__ptrhook_tracefile_thread_end(const struct __ptrhook_thread *t, bool exited);

/* Write the PROCESS_END block: `threads` threads; `sig` non-zero when the
 * fatal-signal handler writes it.  Async-signal-safe.  A failure is
 * reported once; nothing to return. */
PTRHOOK_HIDDEN void __ptrhook_tracefile_process_end(uint64_t threads, int sig);

/* fork() child: close the child's copy of the parent's trace and stop
 * writing to it.  Returns false when there was no trace to close. */
PTRHOOK_HIDDEN bool __ptrhook_tracefile_drop_after_fork(void);

#endif /* PTRHOOK_RT_TRACEFILE_H */
