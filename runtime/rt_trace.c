/*===-- rt_trace.c - mode=trace: per-thread buffers, fatal signals -------===*
 *
 * Each thread appends its events to its own buffer (the hooks' TRACE1/
 * TRACE2 fast paths, rt_hot.h); a full buffer is written as one EVENTS
 * block by the slow path of the thread that filled it.  The file and its
 * blocks are rt_tracefile.c's.
 *
 * Who writes a buffer, and when:
 *   - the owner, when it is full (slow path);
 *   - the owner's key destructor when the thread exits, then a THREAD_END;
 *   - the exit report (destructor 101 on whichever thread calls exit()),
 *     for every live thread, then THREAD_END blocks and PROCESS_END;
 *   - the fatal-signal handler (best effort, no locks it cannot get).
 * Owner and others exclude each other with a per-buffer spin lock holding
 * the owner's tid; the owner's appends themselves take no lock: another
 * thread writes [flushed, tcur) as read with acquire, which the owner
 * publishes with release after the record is complete.
 *
 * Events that cannot go to a buffer are written directly, one record per
 * block: events of a thread whose key destructor ran (FOLDING), events
 * after the exit report (late destructors), and nested events (a signal
 * handler that interrupted the runtime or an append on its thread).
 *
 * fork(): the child drops what the parent's threads had buffered (the
 * parent writes it), opens TRACE_PATH.<child pid> and numbers its own
 * events from 0.
 *===----------------------------------------------------------------------===*/
#include "rt_trace.h"
#include "rt_registry.h"
#include "rt_tracefile.h"
#include "ptrhook_trace_format.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* A thread's buffer.  Mapped with mmap; kept on a free list when its
 * thread exits (never unmapped while the process may still read it from a
 * signal handler). */
struct __ptrhook_tbuf {
  atomic_uint lock;      /* 0, or the tid of the thread writing it out */
  uint32_t wide;         /* two words per record */
  uintptr_t *flushed;    /* first word not written yet */
  uintptr_t *start;      /* the record area ... */
  uintptr_t *end;        /* ... an even number of words */
  size_t map_size;
  struct __ptrhook_tbuf *next_free;
  /* Packing (trace_pack=1): the packed block is built here, as long as
   * the record area, with the packer's state.  NULL area: write raw. */
  struct __ptrhook_trace_packer pack;
  uintptr_t words[];
};

/* Buffers of exited threads, for reuse; guarded by the registry lock. */
static struct __ptrhook_tbuf *free_list;

/* Fatal signals: the actions we replaced, and the handler's progress (0
 * idle, 1 writing, 2 done). */
static const int fatal_signals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGILL,
                                    SIGTRAP, SIGABRT, SIGBUS,  SIGFPE,
                                    SIGSEGV, SIGPIPE, SIGALRM, SIGTERM,
                                    SIGUSR1, SIGUSR2, SIGXCPU, SIGSYS};
static struct sigaction old_actions[65];
static atomic_int fatal_state;

PTRHOOK_NO_INSTRUMENT static uint32_t gettid_now(void) {
  return (uint32_t)syscall(SYS_gettid);
}

/* Words of a thread's buffer (trace_buffer= records of two words). */
PTRHOOK_NO_INSTRUMENT static uint64_t buffer_words(void) {
  return 2 * PTRHOOK_STATE_SYM.options.trace_buffer;
}

/*--- buffers --------------------------------------------------------------*/

/* Take `t`'s buffer lock (owner and others alike); returns false, without
 * the lock, only in a signal handler that cannot get it (`bounded`). */
PTRHOOK_NO_INSTRUMENT static bool tbuf_lock(struct __ptrhook_tbuf *tb,
                                            uint32_t me, bool bounded) {
  for (unsigned spins = 0;; spins++) {
    unsigned expected = 0;
    if (atomic_compare_exchange_weak_explicit(&tb->lock, &expected, me,
                                              memory_order_acquire,
                                              memory_order_relaxed))
      return true;
    if (bounded && (expected == me || spins > 2000))
      return false;
    if (spins > 64)
      sched_yield();
  }
}

PTRHOOK_NO_INSTRUMENT static void tbuf_unlock(struct __ptrhook_tbuf *tb) {
  atomic_store_explicit(&tb->lock, 0, memory_order_release);
}

