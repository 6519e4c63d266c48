/*===-- rt_hook.c - the hooks, their slow path, the API -------------------===*
 *
 * __injected_hook() runs once per instrumented pointer, so each mode has a
 * fast path of a few instructions with no lock, no atomic read-modify-write
 * and no call, selected by one byte per thread, `hot.mode`:
 *
 *   COUNT   `events++` (the site hook also bumps the site's counter, found
 *           through a one-range cache: rt_counts.c)
 *   TRACE1  append the address to the thread's trace buffer
 *   TRACE2  append address and site (two words per record)
 *   OFF     return (ptrhook_disable(), mode=off)
 *   SLOW    call __ptrhook_hook_slow(), which does everything else (init,
 *           the first event of a thread, kind filtering, log mode, a full
 *           trace buffer, events of a thread that is being torn down) and
 *           then chooses the mode for the next event.
 *
 * SLOW is 0, the value TLS starts with, so a new thread registers on its
 * first event.  Other threads only ever store SLOW into a thread's mode
 * ("kick" it): ptrhook_disable(), ptrhook_set_kinds() and the exit report
 * change the process state, bump `generation` and kick every live thread;
 * each thread then recomputes its own mode in refresh_hot(),
 * which re-reads `generation` after storing, so that a kick is never
 * overwritten by a mode computed from the state before it.
 *
 * Counting.  Each thread owns a record in its static TLS block
 * (__ptrhook_current, rt_registry.c).  Counters are bumped with a plain
 * `++`, which x86-64 compiles to one memory-destination add: a signal
 * handler that fires in between cannot lose an update, and no lock prefix
 * is needed because no other thread writes them.
 *
 * Trace appends are made safe against signal handlers on the same thread
 * by claiming the buffer first: the cursor is stored with its low bit set
 * (PTRHOOK_TCUR_CLAIMED), then the record written, then the next cursor
 * stored.  A handler that interrupts an append finds the bit and takes the
 * slow path, which writes its event as a nested record instead of touching
 * the buffer (rt_trace.c).
 *
 * This is the top floor of the runtime (rt_hook_cc.c aside): it calls the
 * layers below and none calls it.  A thread's registration, exit and fork
 * are rt_thread.c's; totals and the summary rt_report.c's; what init does,
 * rt_init.c's.  Init is started from here (ensure_init, the constructor),
 * because deciding whether this copy of the runtime is the active one
 * takes the address of its own hook, known by its hidden alias only in
 * this file: it is handed down to __ptrhook_init_once().
 *===----------------------------------------------------------------------===*/
#include "rt_hook.h"
#include "rt_hot.h"
#include "rt_counts.h"
#include "rt_init.h"
#include "rt_inline.h"
#include "rt_output.h"
#include "rt_reentry.h"
#include "rt_registry.h"
#include "rt_report.h"
#include "rt_sites.h"
#include "rt_thread.h"
#include "rt_trace.h"
#include "rt_tracefile.h"

#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Set once a plain-hook event was dropped by a kind mask (warned once). */
static atomic_bool warned_plain_masked;

/*--- the hooks ------------------------------------------------------------*/

/* The default hook.  Weak, so a program's own strong definition replaces
 * it; used and noinline, so it survives as a real, out-of-line function
 * that instrumented code calls. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PTRHOOK_HOT_ALIGN
__attribute__((weak, used)) void
PTRHOOK_HOOK_SYM(uintptr_t addr) {
  if (PTRHOOK_LIKELY(__ptrhook_hot_addr(addr)))
    return;
  __ptrhook_hook_slow(addr, NULL);
}

/* The default site-aware hook (abi=site): the same, plus the site's own
 * counter (count) or the site in the record (trace).  Weak, used and
 * noinline for the same reasons. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PTRHOOK_HOT_ALIGN
__attribute__((weak, used)) void
PTRHOOK_HOOK_SITE_SYM(uintptr_t addr, const struct ptrhook_site *site) {
  enum __ptrhook_hot_result r = __ptrhook_hot_site(addr, site);

  if (PTRHOOK_LIKELY(r == PTRHOOK_HOT_DONE))
    return;
  if (r == PTRHOOK_HOT_MISS)
    __ptrhook_count_site_miss(&__ptrhook_current, site);
  else
    __ptrhook_hook_slow(addr, site);
}

/* Hidden aliases of the two defaults: their addresses stay this copy's
 * code even when a program's strong definition takes the global symbols,
 * so the ABI check (rt_abi.c) can tell a program's hook from the runtime's
 * default. */
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SYM(uintptr_t addr)
    __attribute__((alias(PTRHOOK_HOOK_NAME)));
