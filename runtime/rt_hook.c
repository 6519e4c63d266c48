/*===-- rt_hook.c - the hooks' hot paths, the thread registry, the API ----===*
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
 * each thread then recomputes its own mode in __ptrhook_refresh_hot(),
 * which re-reads `generation` after storing, so that a kick is never
 * overwritten by a mode computed from the state before it.
 *
 * Counting.  Each thread owns a record in its static TLS block (initial-exec
 * model: one %fs-relative access, also in libptrhook_rt.so).  Counters are
 * bumped with a plain `++`, which x86-64 compiles to one memory-destination
 * add: a signal handler that fires in between cannot lose an update, and no
 * lock prefix is needed because no other thread writes them.
 *
 * Trace appends are made safe against signal handlers on the same thread
 * by claiming the buffer first: the cursor is stored with its low bit set
 * (PTRHOOK_TCUR_CLAIMED), then the record written, then the next cursor
 * stored.  A handler that interrupts an append finds the bit and takes the
 * slow path, which writes its event as a nested record instead of touching
 * the buffer (rt_trace.c).
 *
 * Registry.  On its first event a thread links its record into a global
 * list under `registry.mutex` and stores it in a pthread key.  The key's
 * destructor writes the thread's trace buffer, folds its counts into the
 * process totals and unlinks the record before glibc frees the TLS block.
 * Readers hold the mutex and load live counters with relaxed atomic loads:
 * an aligned 8-byte load never tears, and the total is exact once the
 * threads are quiescent.
 *
 * After the key destructor ran, a thread may still report events (a later
 * key's destructor runs instrumented code).  Rather than setting the key
 * again, which glibc honours only PTHREAD_DESTRUCTOR_ITERATIONS times, such
 * a thread stays unlinked and folds each event into the totals directly
 * (state FOLDING; trace records are then written one by one).  That is
 * slower but exact, cannot leave a record of a dead thread in the list, and
 * doubles as the fallback when no pthread key could be created.
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "rt_hot.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* This thread's record (rt_internal.h). */
_Thread_local struct __ptrhook_thread __ptrhook_current
    __attribute__((tls_model("initial-exec")));

static struct {
  pthread_mutex_t mutex;           /* guards every field but `retired` */
  struct __ptrhook_thread *live;   /* PTRHOOK_THREAD_LIVE records */
  atomic_uint_least64_t retired;   /* events of exited and FOLDING threads */
  uint64_t threads;                /* threads that reported an event */
  pthread_key_t key;
  bool have_key;                   /* set before init publishes `ready` */
} registry = {.mutex = PTHREAD_MUTEX_INITIALIZER};

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

#ifdef PTRHOOK_RT_SHARED
/* Same code, hidden name: see rt_internal.h. */
void __ptrhook_hook_self(uintptr_t addr) __attribute__((alias(PTRHOOK_HOOK_NAME)));
#endif

/*--- the registry ---------------------------------------------------------*/

/* Push `t` on the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void link_thread(struct __ptrhook_thread *t) {
  t->prev = NULL;
  t->next = registry.live;
  if (registry.live != NULL)
    registry.live->prev = t;
  registry.live = t;
}

/* Take `t` off the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void unlink_thread(struct __ptrhook_thread *t) {
  if (t->prev != NULL)
    t->prev->next = t->next;
  else
    registry.live = t->next;
  if (t->next != NULL)
    t->next->prev = t->prev;
  t->next = t->prev = NULL;
}

/* Add the events `t` counted since its last fold to `retired`.  Only ever
 * called on the owning thread.  `events` is read once: an event a signal
 * handler adds after that read is folded by the next call. */
PTRHOOK_NO_INSTRUMENT static void fold_thread(struct __ptrhook_thread *t) {
  uint64_t seen = __ptrhook_thread_count(t);

  atomic_fetch_add_explicit(&registry.retired, seen - t->folded,
                            memory_order_relaxed);
  t->folded = seen;
}

/* The pthread key destructor: runs on the exiting thread, once its start
 * routine returned or it called pthread_exit.  (The main thread never gets
 * here: exit() leaves its record linked, and valid, to the end.) */
