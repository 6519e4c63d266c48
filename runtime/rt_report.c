/*===-- rt_report.c - totals, the exit summary and the counts file --------===*
 *
 * Everything the runtime reports about a whole process, in one place: the
 * events of a thread and of the process (ptrhook_thread_events(),
 * ptrhook_total_events()), the summary line (summary=1,
 * ptrhook_print_summary()), the counts file (counts=PATH), and the exit
 * report that writes them (with the end of the trace) from the runtime's
 * destructor.
 *
 * A live thread's events are in its own record (plus its per-site and
 * inline counters, and its unwritten trace records); they are added to
 * `retired` when it exits, or event by event once its key destructor ran
 * (a FOLDING thread, rt_thread.c), so that a total is `retired` plus the
 * live threads, read under the registry lock: a thread is counted either in
 * the list or in `retired`, never twice or not at all.
 *===----------------------------------------------------------------------===*/
#include "rt_report.h"
#include "rt_counts.h"
#include "rt_inline.h"
#include "rt_output.h"
#include "rt_reentry.h"
#include "rt_registry.h"
#include "rt_trace.h"
#include "rt_tracefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Events of exited and FOLDING threads (added to without the lock). */
static atomic_uint_least64_t retired;

/* An exited thread, for counts=. */
struct retired_thread {
  uint32_t index;
  uint32_t tid;
  uint64_t events;
};
#define MAX_RETIRED_LISTED (1u << 16)

/* The exited threads, for counts=; guarded by the registry lock. */
static struct {
  struct retired_thread *list; /* mapped on the first exit */
  uint64_t n;                  /* exited threads, listed or not */
  uint64_t idle;               /* of those, threads that recorded nothing */
} exited;

/*--- totals ---------------------------------------------------------------*/

