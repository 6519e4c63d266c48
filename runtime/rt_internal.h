/*===-- rt_internal.h - declarations shared by the runtime's files -*- C -*-===*
 *
 * Naming: the public API is ptrhook_* (ptrhook.h); everything else with
 * external linkage is __ptrhook_* and hidden, so that neither copy of the
 * runtime (libptrhook_rt.a linked into an executable, libptrhook_rt.so)
 * exports or interposes internals.  The `__ptrhook_` prefix also keeps the
 * pass away from these functions if the runtime is ever compiled with it.
 *
 * Every function of the runtime carries PTRHOOK_NO_INSTRUMENT (the pass's
 * opt-out annotation with clang, noinline everywhere): the runtime must
 * never report its own pointers, even if someone builds it with LTO and
 * the plugin at link time.
 *
 * Files: rt_hook.c (hooks, thread registry, run-time control, API, exit
 * summary), rt_counts.c (per-site counters, count reports), rt_inline.c
 * (inline=count), rt_trace.c (the trace writer, fatal signals), rt_init.c
 * (init, constructor, destructor, fork), rt_options.c, rt_output.c,
 * rt_sites.c (the site registry), rt_hook_cc.c (the register-preserving
 * hooks, built with clang).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_INTERNAL_H
#define PTRHOOK_RT_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ptrhook.h"
#include "rt_options.h"
#include "rt_output.h"

#define PTRHOOK_HIDDEN __attribute__((visibility("hidden")))
#define PTRHOOK_EXPORT __attribute__((visibility("default")))
#define PTRHOOK_LIKELY(x) __builtin_expect(!!(x), 1)
#define PTRHOOK_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Most instrumented link units (executable + DSOs) with site tables. */
#define PTRHOOK_MAX_SITE_RANGES 1024

/*--- the per-thread record ------------------------------------------------*/

/* What the hooks of one thread may do without calling out of their fast
 * path, in ptrhook_thread.hot.mode.  0 is the slow path, so a new thread
 * (TLS starts zeroed) and any thread kicked by another (ptrhook_disable(),
 * exit) go through __ptrhook_hook_slow(), which decides again. */
enum __ptrhook_hot {
  PTRHOOK_HOT_SLOW = 0,   /* call __ptrhook_hook_slow */
  PTRHOOK_HOT_COUNT = 1,  /* events++ (the site hook: the site's counter) */
  PTRHOOK_HOT_TRACE1 = 2, /* trace, one-word records: the plain hook only */
  PTRHOOK_HOT_TRACE2 = 3, /* trace, two-word records: both hooks */
  PTRHOOK_HOT_OFF = 4,    /* disabled: return */
};

/* A thread's hot mode, alone in its byte: the hooks load it once per
 * event (other threads only ever store SLOW into it). */
struct __ptrhook_hotword {
  uint8_t mode; /* enum __ptrhook_hot */
};

/* A trace append in progress: the hooks claim the buffer by storing the
 * cursor with this bit set before writing the record, and publish the
 * record by storing the next cursor (records are word-aligned, so the bit
 * is free).  A signal handler whose hook finds the bit set must not touch
 * the buffer; others reading the cursor (the exit report) mask it off,
 * which leaves the record being written out. */
#define PTRHOOK_TCUR_CLAIMED ((uintptr_t)1)
static inline uintptr_t *__ptrhook_tcur_clean(uintptr_t *p) {
  return (uintptr_t *)((uintptr_t)p & ~PTRHOOK_TCUR_CLAIMED);
}

/* One range of site descriptors as one thread counts it: the counter of
 * the descriptor at byte offset `off` from `base` is the uint64_t at byte
 * offset `off` in `counts` (sparse: one counter every sizeof(struct
 * ptrhook_site) bytes), so the site hook finds it with a subtraction and
 * one bounds check, no division.  `bytes` is the range's size (0 in the
 * empty slot: every lookup misses); `counts` has 8 bytes more, so a bogus
 * site pointer inside the range cannot write past it.  Immutable once
 * published through ptrhook_thread.slot, so that a signal handler switching
 * the slot cannot leave a hook with a base of one range and the counters of
 * another. */
