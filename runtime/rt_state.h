/*===-- rt_state.h - what every layer of the runtime shares -----*- C -*-===*
 *
 * The bottom header: every file of the runtime may include it, and it
 * includes no other header of the runtime.  It holds the attribute macros,
 * the options' types (the struct is expanded from rt_flags.inc), the
 * per-thread record and the process state, whose one object rt_state.c
 * defines.
 *
 * The runtime's files stand in layers, listed lowest first in
 * runtime/CMakeLists.txt: each file calls only files of lower layers and
 * includes only their headers (and its own).  A lower layer that must tell
 * a higher one something takes a listener; test/runtime/layers.test checks
 * the built objects against the list.
 *
 * Naming: the public API is ptrhook_* (ptrhook.h); everything else with
 * external linkage is __ptrhook_<module>_* and hidden, so that neither
 * copy of the runtime (libptrhook_rt.a linked into an executable,
 * libptrhook_rt.so) exports or interposes internals.  The `__ptrhook_`
 * prefix also keeps the pass away from these functions if the runtime is
 * ever compiled with it.  A name ending in `_locked` means: the caller
 * holds the registry lock (rt_registry.h).
 *
 * Every function of the runtime carries PTRHOOK_NO_INSTRUMENT (the pass's
 * opt-out annotation with clang, noinline everywhere): the runtime must
 * never report its own pointers, even if someone builds it with LTO and
 * the plugin at link time.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_STATE_H
#define PTRHOOK_RT_STATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptrhook.h"

#define PTRHOOK_HIDDEN __attribute__((visibility("hidden")))
#define PTRHOOK_EXPORT __attribute__((visibility("default")))
#define PTRHOOK_LIKELY(x) __builtin_expect(!!(x), 1)
#define PTRHOOK_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Most instrumented link units (executable + DSOs) with site tables. */
#define PTRHOOK_MAX_SITE_RANGES 1024

/*--- the options' types (parsed by rt_options.c) --------------------------*/

/* mode= */
enum __ptrhook_mode {
  PTRHOOK_MODE_COUNT = 0,
  PTRHOOK_MODE_TRACE = 1,
  PTRHOOK_MODE_LOG = 2,
  PTRHOOK_MODE_OFF = 3,
};

/* kinds=: a mask, bit PTRHOOK_KIND_x per kind (its own enum type so that
 * the parser can tell it from the other flag types). */
enum __ptrhook_kinds {
  PTRHOOK_KINDS_ALL = 0x7ff,
};

/* Every flag of rt_flags.inc, as a field of its declared type. */
struct __ptrhook_options {
#define PTRHOOK_FLAG(Type, Name, Default, Help) Type Name;
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
};

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
 * offset `off` in `counts` (sparse: one counter per descriptor, at its own
 * offset, descriptors being at least 8 bytes apart), so the site hook finds it with a subtraction and
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

/* The counter of the descriptor at byte offset `off` in a slot's (or a
 * total's) array. */
#define PTRHOOK_SITE_COUNTER(counts, off) (*(uint64_t *)((counts) + (size_t)(off)))

struct __ptrhook_tbuf;   /* rt_trace.c */
struct __ptrhook_tsites; /* rt_counts.c */

/* One per thread, in its static TLS block (initial-exec; __ptrhook_current,
 * rt_registry.h).  The fields the hooks read come first, within one cache
 * line.  Trivially destructible: glibc frees it with the thread, after the
 * key destructor unlinked it; what it points to (trace buffer, counter
 * arrays) is mmap'd and handed back by that destructor. */
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
  uint64_t folded;  /* part of `events` already added to the retired ones */
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
  uint64_t iskip[PTRHOOK_INLINE_KIND_COUNT];
  uint64_t imark[PTRHOOK_INLINE_KIND_COUNT];
  /* The re-entry guard (rt_reentry.c): events raised inside the user's
   * hook that it kept from the hook, not yet added to the totals, and the
   * hooks (bit = index in PTRHOOK_HOOK_NAME_LIST) this thread dropped
   * events of. */
  uint64_t rdropped;
  uint32_t rhooks;
};

enum __ptrhook_thread_state {
  PTRHOOK_THREAD_NEW = 0, /* no event registered yet (all of TLS starts 0) */
  PTRHOOK_THREAD_LIVE,    /* linked in the registry, key destructor armed */
  PTRHOOK_THREAD_FOLDING, /* unlinked; every event goes straight to totals */
};

/*--- process-wide state ---------------------------------------------------*/

/* Process-wide state of this copy of the runtime (rt_state.c).  Written by
 * __ptrhook_init_once() (and by the fork child handler); the atomics also
 * by the run-time control API and the trace's exit report. */
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

#endif /* PTRHOOK_RT_STATE_H */