PTRHOOK_NO_INSTRUMENT uint64_t
__ptrhook_report_thread_events(const struct __ptrhook_thread *t) {
  return __atomic_load_n(&t->events, __ATOMIC_RELAXED) +
         __atomic_load_n(&t->tseq, __ATOMIC_RELAXED) +
         __atomic_load_n(&t->tnested, __ATOMIC_RELAXED) +
         __ptrhook_counts_thread_sum(t) + __ptrhook_inline_thread_count(t);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_report_fold(struct __ptrhook_thread *t) {
  /* `events` is read once: an event a signal handler adds after that read
   * is folded by the next call. */
  uint64_t seen = __ptrhook_report_thread_events(t);

  atomic_fetch_add_explicit(&retired, seen - t->folded, memory_order_relaxed);
  t->folded = seen;
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_report_totals(uint64_t *threads) {
  uint64_t total, idle;

  __ptrhook_registry_lock();
  total = atomic_load_explicit(&retired, memory_order_relaxed);
  idle = exited.idle;
  /* Live records have never folded (`folded` is 0), so `events` plus what
   * they have buffered is what they add.  The owner writes `events` without
   * atomics; see rt_registry.c. */
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next) {
    uint64_t n = __ptrhook_report_thread_events(t) + __ptrhook_trace_pending(t);
    total += n;
    idle += n == 0;
  }
  /* Threads that recorded an event: a thread registers on its first hook
   * call, but also when it enters inline-counted code (before any event)
   * and when its first events were disabled or not of a selected kind. */
  if (threads != NULL)
    *threads = __ptrhook_registry_threads_locked() - idle;
  __ptrhook_registry_unlock();
  return total;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_report_note_exit_locked(const struct __ptrhook_thread *t) {
  if (exited.list == NULL) {
    /* mmap, not malloc: the thread may be exiting inside malloc. */
    void *p = mmap(NULL, MAX_RETIRED_LISTED * sizeof *exited.list,
                   PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    exited.list = p == MAP_FAILED ? NULL : p;
  }
  uint64_t events = __ptrhook_report_thread_events(t);

  if (events == 0) {
    exited.idle++; /* neither counted nor listed */
    return;
  }
  if (exited.list != NULL && exited.n < MAX_RETIRED_LISTED) {
    struct retired_thread *rt = &exited.list[exited.n];
    rt->index = t->index;
    rt->tid = t->tid;
    rt->events = events;
  }
  exited.n++;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_report_after_fork_child(void) {
  /* The parent reports its threads; the child counts its own. */
  atomic_store_explicit(&retired, 0, memory_order_relaxed);
  exited.n = 0;
  exited.idle = 0;
}

/*--- the summary ----------------------------------------------------------*/

PTRHOOK_NO_INSTRUMENT int __ptrhook_report_summary(void) {
  struct __ptrhook_thread *self = __ptrhook_registry_self();
  char events[PTRHOOK_DEC_MAX];
  char threads[PTRHOOK_DEC_MAX];
  uint64_t nthreads;
  uint64_t kinds[PTRHOOK_KIND_COUNT];
  uint8_t was_busy = self->busy;
  int rc;

  __ptrhook_format_dec(events, __ptrhook_report_totals(&nthreads));
  __ptrhook_format_dec(threads, nthreads);
  /* If write() is an instrumented wrapper, its events are counted but not
   * logged, like those of every other write the runtime makes. */
  self->busy = 1;
  rc = __ptrhook_print(__ptrhook_output_fd(), "ptrhook: ", events,
                       " events in ", threads,
                       nthreads == 1 ? " thread\n" : " threads\n",
                       (const char *)NULL);
  /* abi=site events in count mode, and inline-counted ones: one more line,
   * the events of each kind ("ptrhook: by kind: gep 100, load 100, phi
   * 100"). */
  bool by_site = PTRHOOK_STATE_SYM.mode == PTRHOOK_MODE_COUNT &&
                 __ptrhook_counts_by_kind(kinds);
  uint64_t inl[PTRHOOK_KIND_COUNT];
  __ptrhook_registry_lock();
  bool by_inline = __ptrhook_inline_by_kind_locked(inl);
  __ptrhook_registry_unlock();
  bool any = false;
  if (!by_site)
    memset(kinds, 0, sizeof kinds);
  if (!by_inline)
    memset(inl, 0, sizeof inl);
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
    kinds[k] += inl[k];
    any |= kinds[k] != 0;
  }
  /* Only when some kind has events: no empty "by kind:" line. */
  if (any) {
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

/*--- the counts file ------------------------------------------------------*/

/* A small write buffer for the counts file: lines are appended and the
 * buffer written with write(2) when full.  `failed` keeps the first
 * errno. */
struct outbuf {
  int fd;
  int failed;
  size_t len;
  char buf[8192];
};

PTRHOOK_NO_INSTRUMENT static void out_flush(struct outbuf *o) {
  if (o->len > 0 && o->failed == 0 &&
      __ptrhook_write_all(o->fd, o->buf, o->len) != 0)
    o->failed = errno != 0 ? errno : EIO;
  o->len = 0;
}

/* Append the strings up to NULL. */
PTRHOOK_NO_INSTRUMENT __attribute__((sentinel)) static void
out_put(struct outbuf *o, ...) {
  va_list ap;

  va_start(ap, o);
  for (const char *s = va_arg(ap, const char *); s != NULL;
       s = va_arg(ap, const char *)) {
    for (; *s != '\0'; s++) {
      if (o->len == sizeof o->buf)
        out_flush(o);
      o->buf[o->len++] = *s;
    }
  }
  va_end(ap);
}

PTRHOOK_NO_INSTRUMENT static void put_site(const struct ptrhook_site *site,
                                           uint64_t n, void *arg) {
  struct outbuf *o = arg;
  char count[PTRHOOK_DEC_MAX], line[PTRHOOK_DEC_MAX], col[PTRHOOK_DEC_MAX];
  const char *file = ptrhook_site_file(site);
  const char *function = ptrhook_site_function(site);

  __ptrhook_format_dec(count, n);
  __ptrhook_format_dec(line, ptrhook_site_line(site));
  __ptrhook_format_dec(col, ptrhook_site_column(site));
  out_put(o, "site\t", count, "\t",
          __ptrhook_kind_name(ptrhook_site_kind(site)), "\t",
          file != NULL ? file : "?", ":", line, ":", col, "\t",
          function != NULL ? function : "?", "\n",
          (const char *)NULL);
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_report_counts_file(const char *base) {
  static struct outbuf o; /* 8 KB: not on the stack of a destructor */
  char path[PATH_MAX + PTRHOOK_DEC_MAX + 1];
  char num[PTRHOOK_DEC_MAX], num2[PTRHOOK_DEC_MAX], num3[PTRHOOK_DEC_MAX];
  char exe[PATH_MAX];
  uint64_t nthreads, total = __ptrhook_report_totals(&nthreads);
  uint64_t kinds[PTRHOOK_KIND_COUNT] = {0}, un[PTRHOOK_KIND_COUNT] = {0};
  uint64_t inl[PTRHOOK_KIND_COUNT];
  bool by_inline;
  bool sites = __ptrhook_counts_any();

  if (__ptrhook_pid_path(path, sizeof path, base) != 0) {
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: counts path too long: '",
                    base, "'\n", (const char *)NULL);
    return -1;
  }
  do
    o.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                0600);
  while (o.fd < 0 && errno == EINTR);
  if (o.fd < 0) {
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot open counts '", path,
                    "': ", __ptrhook_strerror(errno), "\n", (const char *)NULL);
    return -1;
  }
  o.failed = 0;
  o.len = 0;

  /* Tab-separated, one record per line, first field the record type. */
  __ptrhook_format_dec(num, (uint64_t)getpid());
  __ptrhook_program_path(exe, sizeof exe);
  out_put(&o, "ptrhook-counts\t1\npid\t", num, "\nprogram\t", exe, "\n",
          (const char *)NULL);
  __ptrhook_format_dec(num, total);
  __ptrhook_format_dec(num2, nthreads);
  out_put(&o, "events\t", num, "\nthreads\t", num2, "\n", (const char *)NULL);

  __ptrhook_registry_lock();
  /* Events the re-entry guard kept from the user's hook, if any. */
  uint64_t dropped = __ptrhook_reentry_total_locked(NULL);
  if (dropped != 0) {
    __ptrhook_format_dec(num, dropped);
    out_put(&o, "reentry-dropped\t", num, "\n", (const char *)NULL);
  }
  /* thread INDEX TID EVENTS: exited threads, then the live ones. */
  for (uint64_t i = 0;
       i < exited.n && i < MAX_RETIRED_LISTED && exited.list != NULL; i++) {
    __ptrhook_format_dec(num, exited.list[i].index);
    __ptrhook_format_dec(num2, exited.list[i].tid);
    __ptrhook_format_dec(num3, exited.list[i].events);
    out_put(&o, "thread\t", num, "\t", num2, "\t", num3, "\n",
            (const char *)NULL);
  }
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next) {
    uint64_t n = __ptrhook_report_thread_events(t) + __ptrhook_trace_pending(t);
    if (n == 0)
      continue; /* as in `threads`: only threads that recorded an event */
    __ptrhook_format_dec(num, t->index);
    __ptrhook_format_dec(num2, t->tid);
    __ptrhook_format_dec(num3, n);
    out_put(&o, "thread\t", num, "\t", num2, "\t", num3, "\n",
            (const char *)NULL);
  }
  /* Kinds: of the site hook's events (with abi=site) and of the events
   * counted inline (inline=count), which have a kind but no site. */
  by_inline = __ptrhook_inline_by_kind_locked(inl);
  if (sites || by_inline) {
    if (sites) {
      __ptrhook_counts_unattributed_locked(un);
      __ptrhook_counts_site_kinds_locked(kinds);
    }
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
      __ptrhook_format_dec(num, kinds[k] + un[k] + inl[k]);
      out_put(&o, "kind\t", __ptrhook_kind_name(k), "\t", num, "\n",
              (const char *)NULL);
    }
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
      if (un[k] != 0) {
        __ptrhook_format_dec(num, un[k]);
        out_put(&o, "unattributed\t", __ptrhook_kind_name(k), "\t", num, "\n",
                (const char *)NULL);
      }
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
      if (inl[k] != 0) {
        __ptrhook_format_dec(num, inl[k]);
        out_put(&o, "inline\t", __ptrhook_kind_name(k), "\t", num, "\n",
                (const char *)NULL);
      }
    if (sites)
      __ptrhook_counts_each_site_locked(put_site, &o);
  }
  __ptrhook_registry_unlock();
  out_flush(&o);
  close(o.fd);
  if (o.failed != 0) {
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot write counts '",
                    path, "': ", __ptrhook_strerror(o.failed), "\n",
                    (const char *)NULL);
    return -1;
  }
  return 0;
}