struct __ptrhook_site_slot {
  uintptr_t base;
  uintptr_t bytes;
  char *counts;
};

/* The counter of descriptor `i` in a slot's (or a total's) array. */
#define PTRHOOK_SITE_COUNTER(counts, i)                                        \
  (*(uint64_t *)((counts) + (size_t)(i) * sizeof(struct ptrhook_site)))

struct __ptrhook_tbuf;
struct __ptrhook_tsites;

/* One per thread, in its static TLS block (initial-exec).  The fields the
 * hooks read come first, within one cache line.  Trivially destructible:
 * glibc frees it with the thread, after the key destructor unlinked it;
 * what it points to (trace buffer, counter arrays) is mmap'd and handed
 * back by that destructor. */
struct __ptrhook_thread {
  uint64_t events;  /* events counted, or (trace) traced and written */
  struct __ptrhook_hotword hot;
  uint8_t busy;     /* 1: this thread is inside the runtime (re-entry) */
  uint8_t state;    /* enum __ptrhook_thread_state */
  uint32_t index;   /* thread number in this process, from 1 */
  uintptr_t *tcur;  /* trace: next free word (| PTRHOOK_TCUR_CLAIMED) */
  uintptr_t *tend;  /* trace: end of the buffer (tcur == tend: full) */
  const struct __ptrhook_site_slot *slot; /* count: the last range used */
  /* Cold from here. */
  uint64_t folded;  /* part of `events` already added to `retired` */
  struct __ptrhook_thread *next;
  struct __ptrhook_thread *prev;
  struct __ptrhook_tbuf *tbuf;     /* trace buffer, NULL until needed */
  struct __ptrhook_tsites *tsites; /* per-site counters, NULL until needed */
  uint64_t tseq;    /* trace: number of the first event not yet written */
  uint64_t tnested; /* trace: nested records written */
  uint32_t tid;
  /* inline=count (rt_inline.c): this thread's __ptrhook_inline_counts, or
   * NULL until it ran inline-counted code; per kind, events not recorded
   * (iskip) and the counter when recording last stopped (imark). */
  uint64_t *icounts;
  uint64_t iskip[PTRHOOK_KIND_COUNT];
  uint64_t imark[PTRHOOK_KIND_COUNT];
};

/* The calling thread's record (rt_registry.c).  Initial-exec: one
 * %fs-relative access, in libptrhook_rt.so as well. */
PTRHOOK_HIDDEN extern _Thread_local struct __ptrhook_thread __ptrhook_current
    __attribute__((tls_model("initial-exec")));

enum __ptrhook_thread_state {
  PTRHOOK_THREAD_NEW = 0, /* no event registered yet (all of TLS starts 0) */
  PTRHOOK_THREAD_LIVE,    /* linked in the registry, key destructor armed */
  PTRHOOK_THREAD_FOLDING, /* unlinked; every event goes straight to totals */
};

/*--- process-wide state ---------------------------------------------------*/

/* Process-wide state of this copy of the runtime.  Written by
 * __ptrhook_init_once() (and by the fork child handler); the atomics also
 * by the run-time control API. */