/* Write out [flushed, tcur) of `t`'s buffer and reset it when the writer is
 * its owner.  Caller holds the buffer's lock (`have_lock`), or is a
 * fatal-signal handler that could not get it. */
PTRHOOK_NO_INSTRUMENT static void flush_tbuf(struct __ptrhook_thread *t,
                                             bool owner, bool have_lock) {
  struct __ptrhook_tbuf *tb = t->tbuf;
  /* A record being appended right now (claimed) is left for later. */
  uintptr_t *to = __ptrhook_tcur_clean(__atomic_load_n(&t->tcur, __ATOMIC_ACQUIRE));
  uintptr_t *from = tb->flushed;
  size_t words;
  uint64_t records;

  if (to == NULL || to <= from)
    return;
  words = (size_t)(to - from);
  records = tb->wide ? words / 2 : words;
  /* On failure the events are dropped but still counted: `tseq` counts
   * every numbered event, written or not. */
  /* Without the lock (a fatal signal's best effort) the packing area may be
   * in use: raw. */
  __ptrhook_tracefile_events(t, from, words, tb->wide, t->tseq, 0, 0,
                             have_lock ? &tb->pack : NULL);
  __atomic_store_n(&t->tseq, t->tseq + records, __ATOMIC_RELAXED);
  if (owner) {
    tb->flushed = tb->start;
    __atomic_store_n(&t->tcur, tb->start, __ATOMIC_RELEASE);
  } else {
    tb->flushed = to;
  }
}

/* Give `self` a buffer: from the free list or newly mapped.  Returns false
 * if none could be mapped. */
PTRHOOK_NO_INSTRUMENT static bool get_tbuf(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb;
  /* One spare word: see __ptrhook_tracefile_events.  Then the packing area
   * (as long as the records, 8-aligned) and the packer's state. */
  uint64_t words = buffer_words();
  size_t raw = (words + 1) * sizeof(uintptr_t);
  bool pack = PTRHOOK_STATE_SYM.options.trace_pack;
  size_t size = sizeof *tb + raw +
                (pack ? ((raw + 7) & ~(size_t)7) +
                            sizeof(struct ptrhook_trace_pack_state)
                      : 0);

  __ptrhook_registry_lock();
  tb = free_list;
  if (tb != NULL)
    free_list = tb->next_free;
  __ptrhook_registry_unlock();
  if (tb == NULL) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      return false;
    tb = p;
    tb->map_size = size;
    tb->start = tb->words;
    tb->end = tb->words + words;
    tb->pack.area = NULL;
    tb->pack.state = NULL;
    if (pack) {
      tb->pack.area = (unsigned char *)(tb->words + words + 1);
      tb->pack.state = (struct ptrhook_trace_pack_state *)(void *)(
          tb->pack.area + ((raw + 7) & ~(size_t)7));
    }
  }
  atomic_store(&tb->lock, 0);
  tb->wide = 0;
  tb->flushed = tb->start;
  tb->next_free = NULL;
  self->tcur = tb->start;
  self->tend = tb->end;
  /* Last: whoever sees the buffer sees its cursor. */
  __atomic_store_n(&self->tbuf, tb, __ATOMIC_RELEASE);
  return true;
}

PTRHOOK_NO_INSTRUMENT uint8_t
__ptrhook_trace_hot(const struct __ptrhook_thread *self) {
  if (self->tbuf == NULL)
    return PTRHOOK_HOT_SLOW;
  return self->tbuf->wide ? PTRHOOK_HOT_TRACE2 : PTRHOOK_HOT_TRACE1;
}

PTRHOOK_NO_INSTRUMENT uint64_t
__ptrhook_trace_pending(const struct __ptrhook_thread *t) {
  const struct __ptrhook_tbuf *tb = __atomic_load_n(&t->tbuf, __ATOMIC_ACQUIRE);
  const uintptr_t *cur, *from;

  if (tb == NULL)
    return 0;
  cur = __ptrhook_tcur_clean(__atomic_load_n(&t->tcur, __ATOMIC_ACQUIRE));
  from = tb->flushed;
  if (cur == NULL || cur <= from)
    return 0;
  return tb->wide ? (uint64_t)(cur - from) / 2 : (uint64_t)(cur - from);
}

