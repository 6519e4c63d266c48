/*===-- rt_hook.c - the hook's hot path, the thread registry, the API -----===*
 *
 * __injected_hook() runs once per instrumented pointer, so its fast path is
 * a thread-local increment, a thread-local flag test and a return: no
 * lock, no atomic read-modify-write, no call.  Everything else (init, the
 * first event of a thread, log mode, events of a thread that is already
 * being torn down) sits behind that one flag in __ptrhook_hook_slow().
 *
 * Counting.  Each thread owns a record in its static TLS block (initial-exec
 * model: one %fs-relative access, also in libptrhook_rt.so).  The counter is
 * bumped with a plain `++`, which x86-64 compiles to one memory-destination
 * add: a signal handler that fires in between cannot lose an update, and no
 * lock prefix is needed because no other thread writes it.
 *
 * Registry.  On its first event a thread links its record into a global
 * list under `registry.mutex` and stores it in a pthread key.  The key's
 * destructor folds the count into `registry.retired` and unlinks the record
 * before glibc frees the TLS block.  Readers hold the mutex and load live
 * counters with relaxed atomic loads: an aligned 8-byte load never tears,
 * and the total is exact once the threads are quiescent.
 *
 * After the key destructor ran, a thread may still report events (a later
 * key's destructor runs instrumented code).  Rather than setting the key
 * again, which glibc honours only PTHREAD_DESTRUCTOR_ITERATIONS times, such
 * a thread stays unlinked and folds each event into `registry.retired`
 * directly (state FOLDING).  That is slower but exact, cannot leave a
 * record of a dead thread in the list, and doubles as the fallback when no
 * pthread key could be created.
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <pthread.h>
#include <stddef.h>

enum thread_state {
  THREAD_NEW = 0, /* no event registered yet (all of TLS starts zeroed) */
  THREAD_LIVE,    /* linked in the registry, the key destructor is armed */
  THREAD_FOLDING, /* unlinked; every event goes straight to `retired` */
};

/* One per thread.  `events` and `fast` come first so the hot path reaches
 * both from one TLS offset.  Trivially destructible: glibc frees it with
 * the thread's stack, after the key destructor unlinked it. */
struct ptrhook_thread {
  uint64_t events;  /* every event this thread reported (this process) */
  uint8_t fast;     /* 1: the hot path needs nothing but the increment */
  uint8_t busy;     /* 1: this thread is inside the runtime (re-entry) */
  uint8_t state;    /* enum thread_state */
  uint64_t folded;  /* part of `events` already added to `retired` */
  struct ptrhook_thread *next;
  struct ptrhook_thread *prev;
};

static _Thread_local struct ptrhook_thread current
    __attribute__((tls_model("initial-exec")));