struct __ptrhook_state {
  /* Set (release) as the last step of init; the hook's slow path and the
   * API read it (acquire) to skip pthread_once once init is done. */
  atomic_bool ready;
  /* This copy of the runtime owns the output: it parsed PTRHOOK_OPTIONS
   * and prints the log and the summary.  Always true in the static
   * runtime; see rt_init.c for the shared one. */
  bool active;
  /* The mode in effect (enum __ptrhook_mode): options.mode, with log=1
   * folded in, and count when this copy is not active. */
  uint8_t mode;
  /* ptrhook_enable()/ptrhook_disable(), options.enabled at start. */
  atomic_bool enabled;
  /* Kind mask (ptrhook_set_kinds(), options.kinds at start). */
  atomic_uint kinds;
  /* Bumped after every change of the above; see refresh_hot (rt_hook.c). */
  atomic_uint generation;
  /* The exit report ran: late events take the slow path. */
  atomic_bool finished;
  struct __ptrhook_options options;
};
PTRHOOK_HIDDEN extern struct __ptrhook_state PTRHOOK_STATE_SYM;

/*--- rt_registry.c: the thread registry ------------------------------------*/

/* The calling thread's record.  Cannot fail. */
PTRHOOK_HIDDEN struct __ptrhook_thread *__ptrhook_registry_self(void);

/* Create the pthread key whose destructor, `retire`, runs on each
 * registered thread as it exits.  Returns 0, or -1 if no key was
 * available: threads then fold every event straight into the global total
 * (exact, but each event takes the slow path). */
PTRHOOK_HIDDEN int __ptrhook_registry_init(void (*retire)(void *));

/* Arm the key destructor for the calling thread, whose record is `t`.
 * Returns false when there is no key or it could not be set. */
PTRHOOK_HIDDEN bool __ptrhook_registry_arm(struct __ptrhook_thread *t);

/* Number `t` (the next thread number) and, when `armed`, link it into the
 * live list as PTRHOOK_THREAD_LIVE; else it is PTRHOOK_THREAD_FOLDING.
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_registry_add_locked(struct __ptrhook_thread *t,
                                                  bool armed);

/* Take `t` off the live list; it is PTRHOOK_THREAD_FOLDING from then on.
 * Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_registry_remove_locked(struct __ptrhook_thread *t);

/* The registry lock (also the pthread_atfork prepare/parent handlers) and
 * the list it guards.  The list may be walked without the lock only where
 * nothing else can be done (a fatal signal handler). */
PTRHOOK_HIDDEN void __ptrhook_registry_lock(void);
PTRHOOK_HIDDEN void __ptrhook_registry_unlock(void);
PTRHOOK_HIDDEN struct __ptrhook_thread *__ptrhook_registry_live(void);

/* Threads that reported an event so far (numbered); the first under the
 * lock the caller holds, the second takes it.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_registry_threads_locked(void);
PTRHOOK_HIDDEN uint64_t __ptrhook_registry_threads(void);

/* Set every live thread's hot mode to SLOW so it re-reads the process
 * state at its next event.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_registry_kick_all_locked(void);

/* fork() child, under the lock taken in the parent: the list holds `self`
 * alone (if it was linked), as thread 1. */
PTRHOOK_HIDDEN void
__ptrhook_registry_after_fork_child(struct __ptrhook_thread *self);

/*--- rt_thread.c: a thread's first event, exit, fork ----------------------*/

/* First event of the calling thread, whose record is `t`: number it, link
 * it and arm the key destructor; without a key, it folds every event.
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_thread_register(struct __ptrhook_thread *t);

/* The pthread key destructor (__ptrhook_registry_init): runs on the exiting
 * thread, once its start routine returned or it called pthread_exit, with
 * its record `arg`.  Writes its trace buffer, adds its counts to the
 * process totals and unlinks it.  (The main thread never gets here: exit()
 * leaves its record linked, and valid, to the end.) */
PTRHOOK_HIDDEN void __ptrhook_thread_retire(void *arg);

/* fork() child handler, under the registry lock taken in the parent (which
 * it releases): drop the threads that do not exist in the child, restart
 * the counts at zero. */
PTRHOOK_HIDDEN void __ptrhook_thread_after_fork_child(void);

/*--- rt_report.c: totals, the summary, the counts file --------------------*/

