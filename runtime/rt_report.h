/*===-- rt_report.h - totals, the summary, the counts file -----*- C -*-===*
 *
 * Layer 6 (runtime/CMakeLists.txt): reads the recording modes (counts,
 * inline, trace) through the registry and writes with the output.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_REPORT_H
#define PTRHOOK_RT_REPORT_H

#include "rt_state.h"

/* Events of `t` so far, its trace buffer not included: counted (count,
 * log), counted per site (the site hook counts only there), numbered trace
 * events written or dropped, nested trace events, inline-counted events.
 * Sums the thread's site counters: O(sites it ran), not for a hot path.
 * Cannot fail. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_report_thread_events(const struct __ptrhook_thread *t);

/* Add the events `t` counted since its last fold to the retired events
 * (a thread that exited, or whose key destructor ran).  Only ever called
 * on the owning thread.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_report_fold(struct __ptrhook_thread *t);

/* Events of the whole process (retired threads plus live ones, pending
 * trace records included); stores the number of threads that recorded at
 * least one event in `*threads` unless `threads` is NULL (a thread that
 * only entered inline-counted code, or whose events were all disabled or
 * filtered out, is not one).  Takes the registry lock.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_report_totals(uint64_t *threads);

/* Remember the final count of an exited thread for counts=.  Cannot
 * fail (past 65536 exited threads, the others are counted, not listed). */
PTRHOOK_HIDDEN void
__ptrhook_report_note_exit_locked(const struct __ptrhook_thread *t);

/* fork() child: the retired events and exited threads are the parent's.
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_report_after_fork_child(void);

/* Write "ptrhook: N events in T threads\n" ("1 thread") to the output,
 * plus the per-kind line when some abi=site event (count mode) or
 * inline-counted event has a kind.  Returns 0,
 * or -1 if a write failed. */
PTRHOOK_HIDDEN int __ptrhook_report_summary(void);

/* Write every count to `path`.<pid> (counts=).  Returns 0, or -1 after
 * reporting the failure on stderr. */
PTRHOOK_HIDDEN int __ptrhook_report_counts_file(const char *path);

/* The runtime's destructor, after init: if this copy is the active one,
 * finish the trace, print the summary (summary=1) and write the counts
 * file (counts=), with SIGPIPE blocked.  Failures are reported on stderr;
 * if any output failed during the run and exit_on_output_error=1, ends the
 * process with status 1 (after flushing stdio); else returns. */
PTRHOOK_HIDDEN void __ptrhook_report_exit(void);

#endif /* PTRHOOK_RT_REPORT_H */