PTRHOOK_NO_INSTRUMENT static void thread_exit(void *arg) {
  struct __ptrhook_thread *t = arg;
  uint8_t was_busy = t->busy;

  t->busy = 1;
  /* From now on every event of this thread takes the slow path and folds. */
  __atomic_store_n(&t->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
  /* Write the buffer before taking the registry lock (lock order: registry,
   * then a buffer's lock, as the exit report takes them). */
  if (PTRHOOK_STATE_SYM.mode == PTRHOOK_MODE_TRACE)
    __ptrhook_trace_thread_exit(t);
  pthread_mutex_lock(&registry.mutex);
  /* Unlink and fold under one lock hold, so that a concurrent total sees
   * the count either in the list or in `retired`, never twice or not at
   * all. */
  unlink_thread(t);
  t->state = PTRHOOK_THREAD_FOLDING;
  fold_thread(t);
  __ptrhook_inline_retire_locked(t);
  __ptrhook_counts_note_thread(t);
  __ptrhook_counts_retire(t);
  pthread_mutex_unlock(&registry.mutex);
  __ptrhook_trace_release(t);
  t->busy = was_busy;
}

/* First event of thread `t`: number the thread, link the record and arm the
 * key destructor.  Without a key, fall back to folding every event. */
PTRHOOK_NO_INSTRUMENT static void register_thread(struct __ptrhook_thread *t) {
  /* pthread_setspecific may allocate (keys past the first 32), i.e. run an
   * instrumented malloc; the caller's `busy` keeps that from re-entering. */
  bool armed = registry.have_key &&
               pthread_setspecific(registry.key, t) == 0;

  t->tid = (uint32_t)syscall(SYS_gettid);
  t->slot = &__ptrhook_no_slot;
  pthread_mutex_lock(&registry.mutex);
  t->index = (uint32_t)++registry.threads;
  if (armed) {
    link_thread(t);
    t->state = PTRHOOK_THREAD_LIVE;
  } else {
    t->state = PTRHOOK_THREAD_FOLDING;
    fold_thread(t);
  }
  pthread_mutex_unlock(&registry.mutex);
}

/* The hot mode `self` may use now.  See __ptrhook_refresh_hot. */
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
    if (!__ptrhook_trace_ok())
      return PTRHOOK_HOT_COUNT; /* a failed trace goes on counting */
    if (atomic_load_explicit(&st->finished, memory_order_relaxed))
      return PTRHOOK_HOT_SLOW; /* late events are written one by one */
    return __ptrhook_trace_hot(self);
  }
  return PTRHOOK_HOT_SLOW;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_refresh_hot(struct __ptrhook_thread *self) {
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

PTRHOOK_NO_INSTRUMENT void __ptrhook_kick_all_locked(void) {
  for (struct __ptrhook_thread *t = registry.live; t != NULL; t = t->next)
    __atomic_store_n(&t->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
}

/* Change of the process state: make every thread re-read it. */
PTRHOOK_NO_INSTRUMENT static void kick_all(void) {
  atomic_fetch_add(&PTRHOOK_STATE_SYM.generation, 1);
  pthread_mutex_lock(&registry.mutex);
  __ptrhook_inline_sync_locked();
  __ptrhook_kick_all_locked();
  pthread_mutex_unlock(&registry.mutex);
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
      (site == NULL || !(kinds & (1u << (site->kind & 31)))))
    return;
  if (st->mode == PTRHOOK_MODE_TRACE && __ptrhook_trace_ok()) {
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
    if (!(kinds & (1u << (site->kind & 31))))
      return;
  }
  switch ((enum __ptrhook_mode)st->mode) {
  case PTRHOOK_MODE_TRACE:
    if (__ptrhook_trace_ok()) {
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
    fold_thread(self);
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
  __ptrhook_ensure_init();
  if (self->state == PTRHOOK_THREAD_NEW)
    register_thread(self);
  record_event(self, addr, site);
  __ptrhook_refresh_hot(self);
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
  __ptrhook_ensure_init();
  if (self->state == PTRHOOK_THREAD_NEW) {
    register_thread(self);
    __ptrhook_refresh_hot(self);
  }
  pthread_mutex_lock(&registry.mutex);
  __ptrhook_inline_attach_locked(self);
  pthread_mutex_unlock(&registry.mutex);
  PTRHOOK_INLINE_THREAD_SYM = 1;
  self->busy = 0;
}

PTRHOOK_NO_INSTRUMENT struct __ptrhook_thread *__ptrhook_self(void) {
  return &__ptrhook_current;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_ensure_init(void) {
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
  pthread_once(&init_once, __ptrhook_init_once);
  self->busy = was_busy;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_registry_init(void) {
  if (pthread_key_create(&registry.key, thread_exit) != 0)
    return -1;
  registry.have_key = true;
  return 0;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_registry_lock(void) {
  pthread_mutex_lock(&registry.mutex);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_registry_unlock(void) {
  pthread_mutex_unlock(&registry.mutex);
}

PTRHOOK_NO_INSTRUMENT struct __ptrhook_thread *__ptrhook_registry_live(void) {
  return registry.live;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_registry_after_fork_child(void) {
  struct __ptrhook_thread *self = &__ptrhook_current;

  /* Runs in the child with the mutex taken by __ptrhook_registry_lock in the
   * parent.  Only the forking thread exists here; glibc will reuse the
   * other threads' stacks, and with them their TLS records, so they must
   * leave the list now, and what they had buffered or counted with them:
   * the parent reports it.  The child then counts its own events only. */
  for (struct __ptrhook_thread *t = registry.live; t != NULL; t = t->next)
    if (t != self) {
      __ptrhook_trace_forget(t, true);
      __ptrhook_counts_reset(t);
    }
  registry.live = NULL;
  if (self->state == PTRHOOK_THREAD_LIVE)
    link_thread(self);
  atomic_store_explicit(&registry.retired, 0, memory_order_relaxed);
  registry.threads = self->state == PTRHOOK_THREAD_NEW ? 0 : 1;
  if (self->state != PTRHOOK_THREAD_NEW) {
    self->index = 1;
    self->tid = (uint32_t)syscall(SYS_gettid);
  }
  self->events = 0;
  self->folded = 0;
  __ptrhook_trace_forget(self, false);
  __ptrhook_counts_reset(self);
  __ptrhook_counts_after_fork_child();
  __ptrhook_inline_after_fork_child(self);
  __atomic_store_n(&self->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&registry.mutex);
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_registry_totals(uint64_t *threads) {
  uint64_t total;

  pthread_mutex_lock(&registry.mutex);
  total = atomic_load_explicit(&registry.retired, memory_order_relaxed);
  /* Live records have never folded (`folded` is 0), so `events` plus what
   * they have buffered is what they add.  The owner writes `events` without
   * atomics; see the banner. */
  for (struct __ptrhook_thread *t = registry.live; t != NULL; t = t->next)
    total += __ptrhook_thread_count(t) + __ptrhook_trace_pending(t);
  if (threads != NULL)
    *threads = registry.threads;
  pthread_mutex_unlock(&registry.mutex);
  return total;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_write_summary(void) {
  struct __ptrhook_thread *self = &__ptrhook_current;
  char events[PTRHOOK_DEC_MAX];
  char threads[PTRHOOK_DEC_MAX];
  uint64_t nthreads;
  uint64_t kinds[PTRHOOK_KIND_COUNT];
  uint8_t was_busy = self->busy;
  int rc;

  __ptrhook_format_dec(events, __ptrhook_registry_totals(&nthreads));
  __ptrhook_format_dec(threads, nthreads);
  /* If write() is an instrumented wrapper, its events are counted but not
   * logged, like those of every other write the runtime makes. */
  self->busy = 1;
  rc = __ptrhook_print(__ptrhook_output_fd(), "ptrhook: ", events,
                       " events in ", threads, " threads\n",
                       (const char *)NULL);
  /* abi=site events in count mode, and inline-counted ones: one more line,
   * the events of each kind ("ptrhook: by kind: gep 100, load 100, phi
   * 100"). */
  bool by_site = PTRHOOK_STATE_SYM.mode == PTRHOOK_MODE_COUNT &&
                 __ptrhook_counts_by_kind(kinds);
  uint64_t inl[PTRHOOK_KIND_COUNT];
  pthread_mutex_lock(&registry.mutex);
  bool by_inline = __ptrhook_inline_by_kind_locked(inl);
  pthread_mutex_unlock(&registry.mutex);
  if (!by_site)
    memset(kinds, 0, sizeof kinds);
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
    kinds[k] += inl[k];
  if (by_site || by_inline) {
    char line[512] = "ptrhook: by kind:";
    size_t len = sizeof "ptrhook: by kind:" - 1;
    const char *sep = " ";

    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
      char num[PTRHOOK_DEC_MAX];
      const char *name = __ptrhook_kind_name(k);
      size_t nl = strlen(name), dl;

      if (kinds[k] == 0)
        continue;
      dl = __ptrhook_format_dec(num, kinds[k]);
      memcpy(line + len, sep, strlen(sep));
      len += strlen(sep);
      memcpy(line + len, name, nl);
      len += nl;
      line[len++] = ' ';
      memcpy(line + len, num, dl);
      len += dl;
      sep = ", ";
    }
    line[len++] = '\n';
    if (__ptrhook_write_all(__ptrhook_output_fd(), line, len) != 0)
      rc = -1;
  }
  self->busy = was_busy;
  return rc;
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
    counted = __ptrhook_thread_count(&__ptrhook_current);
    pending = __ptrhook_trace_pending(&__ptrhook_current);
  } while (counted != __ptrhook_thread_count(&__ptrhook_current));
  return counted + pending;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t ptrhook_total_events(void) {
  return __ptrhook_registry_totals(NULL);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT int ptrhook_print_summary(void) {
  /* Init first: output=PATH decides where the summary goes. */
  __ptrhook_ensure_init();
  return __ptrhook_write_summary();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void ptrhook_enable(void) {
  __ptrhook_ensure_init();
  atomic_store(&PTRHOOK_STATE_SYM.enabled, true);
  kick_all();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void ptrhook_disable(void) {
  __ptrhook_ensure_init();
  atomic_store(&PTRHOOK_STATE_SYM.enabled, false);
  kick_all();
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT int ptrhook_is_enabled(void) {
  __ptrhook_ensure_init();
  return atomic_load(&PTRHOOK_STATE_SYM.enabled);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT unsigned ptrhook_set_kinds(unsigned mask) {
  unsigned old;

  __ptrhook_ensure_init();
  old = atomic_exchange(&PTRHOOK_STATE_SYM.kinds, mask & PTRHOOK_KINDS_ALL);
  kick_all();
  __ptrhook_sites_check_kinds(mask & PTRHOOK_KINDS_ALL);
  return old;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT unsigned ptrhook_get_kinds(void) {
  __ptrhook_ensure_init();
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
