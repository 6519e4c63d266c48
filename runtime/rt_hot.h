/*===-- rt_hot.h - the hooks' fast paths, shared by every hook --*- C -*-===*
 *
 * The fast path of each mode (see the banner of rt_hook.c), as always-inline
 * functions, so that the C-convention hooks (rt_hook.c, built with the host
 * C compiler) and the register-preserving ones (rt_hook_cc.c, built with
 * clang) run the same few instructions and differ only in how they reach
 * the slow path; and rt_hook_inline.c, the same fast paths for
 * inline=runtime.  Only included by those files, whose layer (the hooks,
 * runtime/CMakeLists.txt) it belongs to.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_HOT_H
#define PTRHOOK_RT_HOT_H

#include "rt_state.h"
#include "rt_registry.h"

/* The thread record the fast paths work on: this copy of the runtime's.
 * The hook definition of inline=runtime (rt_hook_inline.c), inlined into
 * other modules, names the active runtime's instead. */
#ifndef PTRHOOK_HOT_SELF
#define PTRHOOK_HOT_SELF (&__ptrhook_current)
#endif

/* Claim the thread's trace cursor: set PTRHOOK_TCUR_CLAIMED and return
 * the value it had, in one instruction, so that no signal handler can run
 * between the read and the write.  (With a load and a store, a handler
 * that appended between them had its records overwritten by the
 * interrupted append, or, if it flushed the buffer, got them written
 * twice: test/runtime/signal-storm.test lost events now and then under load.)
 * Only this thread and its signal handlers write its cursor, so on x86-64
 * an xadd without a lock prefix is enough: an instruction is never split
 * by a signal.  Elsewhere, an atomic fetch-or. */
static inline __attribute__((always_inline)) uintptr_t
claim_cursor(struct __ptrhook_thread *self) {
#if defined(__x86_64__)
  uintptr_t v = PTRHOOK_TCUR_CLAIMED;
  __asm__ __volatile__("xaddq %0, %1"
                       : "+r"(v), "+m"(self->tcur)
                       :
                       : "memory");
  return v;
#else
  return __atomic_fetch_or((uintptr_t *)(void *)&self->tcur,
                           PTRHOOK_TCUR_CLAIMED, __ATOMIC_RELAXED);
#endif
}

/* Append a record to the thread's trace buffer, if it has room: `a`, and
 * `b` as a second word for TRACE2 (`hot` is TRACE1 or TRACE2: the record
 * has hot - 1 words).  `b` is stored in either case, which the buffer's
 * spare word allows; a one-word record's next append overwrites it.
 * Returns false when the buffer is full or an append of this thread is in
 * progress (we are a signal handler that interrupted it): the slow path
 * deals with both.  Only from a hook's fast path.
 *
 * The guard is in the cursor itself (PTRHOOK_TCUR_CLAIMED), not in a flag
 * of its own: the cursor is loaded anyway, while a separate flag's load
 * would wait on the previous event's store to it, a second store-to-load
 * dependency per event, which dominated trace mode's time. */
static inline __attribute__((always_inline)) bool
trace_append(struct __ptrhook_thread *self, unsigned hot, uintptr_t a,
             uintptr_t b) {
  uintptr_t old = claim_cursor(self);
  uintptr_t *p = (uintptr_t *)old;

  if (PTRHOOK_UNLIKELY((old & PTRHOOK_TCUR_CLAIMED) || p == self->tend)) {
    /* Give the cursor back exactly as it was (claimed by the append we
     * interrupted, or at the end of a full buffer). */
    self->tcur = p;
    return false;
  }
  /* Claimed: a signal handler's event on this thread goes to the slow
   * path until the cursor is published. */
  p[0] = a;
  p[1] = b;
  /* Release: a thread writing this buffer at exit sees the record whole. */
  __atomic_store_n(&self->tcur, p + (hot - 1), __ATOMIC_RELEASE);
  return true;
}

/* Whether `hot` is a trace mode: TRACE1 (2) or TRACE2 (3). */
#define HOT_IS_TRACE(hot) (((hot) & ~1u) == PTRHOOK_HOT_TRACE1)

/* Where the hooks start: a cache line.  Their fast paths then keep their
 * few branches in separate 32-byte windows; at 16 mod 32 (where the linker
 * happened to put them) four branches shared one window, more than this
 * kind of CPU's decoded-uop cache holds, and a disabled event cost several
 * times what it does aligned (test/bench/runtime-micro.sh). */
#define PTRHOOK_HOT_ALIGN __attribute__((aligned(64)))

/* The plain hook's fast path for `addr`: true when the event was dealt
 * with, false when the caller must call __ptrhook_hook_slow(addr, NULL). */
static inline __attribute__((always_inline)) bool
__ptrhook_hot_addr(uintptr_t addr) {
  struct __ptrhook_thread *self = PTRHOOK_HOT_SELF;
  unsigned hot = __atomic_load_n(&self->hot.mode, __ATOMIC_RELAXED);

  /* OFF is tested first: tested second (a taken branch over the count
   * path to a `ret` of its own), a disabled event cost more than a counted
   * one on the benchmark machine (test/bench/runtime-micro.sh); this way it
   * costs less, and the count path nothing more. */
  if (hot == PTRHOOK_HOT_OFF)
    return true;
  if (PTRHOOK_LIKELY(hot == PTRHOOK_HOT_COUNT)) {
    self->events++;
    return true;
  }
  /* In a TRACE2 thread (it also runs abi=site code): a record with no
   * site. */
  return HOT_IS_TRACE(hot) &&
         PTRHOOK_LIKELY(trace_append(self, hot, addr, 0));
}

/* What the site hook's caller must do after the fast path. */
enum __ptrhook_hot_result {
  PTRHOOK_HOT_DONE, /* nothing */
  PTRHOOK_HOT_MISS, /* __ptrhook_count_site_miss(self, site) */
  PTRHOOK_HOT_CALL, /* __ptrhook_hook_slow(addr, site) */
};

/* The site-aware hook's fast path: the same, plus the site's own counter
 * (count) or the site in the record (trace). */
static inline __attribute__((always_inline)) enum __ptrhook_hot_result
__ptrhook_hot_site(uintptr_t addr, const struct ptrhook_site *site) {
  struct __ptrhook_thread *self = PTRHOOK_HOT_SELF;
  unsigned hot = __atomic_load_n(&self->hot.mode, __ATOMIC_RELAXED);

  if (hot == PTRHOOK_HOT_OFF) /* first: see the plain hook */
    return PTRHOOK_HOT_DONE;
  if (PTRHOOK_LIKELY(hot == PTRHOOK_HOT_COUNT)) {
    const struct __ptrhook_site_slot *slot = self->slot;
    uintptr_t off = (uintptr_t)site - slot->base;

    /* Only the site's counter: see __ptrhook_count_site_miss. */
    if (PTRHOOK_LIKELY(off < slot->bytes)) {
      (*(uint64_t *)(slot->counts + off))++;
      return PTRHOOK_HOT_DONE;
    }
    return PTRHOOK_HOT_MISS;
  }
  if (hot == PTRHOOK_HOT_TRACE2 &&
      PTRHOOK_LIKELY(trace_append(self, hot, addr, (uintptr_t)site)))
    return PTRHOOK_HOT_DONE;
  return PTRHOOK_HOT_CALL;
}

#endif /* PTRHOOK_RT_HOT_H */