/* Events of `t` so far, its trace buffer not included: counted (count,
 * log), counted per site (the site hook counts only there), numbered trace
 * events written or dropped, nested trace events, inline-counted events.
 * Sums the thread's site counters: O(sites it ran), not for a hot path.
 * Cannot fail. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_report_thread_events(const struct __ptrhook_thread *t);

/* Add the events `t` counted since its last fold to the retired events.
 * Only ever called on the owning thread.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_report_fold(struct __ptrhook_thread *t);

/* Events of the whole process (retired threads plus live ones, pending
 * trace records included); stores the number of threads that reported at
 * least one event in `*threads` unless `threads` is NULL.  Takes the
 * registry lock.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_report_totals(uint64_t *threads);

/* Remember the final count of an exited thread for counts=.  Cannot
 * fail (past 65536 exited threads, the others are counted, not listed). */
PTRHOOK_HIDDEN void
__ptrhook_report_note_exit_locked(const struct __ptrhook_thread *t);

/* fork() child: the retired events and exited threads are the parent's. */
PTRHOOK_HIDDEN void __ptrhook_report_after_fork_child(void);

/* Write "ptrhook: N events in T threads\n" to the output (plus the
 * per-kind line in count mode when abi=site events were seen).  Returns 0,
 * or -1 if a write failed. */
PTRHOOK_HIDDEN int __ptrhook_report_summary(void);

/* Write every count to `path`.<pid> (counts=).  Returns 0, or -1 after
 * reporting the failure on stderr. */
PTRHOOK_HIDDEN int __ptrhook_report_counts_file(const char *path);

/* The runtime's destructor, after init: if this copy is the active one,
 * finish the trace, print the summary (summary=1) and write the counts
 * file (counts=).  Failures are reported on stderr; nothing to return. */
PTRHOOK_HIDDEN void __ptrhook_report_exit(void);

/*--- rt_hook.c: the hooks' slow path ----------------------------------------*/

/* Everything the hooks do besides their fast paths: init, registering the
 * thread, kind filtering, log mode, the trace buffer's refill, folding
 * events of a thread whose key destructor ran, nested events.  Records
 * the event `addr` (with `site`, NULL for the plain hook) and sets the
 * thread's hot mode for the next one. */
PTRHOOK_HIDDEN void __ptrhook_hook_slow(uintptr_t addr,
                                        const struct ptrhook_site *site);

/* The body of __ptrhook_inline_enter (the preserve_all entry point is in
 * rt_hook_cc.c): register the calling thread and attach its inline
 * counters. */
PTRHOOK_HIDDEN void __ptrhook_inline_enter_c(void);

/*--- rt_inline.c: events counted inline (inline=count) --------------------*/

/* The thread-local counters and flag the instrumented code updates
 * (ptrhook_abi.h). */
extern _Thread_local uint64_t PTRHOOK_INLINE_COUNTS_SYM[PTRHOOK_KIND_COUNT]
    __attribute__((tls_model("initial-exec")));
extern _Thread_local uint8_t PTRHOOK_INLINE_THREAD_SYM
    __attribute__((tls_model("initial-exec")));

/* Attach the calling thread's inline counters to its record.  Caller holds
 * the registry lock. */
PTRHOOK_HIDDEN void __ptrhook_inline_attach_locked(struct __ptrhook_thread *self);

/* The process state changed (enable, disable, kinds): move the live
 * threads' marks.  Caller holds the registry lock. */
PTRHOOK_HIDDEN void __ptrhook_inline_sync_locked(void);

/* Inline-counted events `t` recorded. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_inline_thread_count(const struct __ptrhook_thread *t);

/* Thread exit: add `t`'s recorded events per kind to the totals.  Caller
 * holds the registry lock. */
PTRHOOK_HIDDEN void __ptrhook_inline_retire_locked(struct __ptrhook_thread *t);

/* Inline-counted events per kind of the process so far; false when there
 * were none.  Caller holds the registry lock. */
