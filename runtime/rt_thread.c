/*===-- rt_thread.c - a thread's arrival, departure, and fork() -----------===*
 *
 * What happens to a thread's record (rt_registry.c) and everything hung on
 * it (per-site counters, trace buffer, inline counters) when the thread
 * reports its first event, when it exits, and when the process forks.
 *
 * After the key destructor ran, a thread may still report events (a later
 * key's destructor runs instrumented code).  Rather than setting the key
 * again, which glibc honours only PTHREAD_DESTRUCTOR_ITERATIONS times, such
 * a thread stays unlinked and folds each event into the totals directly
 * (state FOLDING; trace records are then written one by one).  That is
 * slower but exact, cannot leave a record of a dead thread in the list, and
 * doubles as the fallback when no pthread key could be created.
 *===----------------------------------------------------------------------===*/
#include "rt_thread.h"
#include "rt_counts.h"
#include "rt_inline.h"
#include "rt_reentry.h"
#include "rt_registry.h"
#include "rt_report.h"
#include "rt_trace.h"

#include <sys/syscall.h>
#include <unistd.h>

PTRHOOK_NO_INSTRUMENT void __ptrhook_thread_retire(void *arg) {
  struct __ptrhook_thread *t = arg;
  uint8_t was_busy = t->busy;

  t->busy = 1;
  /* From now on every event of this thread takes the slow path and folds. */
  __atomic_store_n(&t->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
  /* Write the buffer before taking the registry lock (lock order: registry,
   * then a buffer's lock, as the exit report takes them). */
  if (PTRHOOK_STATE_SYM.mode == PTRHOOK_MODE_TRACE)
    __ptrhook_trace_thread_exit(t);
  __ptrhook_registry_lock();
  /* Unlink and fold under one lock hold, so that a concurrent total sees
   * the count either in the list or in the retired events, never twice or
   * not at all. */
  __ptrhook_registry_remove_locked(t);
  __ptrhook_report_fold(t);
  __ptrhook_inline_retire_locked(t);
  __ptrhook_reentry_retire_locked(t);
  __ptrhook_report_note_exit_locked(t);
  __ptrhook_counts_retire_locked(t);
  __ptrhook_registry_unlock();
  __ptrhook_trace_release(t);
  t->busy = was_busy;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_thread_register(struct __ptrhook_thread *t) {
  bool armed = __ptrhook_registry_arm(t);

  t->tid = (uint32_t)syscall(SYS_gettid);
  t->slot = &__ptrhook_no_slot;
  __ptrhook_registry_lock();
  __ptrhook_registry_add_locked(t, armed);
  if (!armed)
    __ptrhook_report_fold(t); /* no key: FOLDING from the start */
  __ptrhook_registry_unlock();
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_thread_after_fork_child(void) {
  struct __ptrhook_thread *self = __ptrhook_registry_self();

  /* Runs in the child with the registry lock taken in the parent.  Only the
   * forking thread exists here; glibc will reuse the other threads' stacks,
   * and with them their TLS records, so they must leave the list now, and
   * what they had buffered or counted with them: the parent reports it.
   * The child then counts its own events only. */
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next)
    if (t != self) {
      __ptrhook_trace_forget_vanished_locked(t);
      __ptrhook_counts_reset_locked(t);
    }
  __ptrhook_registry_after_fork_child(self);
  __ptrhook_report_after_fork_child();
  self->events = 0;
  self->folded = 0;
  __ptrhook_trace_restart_after_fork(self);
  __ptrhook_counts_reset_locked(self);
  __ptrhook_counts_after_fork_child();
  __ptrhook_inline_after_fork_child(self);
  __ptrhook_reentry_after_fork_child(self);
  __atomic_store_n(&self->hot.mode, PTRHOOK_HOT_SLOW, __ATOMIC_RELAXED);
  __ptrhook_registry_unlock();
}