/*--- at exit --------------------------------------------------------------*/

/* The summary could not be written (a full disk under output=PATH, a
 * closed stderr): say so on stderr if that is not what failed. */
PTRHOOK_NO_INSTRUMENT static void summary_failed(int err) {
  __ptrhook_output_note_failure();
  if (__ptrhook_output_fd() != STDERR_FILENO)
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot write the summary: ",
                    __ptrhook_strerror(err), "\n", (const char *)NULL);
}

/* SIGPIPE blocked around the exit report's writes: a summary written to a
 * pipe whose reader is gone fails with EPIPE instead of killing a program
 * that would have exited normally (`prog 2>&1 | head -1`).  A SIGPIPE the
 * writes raised is taken back; one that was pending before stays. */
struct pipe_guard {
  sigset_t old;
  bool was_pending;
};

PTRHOOK_NO_INSTRUMENT static void pipe_guard_begin(struct pipe_guard *g) {
  sigset_t pipe_set, pending;

  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &g->old);
  g->was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

PTRHOOK_NO_INSTRUMENT static void pipe_guard_end(struct pipe_guard *g) {
  sigset_t pipe_set, pending;
  struct timespec zero = {0, 0};

  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  if (!g->was_pending && !sigismember(&g->old, SIGPIPE) &&
      sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE))
    sigtimedwait(&pipe_set, NULL, &zero);
  pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_report_exit(void) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;
  struct __ptrhook_thread *self = __ptrhook_registry_self();
  uint8_t was_busy = self->busy;
  struct pipe_guard guard;

  /* Events the re-entry guard dropped are counted by the copy of the
   * runtime the guard's calls reach, active or not: that one says so. */
  self->busy = 1;
  pipe_guard_begin(&guard);
  if (__ptrhook_reentry_report() != 0)
    __ptrhook_output_note_failure();
  if (!st->active) {
    pipe_guard_end(&guard);
    self->busy = was_busy;
    return;
  }
  /* Our own calls (write wrappers ...) only count from here on. */
  if (st->mode == PTRHOOK_MODE_TRACE && __ptrhook_tracefile_ok())
    __ptrhook_trace_finish();
  if (st->options.summary) {
    if (__ptrhook_report_summary() != 0)
      summary_failed(errno);
    if (st->mode == PTRHOOK_MODE_TRACE && __ptrhook_tracefile_path()[0] != '\0')
      __ptrhook_print(__ptrhook_output_fd(), "ptrhook: trace ",
                      __ptrhook_tracefile_ok() ? "written to " : "incomplete: ",
                      __ptrhook_tracefile_path(), "\n", (const char *)NULL);
  }
  if (st->mode == PTRHOOK_MODE_COUNT && st->options.counts[0] != '\0' &&
      __ptrhook_report_counts_file(st->options.counts) != 0)
    __ptrhook_output_note_failure(); /* reported by the counts file */
  /* A trace that could not be created (at start, or in a fork child) or
   * stopped on a write error, reported when it happened. */
  if (st->mode == PTRHOOK_MODE_TRACE && !__ptrhook_tracefile_ok())
    __ptrhook_output_note_failure();
  if (st->options.exit_on_output_error && __ptrhook_output_failed()) {
    /* Still under the guard: stderr may be the pipe that failed. */
    __ptrhook_print(STDERR_FILENO,
                    "ptrhook: error: an output failed; exiting with status 1 "
                    "(exit_on_output_error=1)\n",
                    (const char *)NULL);
    /* exit() would flush the program's stdio after this destructor;
     * _exit() does not, so flush it here.  (The runtime otherwise keeps
     * away from stdio; at this point of exit() it is safe.) */
    fflush(NULL);
    _exit(1);
  }
  pipe_guard_end(&guard);
  self->busy = was_busy;
}