PTRHOOK_HIDDEN bool
__ptrhook_inline_by_kind_locked(uint64_t out[PTRHOOK_KIND_COUNT]);

/* fork() child: start counting again from 0. */
PTRHOOK_HIDDEN void
__ptrhook_inline_after_fork_child(struct __ptrhook_thread *self);

/*--- rt_counts.c: per-site counters ---------------------------------------*/

/* The site hook's fast path missed its cached range: find the site's
 * range, make it this thread's slot and count the event there.  Events of
 * sites in no registered range are counted per kind.  The site hook counts
 * an event in its site's counter only (no `events++`: a second counter per
 * event costs a second store-to-load dependency chain).  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_count_site_miss(struct __ptrhook_thread *self,
                                              const struct ptrhook_site *site);

/* The same from the slow path (self->busy set): count the event of
 * `site` for `self` (in its counters when it is live; else in `events`,
 * with the site in the process's per-site totals). */
PTRHOOK_HIDDEN void __ptrhook_count_site(struct __ptrhook_thread *self,
                                         const struct ptrhook_site *site);

/* An event of `site` reported by a signal handler that interrupted the
 * runtime on `self`: counted in `events`, and per kind only (an atomic add
 * to the process's unattributed counts).  Async-signal-safe. */
PTRHOOK_HIDDEN void __ptrhook_count_site_nested(struct __ptrhook_thread *self,
                                                const struct ptrhook_site *site);

/* The empty slot every thread starts with (count 0: every lookup misses). */
PTRHOOK_HIDDEN extern const struct __ptrhook_site_slot __ptrhook_no_slot;

/* Sum of `t`'s site counters (its own events of the site hook, elided
 * sites' included).  O(sites it ran).  Cannot fail. */
PTRHOOK_HIDDEN uint64_t
__ptrhook_counts_thread_sum(const struct __ptrhook_thread *t);

/* Thread exit: add this thread's per-site counts to the process totals
 * and release its arrays.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_counts_retire_locked(struct __ptrhook_thread *t);

/* fork() child: drop `t`'s per-site counters (a thread that vanished in
 * the fork, or the forking one, which then counts from 0), then the
 * process totals. */
PTRHOOK_HIDDEN void __ptrhook_counts_reset_locked(struct __ptrhook_thread *t);
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

/* Store in out[k] the events of kind k that could not be given to a site;
 * add to out[k] those counted at the sites of kind k.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_counts_unattributed_locked(uint64_t out[PTRHOOK_KIND_COUNT]);
PTRHOOK_HIDDEN void
__ptrhook_counts_site_kinds_locked(uint64_t out[PTRHOOK_KIND_COUNT]);

/* Events per kind counted so far by the site hook in count mode (live and
 * exited threads); takes the registry lock.  Returns false if there were
 * none (plain ABI only). */
PTRHOOK_HIDDEN bool __ptrhook_counts_by_kind(uint64_t out[PTRHOOK_KIND_COUNT]);

/*--- rt_tracefile.c: the trace file ----------------------------------------*/

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

/*--- rt_trace.c: the trace's buffers ---------------------------------------*/

/* Record one event of `self` from the slow path: allocate or refill its
 * buffer, or write it directly when the thread has no buffer any more
 * (folding, or after the exit report).  Cannot fail (a failed write is
 * reported once and the event counted). */
PTRHOOK_HIDDEN void __ptrhook_trace_event(struct __ptrhook_thread *self,
                                          uintptr_t addr,
                                          const struct ptrhook_site *site);

/* Record an event reported while `self` was already inside the runtime or
 * halfway through an append (a signal handler): written directly, as a
 * nested record.  Async-signal-safe. */
PTRHOOK_HIDDEN void __ptrhook_trace_nested(struct __ptrhook_thread *self,
                                           uintptr_t addr,
                                           const struct ptrhook_site *site);

/* The trace fast mode for `self` now (TRACE1 or TRACE2 by its buffer's
 * record size), or SLOW when it has no buffer. */