PTRHOOK_HIDDEN void PTRHOOK_DEFAULT_HOOK_SITE_SYM(uintptr_t addr,
                                                  const struct ptrhook_site *s)
    __attribute__((alias(PTRHOOK_HOOK_SITE_NAME)));

/*--- the per-kind handlers -------------------------------------------------*/

/* The runtime's default handlers (ptrhook.h): each reports its event to the
 * site-aware hook, so that handler sites are counted, traced and logged per
 * site and kind like abi=site events, and a program that defines its own
 * __injected_hook_site sees the events of the handlers it does not define.
 * The context is dropped.  Weak, so that a program's own handler replaces
 * any one of them; used, so that they exist for instrumented DSOs. */
#define PTRHOOK_DEFAULT_HANDLER(Kind, CtxType)                                 \
  PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((weak, used)) void       \
      ptrhook_on_##Kind(uintptr_t addr, CtxType ctx,                           \
                        const struct ptrhook_site *site) {                     \
    (void)ctx;                                                                 \
    PTRHOOK_HOOK_SITE_SYM(addr, site);                                         \
  }
PTRHOOK_DEFAULT_HANDLER(alloca, uint64_t)
PTRHOOK_DEFAULT_HANDLER(gep, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(load, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(call, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(cast, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(phi, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(select, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(store, uintptr_t)
PTRHOOK_DEFAULT_HANDLER(alloc, uint64_t)
#undef PTRHOOK_DEFAULT_HANDLER

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((weak, used)) void
ptrhook_on_other(uintptr_t addr, const struct ptrhook_site *site) {
  PTRHOOK_HOOK_SITE_SYM(addr, site);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((weak, used)) void
ptrhook_on_free(uintptr_t addr, const struct ptrhook_site *site) {
  PTRHOOK_HOOK_SITE_SYM(addr, site);
}

/*--- init -----------------------------------------------------------------*/

#ifdef PTRHOOK_RT_SHARED
/* A hidden alias of this copy's hook: same code, hidden name.  Its address
 * is resolved inside the object, never through the GOT, so it is "our"
 * hook even when the global symbol __injected_hook is bound elsewhere. */
void __ptrhook_hook_self(uintptr_t addr) __attribute__((alias(PTRHOOK_HOOK_NAME)));
#define OWN_HOOK __ptrhook_hook_self
#else
#define OWN_HOOK NULL /* the static runtime is always the active one */
#endif

/* pthread_once's callback: init, told which hook is this copy's. */
PTRHOOK_NO_INSTRUMENT static void init_once_body(void) {
  __ptrhook_init_once(OWN_HOOK);
}

/* Run init exactly once per process; safe from the constructor, the first
 * hook call or the API, whichever comes first, and from several threads at
 * once.  Cannot fail (init itself may exit the process on malformed
 * options). */
PTRHOOK_NO_INSTRUMENT static void ensure_init(void) {
  struct __ptrhook_thread *self = &__ptrhook_current;
  uint8_t was_busy;

  if (PTRHOOK_LIKELY(atomic_load_explicit(&PTRHOOK_STATE_SYM.ready,
                                          memory_order_acquire)))
    return;
  /* Mark the thread busy so that a hook call made while init runs (dlsym or
   * pthread_key_create calling an instrumented malloc) only counts instead
   * of re-entering pthread_once, which would deadlock. */
  was_busy = self->busy;
  self->busy = 1;
  pthread_once(&init_once, init_once_body);
  self->busy = was_busy;
}

/* Priority 101, the first one open to programs: runs before the program's
 * own prioritized and plain constructors in the same object, so help and
 * option diagnostics come first.  Hook calls made even earlier (another
 * object's constructor) simply init from the hook. */
PTRHOOK_NO_INSTRUMENT __attribute__((constructor(101))) static void
ptrhook_rt_ctor(void) {
  ensure_init();
}

/* Destructors of one object run in reverse priority order, so 101 makes
 * this the last one of its object: it runs from _dl_fini, after the atexit
 * handlers, the C++ static destructors and the program's own plain
 * destructors, and counts their events too.  Events reported after it
 * (destructors of other objects) are counted but no longer printed; in
 * trace mode they are still written, one block each.  exit() from any
 * thread gets here on that thread: the others' buffers are written too. */
PTRHOOK_NO_INSTRUMENT __attribute__((destructor(101))) static void
ptrhook_rt_dtor(void) {
  ensure_init();
  __ptrhook_report_exit();
}

/*--- the slow path --------------------------------------------------------*/

/* The hot mode `self` may use now.  See refresh_hot. */
PTRHOOK_NO_INSTRUMENT static uint8_t
compute_hot(const struct __ptrhook_thread *self) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;

  if (self->state != PTRHOOK_THREAD_LIVE)
    return PTRHOOK_HOT_SLOW;
  if (!atomic_load_explicit(&st->enabled, memory_order_relaxed))
    return PTRHOOK_HOT_OFF;
  if (atomic_load_explicit(&st->kinds, memory_order_relaxed) !=
      PTRHOOK_KINDS_ALL)
    return PTRHOOK_HOT_SLOW; /* every event is filtered by kind */
  switch ((enum __ptrhook_mode)st->mode) {
  case PTRHOOK_MODE_COUNT:
    return PTRHOOK_HOT_COUNT;
  case PTRHOOK_MODE_OFF:
    return PTRHOOK_HOT_OFF;
  case PTRHOOK_MODE_LOG:
    return PTRHOOK_HOT_SLOW; /* each line is written by the slow path */
  case PTRHOOK_MODE_TRACE:
    if (!__ptrhook_tracefile_ok())
      return PTRHOOK_HOT_COUNT; /* a failed trace goes on counting */
    if (atomic_load_explicit(&st->finished, memory_order_relaxed))
      return PTRHOOK_HOT_SLOW; /* late events are written one by one */
    return __ptrhook_trace_hot(self);
  }
  return PTRHOOK_HOT_SLOW;
}

/* Recompute self->hot.mode from the process state, so that a change made
 * concurrently by another thread (which then kicks this one) is never
 * overwritten with a stale mode.  Only on the owning thread. */
PTRHOOK_NO_INSTRUMENT static void refresh_hot(struct __ptrhook_thread *self) {
  atomic_uint *gen = &PTRHOOK_STATE_SYM.generation;

  for (;;) {
    unsigned seen = atomic_load(gen);
    __atomic_store_n(&self->hot.mode, compute_hot(self), __ATOMIC_RELAXED);
    /* Store-load ordering against a kicker, which bumps `generation` and
     * then stores SLOW: either it sees our store and overwrites it, or we
     * see its bump here and compute again. */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(gen, memory_order_relaxed) == seen)
      return;
  }
}

/* Change of the process state: make every thread re-read it. */
PTRHOOK_NO_INSTRUMENT static void kick_all(void) {
  atomic_fetch_add(&PTRHOOK_STATE_SYM.generation, 1);
  __ptrhook_registry_lock();
  __ptrhook_inline_sync_locked();
  __ptrhook_registry_kick_all_locked();
  __ptrhook_registry_unlock();
}

/* An event reported while this thread is already inside the runtime (a
 * signal handler, or an instrumented function the runtime called) or
 * halfway through a trace append.  The runtime's state of this thread may
 * be mid-update, so: counted, written as a nested trace record, never
 * logged, never a reason to register or allocate. */
PTRHOOK_NO_INSTRUMENT static void nested_event(struct __ptrhook_thread *self,
                                               uintptr_t addr,
                                               const struct ptrhook_site *site) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;
  unsigned kinds;

  if (!atomic_load_explicit(&st->ready, memory_order_acquire)) {
    self->events++; /* during init: count, as before init */
    return;
  }
  if (!atomic_load_explicit(&st->enabled, memory_order_relaxed) ||
      st->mode == PTRHOOK_MODE_OFF)
    return;
  kinds = atomic_load_explicit(&st->kinds, memory_order_relaxed);
  if (kinds != PTRHOOK_KINDS_ALL &&
      (site == NULL || !(kinds & (1u << (ptrhook_site_kind(site) & 31)))))
    return;
  if (st->mode == PTRHOOK_MODE_TRACE && __ptrhook_tracefile_ok()) {
    __ptrhook_trace_nested(self, addr, site);
    return;
  }
  if (site != NULL && st->mode == PTRHOOK_MODE_COUNT)
    __ptrhook_count_site_nested(self, site);
  else
    self->events++;
}

/* Record one event from the slow path (self->busy is set): filter, then
 * count, log or trace it. */
PTRHOOK_NO_INSTRUMENT static void record_event(struct __ptrhook_thread *self,
                                               uintptr_t addr,
                                               const struct ptrhook_site *site) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;
  unsigned kinds;

  if (!atomic_load_explicit(&st->enabled, memory_order_relaxed) ||
      st->mode == PTRHOOK_MODE_OFF)
    return;
  kinds = atomic_load_explicit(&st->kinds, memory_order_relaxed);
  if (kinds != PTRHOOK_KINDS_ALL) {
    if (site == NULL) {
      /* The plain hook knows no kind: a mask selects none of its events. */
      if (st->active &&
          !atomic_exchange_explicit(&warned_plain_masked, true,
                                    memory_order_relaxed))
        __ptrhook_print(STDERR_FILENO,
                        "ptrhook: warning: events of the plain hook carry no "
                        "kind and are not recorded while the kind mask is "
                        "not 'all' (build with -fptrhook-abi=site, or select "
                        "kinds at compile time with -fptrhook-kinds=)\n",
                        (const char *)NULL);
      return;
    }
    if (!(kinds & (1u << (ptrhook_site_kind(site) & 31))))
      return;
  }
  switch ((enum __ptrhook_mode)st->mode) {
  case PTRHOOK_MODE_TRACE:
    if (__ptrhook_tracefile_ok()) {
      __ptrhook_trace_event(self, addr, site);
      break;
    }
    /* A failed trace goes on counting. */
    __attribute__((fallthrough));
  case PTRHOOK_MODE_COUNT:
    if (site != NULL)
      __ptrhook_count_site(self, site);
    else
      self->events++;
    break;
  case PTRHOOK_MODE_LOG:
    self->events++;
    if (st->active)
      __ptrhook_log_event(addr, site); /* a failed write has nowhere to go */
    break;
  case PTRHOOK_MODE_OFF:
    break;
  }
  if (self->state == PTRHOOK_THREAD_FOLDING)
    __ptrhook_report_fold(self);
}

PTRHOOK_NO_INSTRUMENT __attribute__((cold)) void
__ptrhook_hook_slow(uintptr_t addr, const struct ptrhook_site *site) {
  struct __ptrhook_thread *self = &__ptrhook_current;

  if (self->busy || ((uintptr_t)self->tcur & PTRHOOK_TCUR_CLAIMED)) {
    nested_event(self, addr, site);
    return;
  }
  self->busy = 1;
  /* Nothing on this thread uses a fast path until we are done. */
  __atomic_store_n(&self->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
  ensure_init();
  if (self->state == PTRHOOK_THREAD_NEW)
    __ptrhook_thread_register(self);
  record_event(self, addr, site);
  refresh_hot(self);
  self->busy = 0;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_inline_enter_c(void) {
  struct __ptrhook_thread *self = &__ptrhook_current;

  /* Inside the runtime (its init calling an instrumented malloc, say):
   * later.  The flag stays 0, so the next instrumented function asks
   * again; the events counted meanwhile are in the counters all the same. */
  if (self->busy)
    return;
  self->busy = 1;
  ensure_init();
  if (self->state == PTRHOOK_THREAD_NEW) {
    __ptrhook_thread_register(self);
    refresh_hot(self);
  }
  __ptrhook_registry_lock();
  __ptrhook_inline_attach_locked(self);
  __ptrhook_registry_unlock();
  PTRHOOK_INLINE_THREAD_SYM = 1;
  self->busy = 0;
}

/*--- the re-entry guard (ptrhook_abi.h) -----------------------------------*/

/* Called by the guard around a user's hook for an event raised while the
 * thread is inside it: counted, for the exit report.  The thread is
 * registered (like a first event) so that its count survives its exit;
 * inside the runtime already, it is only counted. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((cold)) void
PTRHOOK_REENTRY_DROP_SYM(uint32_t hook) {
  struct __ptrhook_thread *self = &__ptrhook_current;

  if (self->state == PTRHOOK_THREAD_NEW && !self->busy) {
    self->busy = 1;
    ensure_init();
    if (self->state == PTRHOOK_THREAD_NEW) {
      __ptrhook_thread_register(self);
      refresh_hot(self);
    }
    self->busy = 0;
  }
  __ptrhook_reentry_count(self, hook);
}

/* Called by the guard around a PTRHOOK_REENTRANT hook at the depth limit. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((cold, noreturn)) void
PTRHOOK_REENTRY_LIMIT_SYM(uint32_t hook, uint32_t depth) {
  __ptrhook_reentry_stop(hook, depth);
}

/*--- public API (ptrhook.h) -----------------------------------------------*/
/* Thin wrappers: the runtime itself only calls the hidden functions above,
 * because in libptrhook_rt.so these exported names may be bound to the
 * executable's runtime.  All of them live here, in the archive member that
 * pulls in every other (libptrhook_rt.a's members are linked for what they
 * define): a program that calls only ptrhook_foreach_site() still gets
 * init, its options and the exit report. */

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t ptrhook_thread_events(void) {
  uint64_t counted, pending;

  /* A signal handler on this thread may report events between the two
   * reads, and write the buffer (moving events from "pending" to
   * "counted"): read again until no write came in between. */
  do {
    counted = __ptrhook_report_thread_events(&__ptrhook_current);
    pending = __ptrhook_trace_pending(&__ptrhook_current);
  } while (counted != __ptrhook_report_thread_events(&__ptrhook_current));
  return counted + pending;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t ptrhook_total_events(void) {
  return __ptrhook_report_totals(NULL);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT int ptrhook_print_summary(void) {
  /* Init first: output=PATH decides where the summary goes. */
  ensure_init();
  return __ptrhook_report_summary();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void ptrhook_enable(void) {
  ensure_init();
  atomic_store(&PTRHOOK_STATE_SYM.enabled, true);
  kick_all();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void ptrhook_disable(void) {
  ensure_init();
  atomic_store(&PTRHOOK_STATE_SYM.enabled, false);
  kick_all();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT int ptrhook_is_enabled(void) {
  ensure_init();
  return atomic_load(&PTRHOOK_STATE_SYM.enabled);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT unsigned ptrhook_set_kinds(unsigned mask) {
  unsigned old;

  ensure_init();
  old = atomic_exchange(&PTRHOOK_STATE_SYM.kinds, mask & PTRHOOK_KINDS_ALL);
  kick_all();
  __ptrhook_sites_check_kinds(mask & PTRHOOK_KINDS_ALL);
  return old;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT unsigned ptrhook_get_kinds(void) {
  ensure_init();
  return atomic_load(&PTRHOOK_STATE_SYM.kinds);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT const char *
ptrhook_kind_name(unsigned kind) {
  return __ptrhook_kind_name(kind);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t
ptrhook_foreach_site(ptrhook_site_fn fn, void *arg) {
  return __ptrhook_sites_foreach(fn, arg);
}