/* One event written on its own (no buffer, or after the exit report). */
PTRHOOK_NO_INSTRUMENT static void write_direct(struct __ptrhook_thread *self,
                                               uintptr_t addr,
                                               const struct ptrhook_site *site) {
  uintptr_t rec[2] = {addr, (uintptr_t)site};

  __ptrhook_tracefile_events(self, rec, 2, true, self->tseq, 0, 0, NULL);
  __atomic_store_n(&self->tseq, self->tseq + 1, __ATOMIC_RELAXED);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_event(struct __ptrhook_thread *self,
                                                 uintptr_t addr,
                                                 const struct ptrhook_site *site) {
  struct __ptrhook_tbuf *tb = self->tbuf;
  uint32_t me = self->tid;
  uintptr_t *p;

  if (self->state != PTRHOOK_THREAD_LIVE ||
      atomic_load_explicit(&PTRHOOK_STATE_SYM.finished, memory_order_relaxed)) {
    /* Late: first what is still buffered, so numbers stay in order. */
    if (tb != NULL) {
      tbuf_lock(tb, me, false);
      flush_tbuf(self, true, true);
      write_direct(self, addr, site);
      tbuf_unlock(tb);
    } else {
      write_direct(self, addr, site);
    }
    return;
  }
  if (tb == NULL) {
    if (!get_tbuf(self)) {
      write_direct(self, addr, site);
      return;
    }
    tb = self->tbuf;
  }
  /* The first event of the site hook: from now on two words per record. */
  if ((site != NULL && !tb->wide) || self->tcur == self->tend) {
    tbuf_lock(tb, me, false);
    flush_tbuf(self, true, true);
    if (site != NULL)
      tb->wide = 1;
    tbuf_unlock(tb);
  }
  /* busy is set and the hot mode is SLOW: no handler touches the buffer. */
  p = self->tcur;
  p[0] = addr;
  if (tb->wide)
    p[1] = (uintptr_t)site;
  __atomic_store_n(&self->tcur, p + (tb->wide ? 2 : 1), __ATOMIC_RELEASE);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_nested(struct __ptrhook_thread *self,
                                                  uintptr_t addr,
                                                  const struct ptrhook_site *site) {
  uintptr_t rec[2] = {addr, (uintptr_t)site};
  uint64_t before = __atomic_load_n(&self->tseq, __ATOMIC_RELAXED) +
                    __ptrhook_trace_pending(self);

  if (self->state == PTRHOOK_THREAD_NEW)
    self->tid = gettid_now(); /* not registered yet: index 0 */
  __ptrhook_tracefile_events(self, rec, 2, true, before,
                             PTRHOOK_TRACE_F_NESTED, self->tnested, NULL);
  self->tnested++;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_trace_thread_exit(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = self->tbuf;

  if (tb != NULL) {
    tbuf_lock(tb, self->tid, false);
    flush_tbuf(self, true, true);
    tbuf_unlock(tb);
  }
  if (self->state == PTRHOOK_THREAD_LIVE)
    __ptrhook_tracefile_thread_end(self, true);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_release(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = self->tbuf;

  if (tb == NULL)
    return;
  self->tcur = self->tend = NULL;
  __atomic_store_n(&self->tbuf, NULL, __ATOMIC_RELEASE);
  __ptrhook_registry_lock();
  tb->next_free = free_list;
  free_list = tb;
  __ptrhook_registry_unlock();
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_trace_finish(void) {
  atomic_store(&PTRHOOK_STATE_SYM.finished, true);
  atomic_fetch_add(&PTRHOOK_STATE_SYM.generation, 1);
  __ptrhook_registry_lock();
  __ptrhook_registry_kick_all_locked();
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next) {
    struct __ptrhook_tbuf *tb = t->tbuf;
    if (tb != NULL) {
      bool mine = t == __ptrhook_registry_self();
      tbuf_lock(tb, gettid_now(), false);
      flush_tbuf(t, mine, true);
      tbuf_unlock(tb);
    }
    __ptrhook_tracefile_thread_end(t, false);
  }
  __ptrhook_registry_unlock();
  __ptrhook_tracefile_process_end(__ptrhook_registry_threads(), 0);
  return __ptrhook_tracefile_ok() ? 0 : -1;
}

/*--- fork -----------------------------------------------------------------*/

/* fork() child: drop `t`'s buffered events and number its next ones from
 * 0.  Returns its buffer, emptied, or NULL if it has none. */
PTRHOOK_NO_INSTRUMENT static struct __ptrhook_tbuf *
forget(struct __ptrhook_thread *t) {
  struct __ptrhook_tbuf *tb = t->tbuf;

  t->tseq = 0;
  t->tnested = 0;
  if (tb == NULL)
    return NULL;
  /* A lock held at fork() by a thread that is gone is free here. */
  atomic_store(&tb->lock, 0);
  tb->flushed = tb->start;
  return tb;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_trace_forget_vanished_locked(struct __ptrhook_thread *t) {
  struct __ptrhook_tbuf *tb = forget(t);

  if (tb == NULL)
    return;
  /* Its memory is reusable in the child (the caller holds the lock). */
  t->tbuf = NULL;
  tb->next_free = free_list;
  free_list = tb;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_trace_restart_after_fork(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = forget(self);

  if (tb != NULL)
    self->tcur = tb->start;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_after_fork_child(void) {
  if (!__ptrhook_tracefile_drop_after_fork())
    return;
  atomic_store(&fatal_state, 0);
  atomic_store(&PTRHOOK_STATE_SYM.finished, false);
  atomic_fetch_add(&PTRHOOK_STATE_SYM.generation, 1);
  __ptrhook_tracefile_create();
}

/*--- fatal signals --------------------------------------------------------*/

/* Write what every thread has buffered, without waiting for locks that
 * may never be released.  Only from the fatal-signal handler. */
PTRHOOK_NO_INSTRUMENT static void fatal_flush(int sig) {
  uint32_t me = gettid_now();
  uint64_t threads = 0;

  /* The registry lock may be held by the thread that crashed: walk the
   * list without it (best effort; it only changes at thread start/exit). */
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next) {
    struct __ptrhook_tbuf *tb = __atomic_load_n(&t->tbuf, __ATOMIC_ACQUIRE);
    threads++;
    if (tb != NULL) {
      bool locked = tbuf_lock(tb, me, true);
      flush_tbuf(t, false, locked);
      if (locked)
        tbuf_unlock(tb);
    }
    __ptrhook_tracefile_thread_end(t, false);
  }
  __ptrhook_tracefile_process_end(threads, sig);
}

PTRHOOK_NO_INSTRUMENT static void on_fatal_signal(int sig, siginfo_t *info,
                                                  void *ctx) {
  int saved = errno;
  int expected = 0;

  (void)info;
  (void)ctx;
  if (atomic_compare_exchange_strong(&fatal_state, &expected, 1)) {
    fatal_flush(sig);
    atomic_store(&fatal_state, 2);
  } else {
    /* Another thread is writing: give it a moment (up to ~1 s). */
    for (int i = 0; i < 1000 && atomic_load(&fatal_state) == 1; i++) {
      struct timespec ms = {0, 1000000};
      nanosleep(&ms, NULL);
    }
  }
  /* Back to the default action, and raise again: the signal is blocked
   * while we run, so it is delivered, fatally, when we return (a fault
   * would also recur on return). */
  sigaction(sig, &old_actions[sig], NULL);
  raise(sig);
  errno = saved;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_install_signals(void) {
  static char altstack[64 * 1024];
  struct sigaction sa;
  stack_t ss, old_ss;

  if (!__ptrhook_tracefile_ok())
    return;
  /* An alternate stack for this (usually the main) thread, so that a stack
   * overflow can still be reported; other threads use their own stack. */
  if (sigaltstack(NULL, &old_ss) == 0 && (old_ss.ss_flags & SS_DISABLE)) {
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fatal_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigfillset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
    int sig = fatal_signals[i];
    struct sigaction cur;

    /* Only over the default action: a program's own handler or an ignored
     * signal is the program's business. */
    if (sigaction(sig, NULL, &cur) != 0 || cur.sa_handler != SIG_DFL ||
        (cur.sa_flags & SA_SIGINFO))
      continue;
    old_actions[sig] = cur;
    sigaction(sig, &sa, NULL);
  }
}