PTRHOOK_HIDDEN uint8_t __ptrhook_trace_hot(const struct __ptrhook_thread *self);

/* Unwritten events in `t`'s buffer.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_trace_pending(const struct __ptrhook_thread *t);

/* Thread exit: write `self`'s buffer and its THREAD_END block; then, once
 * unlinked, __ptrhook_trace_release() hands its buffer back. */
PTRHOOK_HIDDEN void __ptrhook_trace_thread_exit(struct __ptrhook_thread *self);
PTRHOOK_HIDDEN void __ptrhook_trace_release(struct __ptrhook_thread *self);

/* Exit: write every live thread's buffer, their THREAD_END blocks and
 * PROCESS_END.  Returns 0, or -1 if the trace is not complete. */
PTRHOOK_HIDDEN int __ptrhook_trace_finish(void);

/* fork() child: drop the events buffered by `t`, a thread that vanished in
 * the fork, and put its buffer on the free list. */
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

/*--- rt_sites.c -----------------------------------------------------------*/

/* Call fn(site, arg) for every descriptor of every registered range (fn
 * may be NULL: count only).  Lock-free, so that fn may call into the
 * runtime.  Returns the number of descriptors visited. */
PTRHOOK_HIDDEN uint64_t __ptrhook_sites_foreach(ptrhook_site_fn fn, void *arg);

/* The registered range holding `site`: its number (index into the range
 * table, stable for the life of the process), first descriptor and number
 * of descriptors.  Lock-free.  Returns -1 when no range holds it. */
PTRHOOK_HIDDEN int __ptrhook_sites_find(const struct ptrhook_site *site,
                                        const struct ptrhook_site **start,
                                        uint64_t *count);

/* Number of registered ranges, and range `i`.  Lock-free. */
PTRHOOK_HIDDEN unsigned __ptrhook_sites_ranges(void);
/* Elided sites of range r (flag PTRHOOK_SITE_ELIDED): each counts what its
 * anchor counts.  In descriptor order. */
struct __ptrhook_elided {
  uint64_t index;
  uint64_t anchor;
};
PTRHOOK_HIDDEN void __ptrhook_sites_elided(unsigned r,
                                           const struct __ptrhook_elided **v,
                                           uint64_t *n);
/* Warn once if `kinds` hides events elided ones depend on. */
PTRHOOK_HIDDEN void __ptrhook_sites_check_kinds(unsigned kinds);
PTRHOOK_HIDDEN void __ptrhook_sites_range(unsigned i,
                                          const struct ptrhook_site **start,
                                          const struct ptrhook_site **stop);

/* A higher layer that must hear of every range (the trace writes each
 * range's table): called with the range's bounds, under the site lock. */
typedef void (*__ptrhook_sites_listener)(const struct ptrhook_site *start,
                                         const struct ptrhook_site *stop);

/* Call fn(start, stop) for every range registered so far, then make fn the
 * listener told of every range registered from now on; both under the site
 * lock, so that fn sees every range exactly once.  One listener: a later
 * call replaces it (and replays every range to the new one).  Cannot
 * fail. */
PTRHOOK_HIDDEN void __ptrhook_sites_subscribe(__ptrhook_sites_listener fn);

/*--- rt_init.c: init ----------------------------------------------------------*/

/* The body of init: decide whether this copy is active (whether the hook
 * calls reach `own_hook`, this copy's hook by its hidden alias; NULL in the
 * static runtime, which is always active), read the options, open the
 * output (and the trace), print help, create the thread key.  Only once,
 * through ensure_init() (rt_hook.c).  Exits the process with status 1 on
 * malformed options; every other failure degrades (stderr, counting,
 * folding). */
PTRHOOK_HIDDEN void __ptrhook_init_once(void (*own_hook)(uintptr_t));

#endif /* PTRHOOK_RT_INTERNAL_H */