static struct {
  pthread_mutex_t mutex;         /* guards every field but `retired` */
  struct ptrhook_thread *live;   /* THREAD_LIVE records */
  atomic_uint_least64_t retired; /* events of exited and FOLDING threads */
  uint64_t threads;              /* threads that reported an event */
  pthread_key_t key;
  bool have_key;                 /* set before init publishes `ready` */
} registry = {.mutex = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/*--- the hook -------------------------------------------------------------*/

/* The default hook: count the event for the calling thread.  Weak, so a
 * program's own strong definition replaces it; used and noinline, so it
 * survives as a real, out-of-line function that instrumented code calls. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((weak, used)) void
PTRHOOK_HOOK_SYM(uintptr_t addr) {
  struct ptrhook_thread *self = &current;

  self->events++;
  if (PTRHOOK_UNLIKELY(!self->fast))
    __ptrhook_hook_slow(addr, NULL);
}

/* The default site-aware hook (abi=site): the same count, and the site for
 * the log.  Weak, used and noinline for the same reasons. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT __attribute__((weak, used)) void
PTRHOOK_HOOK_SITE_SYM(uintptr_t addr, const struct ptrhook_site *site) {
  struct ptrhook_thread *self = &current;

  self->events++;
  if (PTRHOOK_UNLIKELY(!self->fast))
    __ptrhook_hook_slow(addr, site);
}

#ifdef PTRHOOK_RT_SHARED
/* Same code, hidden name: see rt_internal.h. */
void __ptrhook_hook_self(uintptr_t addr) __attribute__((alias(PTRHOOK_HOOK_NAME)));
#endif

/*--- the registry ---------------------------------------------------------*/

/* Push `t` on the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void link_thread(struct ptrhook_thread *t) {
  t->prev = NULL;
  t->next = registry.live;
  if (registry.live != NULL)
    registry.live->prev = t;
  registry.live = t;
}

/* Take `t` off the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void unlink_thread(struct ptrhook_thread *t) {
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
PTRHOOK_NO_INSTRUMENT static void fold_thread(struct ptrhook_thread *t) {
  uint64_t seen = t->events;

  atomic_fetch_add_explicit(&registry.retired, seen - t->folded,
                            memory_order_relaxed);
  t->folded = seen;
}

/* The pthread key destructor: runs on the exiting thread, once its start
 * routine returned or it called pthread_exit.  (The main thread never gets
 * here: exit() leaves its record linked, and valid, to the end.) */
PTRHOOK_NO_INSTRUMENT static void thread_exit(void *arg) {
  struct ptrhook_thread *t = arg;
  uint8_t was_busy = t->busy;

  t->busy = 1;
  /* From now on every event of this thread takes the slow path and folds. */
  t->fast = 0;
  pthread_mutex_lock(&registry.mutex);
  /* Unlink and fold under one lock hold, so that a concurrent total sees
   * the count either in the list or in `retired`, never twice or not at
   * all. */
  unlink_thread(t);
  t->state = THREAD_FOLDING;
  fold_thread(t);
  pthread_mutex_unlock(&registry.mutex);
  t->busy = was_busy;
}

/* First event of thread `t`: count the thread, link the record and arm the
 * key destructor.  Without a key, fall back to folding every event. */
PTRHOOK_NO_INSTRUMENT static void register_thread(struct ptrhook_thread *t) {
  /* pthread_setspecific may allocate (keys past the first 32), i.e. run an
   * instrumented malloc; the caller's `busy` keeps that from re-entering. */
  bool armed = registry.have_key &&
               pthread_setspecific(registry.key, t) == 0;

  pthread_mutex_lock(&registry.mutex);
  registry.threads++;
  if (armed) {
    link_thread(t);
    t->state = THREAD_LIVE;
  } else {
    t->state = THREAD_FOLDING;
    fold_thread(t);
  }
  pthread_mutex_unlock(&registry.mutex);
}

PTRHOOK_NO_INSTRUMENT __attribute__((cold)) void
__ptrhook_hook_slow(uintptr_t addr, const struct ptrhook_site *site) {
  struct ptrhook_thread *self = &current;

  /* The event is already counted.  If this thread is inside the runtime
   * (a signal handler or an instrumented malloc/write called from here),
   * counting is all it gets: no registration, no log line, no recursion. */
  if (self->busy)
    return;
  self->busy = 1;
  __ptrhook_ensure_init();

  if (self->state == THREAD_NEW)
    register_thread(self);
  else if (self->state == THREAD_FOLDING)
    fold_thread(self);

  if (PTRHOOK_STATE_SYM.log)
    __ptrhook_log_event(addr, site); /* a failed write has nowhere to go */
  else if (self->state == THREAD_LIVE)
    self->fast = 1;
  self->busy = 0;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_ensure_init(void) {
  struct ptrhook_thread *self = &current;
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

PTRHOOK_NO_INSTRUMENT void __ptrhook_registry_after_fork_child(void) {
  struct ptrhook_thread *self = &current;

  /* Runs in the child with the mutex taken by __ptrhook_registry_lock in the
   * parent.  Only the forking thread exists here; glibc will reuse the
   * other threads' stacks, and with them their TLS records, so they must
   * leave the list now.  The child then counts its own events only. */
  registry.live = NULL;
  if (self->state == THREAD_LIVE)
    link_thread(self);
  atomic_store_explicit(&registry.retired, 0, memory_order_relaxed);
  registry.threads = self->state == THREAD_NEW ? 0 : 1;
  self->events = 0;
  self->folded = 0;
  pthread_mutex_unlock(&registry.mutex);
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_registry_totals(uint64_t *threads) {
  uint64_t total;

  pthread_mutex_lock(&registry.mutex);
  total = atomic_load_explicit(&registry.retired, memory_order_relaxed);
  /* Live records have never folded (`folded` is 0), so `events` is what
   * they add.  The owner writes `events` without atomics; see the banner. */
  for (struct ptrhook_thread *t = registry.live; t != NULL; t = t->next)
    total += __atomic_load_n(&t->events, __ATOMIC_RELAXED);
  if (threads != NULL)
    *threads = registry.threads;
  pthread_mutex_unlock(&registry.mutex);
  return total;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_write_summary(void) {
  struct ptrhook_thread *self = &current;
  char events[PTRHOOK_DEC_MAX];
  char threads[PTRHOOK_DEC_MAX];
  uint64_t nthreads;
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
  self->busy = was_busy;
  return rc;
}

/*--- public API (ptrhook.h) -----------------------------------------------*/
/* Thin wrappers: the runtime itself only calls the hidden functions above,
 * because in libptrhook_rt.so these exported names may be bound to the
 * executable's runtime. */

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t ptrhook_thread_events(void) {
  return current.events;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t ptrhook_total_events(void) {
  return __ptrhook_registry_totals(NULL);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT int ptrhook_print_summary(void) {
  /* Init first: output=PATH decides where the summary goes. */
  __ptrhook_ensure_init();
  return __ptrhook_write_summary();
}
