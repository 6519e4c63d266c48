/*===-- rt_counts.h - per-site counters (abi=site, count mode) -*- C -*-===*
 *
 * Layer 4 (runtime/CMakeLists.txt): uses the registry and the sites.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_COUNTS_H
#define PTRHOOK_RT_COUNTS_H

#include "rt_state.h"

/* The site hook's fast path missed its cached range: find the site's
 * range, make it this thread's slot and count the event there.  Events of
 * sites in no registered range are counted per kind.  The site hook counts
 * an event in its site's counter only (no `events++`: a second counter per
 * event costs a second store-to-load dependency chain).  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_count_site_miss(struct __ptrhook_thread *self,
                                              const struct ptrhook_site *site);

/* The same from the slow path (self->busy set): count the event of
 * `site` for `self` (in its counters when it is live; else in `events`,
 * with the site in the process's per-site totals).  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_count_site(struct __ptrhook_thread *self,
                                         const struct ptrhook_site *site);

/* An event of `site` reported by a signal handler that interrupted the
 * runtime on `self`: counted in `events`, and per kind only (an atomic add
 * to the process's unattributed counts).  Async-signal-safe; cannot
 * fail. */
PTRHOOK_HIDDEN void __ptrhook_count_site_nested(struct __ptrhook_thread *self,
                                                const struct ptrhook_site *site);

/* The empty slot every thread starts with (count 0: every lookup misses). */
PTRHOOK_HIDDEN extern const struct __ptrhook_site_slot __ptrhook_no_slot;

/* Sum of `t`'s site counters (its own events of the site hook, elided
 * sites' included).  O(sites it ran).  Cannot fail. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_counts_thread_sum(const struct __ptrhook_thread *t);

/* Thread exit: add this thread's per-site counts to the process totals
 * and release its arrays.  Cannot fail (counts whose total array could
 * not be mapped are lost from the per-site report, not from the total). */
PTRHOOK_HIDDEN void __ptrhook_counts_retire_locked(struct __ptrhook_thread *t);

/* fork() child: drop `t`'s per-site counters (a thread that vanished in
 * the fork, or the forking one, which then counts from 0).  Cannot
 * fail. */
PTRHOOK_HIDDEN void __ptrhook_counts_reset_locked(struct __ptrhook_thread *t);

/* fork() child: drop the process totals.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_counts_after_fork_child(void);

/* Whether some event came through the site hook in count mode.  Cannot
 * fail. */
PTRHOOK_HIDDEN bool __ptrhook_counts_any(void);

/* Call fn(site, n, arg) for every descriptor with a non-zero total n (live
 * and exited threads).  Ranges no longer mapped (a dlclose()d DSO's) are
 * skipped.  Cannot fail. */
typedef void (*__ptrhook_site_count_fn)(const struct ptrhook_site *site,
                                        uint64_t n, void *arg);
PTRHOOK_HIDDEN void
__ptrhook_counts_each_site_locked(__ptrhook_site_count_fn fn, void *arg);

/* Store in out[k] the events of kind k that could not be given to a site.
 * Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_counts_unattributed_locked(uint64_t out[PTRHOOK_KIND_COUNT]);

/* Add to out[k] the events counted at the sites of kind k.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_counts_site_kinds_locked(uint64_t out[PTRHOOK_KIND_COUNT]);

/* Events per kind counted so far by the site hook in count mode (live and
 * exited threads); takes the registry lock.  Returns false if there were
 * none (plain ABI only). */
PTRHOOK_HIDDEN bool __ptrhook_counts_by_kind(uint64_t out[PTRHOOK_KIND_COUNT]);

#endif /* PTRHOOK_RT_COUNTS_H */
