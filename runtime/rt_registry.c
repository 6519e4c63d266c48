/*===-- rt_registry.c - the thread registry -------------------------------===*
 *
 * Each thread owns a record in its static TLS block, __ptrhook_current
 * (initial-exec model: one %fs-relative access, also in libptrhook_rt.so).
 * On its first event a thread links its record into a global list under
 * the registry lock and stores it in a pthread key, whose destructor
 * (__ptrhook_thread_retire, rt_thread.c) retires the thread and unlinks the
 * record before glibc frees the TLS block.  Readers hold the lock and load
 * live counters with relaxed atomic loads: an aligned 8-byte load never
 * tears, and a total is exact once the threads are quiescent.
 *
 * `_locked` at the end of a function's name, here and in every layer above,
 * means: the caller holds the registry lock.  The lock is also the
 * pthread_atfork prepare and parent handler (rt_init.c), so the fork child
 * handlers (`*_after_fork_child`) run with it held, in the only thread left.
 *
 * This file keeps the list, the thread numbers and the key; what a thread's
 * arrival or departure means for the counts, the trace and the totals is
 * rt_thread.c's business.
 *===----------------------------------------------------------------------===*/
#include "rt_registry.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

_Thread_local struct __ptrhook_thread __ptrhook_current
    __attribute__((tls_model("initial-exec")));

/* The same record under an exported name, for the runtime's hooks inlined
 * into instrumented code (inline=runtime, rt_hook_inline.c).  Like the
 * hooks, this name binds to the executable's runtime when the executable
 * exports it (ptrhook.dynlist), so that inlined code in every module
 * works on the active runtime's record, while each copy of the runtime
 * keeps using its own (__ptrhook_current, hidden). */
extern _Thread_local struct __ptrhook_thread PTRHOOK_RT_TLS_SYM
    __attribute__((alias("__ptrhook_current")));

static struct {
  pthread_mutex_t mutex;           /* guards `live` and `threads` */
  struct __ptrhook_thread *live;   /* PTRHOOK_THREAD_LIVE records */
  uint64_t threads;                /* threads that reported an event */
  pthread_key_t key;
  bool have_key;                   /* set before init publishes `ready` */
} registry = {.mutex = PTHREAD_MUTEX_INITIALIZER};

/* Push `t` on the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void
link_thread_locked(struct __ptrhook_thread *t) {
  t->prev = NULL;
  t->next = registry.live;
  if (registry.live != NULL)
    registry.live->prev = t;
  registry.live = t;
}

/* Take `t` off the live list.  Caller holds registry.mutex. */
PTRHOOK_NO_INSTRUMENT static void
unlink_thread_locked(struct __ptrhook_thread *t) {
  if (t->prev != NULL)
    t->prev->next = t->next;
  else
    registry.live = t->next;
  if (t->next != NULL)
    t->next->prev = t->prev;
  t->next = t->prev = NULL;
}

PTRHOOK_NO_INSTRUMENT struct __ptrhook_thread *__ptrhook_registry_self(void) {
  return &__ptrhook_current;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_registry_init(void (*retire)(void *)) {
  if (pthread_key_create(&registry.key, retire) != 0)
    return -1;
  registry.have_key = true;
  return 0;
}

PTRHOOK_NO_INSTRUMENT bool __ptrhook_registry_arm(struct __ptrhook_thread *t) {
  /* pthread_setspecific may allocate (keys past the first 32), i.e. run an
   * instrumented malloc; the caller's `busy` keeps that from re-entering. */
  return registry.have_key && pthread_setspecific(registry.key, t) == 0;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_registry_add_locked(struct __ptrhook_thread *t, bool armed) {
  t->index = (uint32_t)++registry.threads;
  if (armed) {
    link_thread_locked(t);
    t->state = PTRHOOK_THREAD_LIVE;
  } else {
    t->state = PTRHOOK_THREAD_FOLDING;
  }
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_registry_remove_locked(struct __ptrhook_thread *t) {
  unlink_thread_locked(t);
  t->state = PTRHOOK_THREAD_FOLDING;
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

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_registry_threads_locked(void) {
  return registry.threads;
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_registry_threads(void) {
  uint64_t n;

  pthread_mutex_lock(&registry.mutex);
  n = registry.threads;
  pthread_mutex_unlock(&registry.mutex);
  return n;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_registry_kick_all_locked(void) {
  for (struct __ptrhook_thread *t = registry.live; t != NULL; t = t->next)
    __atomic_store_n(&t->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_registry_after_fork_child(struct __ptrhook_thread *self) {
  /* The other threads do not exist here, and glibc will reuse their stacks
   * (with them their TLS records): only `self` stays, as thread 1. */
  registry.live = NULL;
  if (self->state == PTRHOOK_THREAD_LIVE)
    link_thread_locked(self);
  registry.threads = self->state == PTRHOOK_THREAD_NEW ? 0 : 1;
  if (self->state != PTRHOOK_THREAD_NEW) {
    self->index = 1;
    self->tid = (uint32_t)syscall(SYS_gettid);
  }
}
