/*===-- rt_trace.c - mode=trace: per-thread buffers, blocks, fatal signals -===*
 *
 * The format is in ptrhook_trace_format.h.  Each thread appends its events
 * to its own buffer (the hooks' TRACE1/TRACE2 fast paths, rt_hook.c); a
 * full buffer is written as one EVENTS block by the slow path of the thread
 * that filled it.  Blocks go to the file with pwritev(2) at an offset
 * reserved with one atomic add, so writers never take a lock, never
 * interleave, and stay async-signal-safe; a block is checksummed first.
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
 * Failure (disk full, file-size limit, I/O error): reported once on stderr,
 * the file is cut back to its last whole block, tracing stops and events
 * are counted from then on.  SIGXFSZ is blocked around the writes when a
 * file-size limit is set, and consumed if a write raised it, so the limit
 * ends the trace, not the program.
 *
 * fork(): the child drops what the parent's threads had buffered (the
 * parent writes it), opens TRACE_PATH.<child pid> and numbers its own
 * events from 0.
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "ptrhook_trace_format.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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
   * the record area, with the packer's state.  NULL: write raw. */
  unsigned char *pack;
  struct ptrhook_trace_pack_state *pack_state;
  uintptr_t words[];
};

static struct {
  int fd;                       /* -1: no trace */
  atomic_bool ok;               /* open, and no write has failed */
  atomic_bool failed;           /* a write failed (reported) */
  atomic_uint_least64_t offset; /* next free byte of the file */
  atomic_uint_least64_t events; /* numbered and nested records written */
  bool fsize_limited;           /* RLIMIT_FSIZE is set: guard SIGXFSZ */
  uint64_t words;               /* words per thread buffer */
  char base[PATH_MAX];          /* TRACE_PATH, made absolute */
  char file[PATH_MAX + PTRHOOK_DEC_MAX + 1]; /* base.<pid> */
  struct __ptrhook_tbuf *free_list; /* guarded by the registry lock */
  /* SITES payloads are built here (under the site registry's lock). */
  uint64_t scratch[8192];
} trace = {.fd = -1};

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

PTRHOOK_NO_INSTRUMENT bool __ptrhook_trace_ok(void) {
  return atomic_load_explicit(&trace.ok, memory_order_relaxed);
}

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_trace_file(void) {
  return trace.fd >= 0 ? trace.file : "";
}

/*--- writing blocks --------------------------------------------------------*/

/* A write failed at `off` with `err`: report once, cut the file back to the
 * blocks before it, stop tracing.  Async-signal-safe. */
PTRHOOK_NO_INSTRUMENT static void write_failed(uint64_t off, int err) {
  char at[PTRHOOK_DEC_MAX];

  atomic_store(&trace.ok, false);
  if (atomic_exchange(&trace.failed, true))
    return;
  /* Blocks reserved after this one fail too (full disk, size limit) or
   * were written already; cutting here leaves whole blocks only. */
  if (ftruncate(trace.fd, (off_t)off) != 0) {
    /* Nothing more to do: the reader reports the partial block. */
  }
  __ptrhook_format_dec(at, off);
  __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot write trace '",
                  trace.file, "': ", __ptrhook_strerror(err),
                  "; the trace stops at byte ", at,
                  ", the program goes on (events are still counted)\n",
                  (const char *)NULL);
}

/* pwritev all of iov[0..n) at `off`, retrying on EINTR and short writes.
 * Returns 0, or an errno value. */
PTRHOOK_NO_INSTRUMENT static int pwrite_all(struct iovec *iov, int n,
                                            uint64_t off) {
  while (n > 0) {
    ssize_t w = pwritev(trace.fd, iov, n, (off_t)off);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    if (w == 0)
      return EIO;
    off += (uint64_t)w;
    while (n > 0 && (size_t)w >= iov->iov_len) {
      w -= (ssize_t)iov->iov_len;
      iov++;
      n--;
    }
    if (n > 0) {
      iov->iov_base = (char *)iov->iov_base + w;
      iov->iov_len -= (size_t)w;
    }
  }
  return 0;
}

/* The same with SIGXFSZ blocked when a file-size limit is set, consuming
 * the signal if this write raised it. */
PTRHOOK_NO_INSTRUMENT static int pwrite_guarded(struct iovec *iov, int n,
                                                uint64_t off) {
  sigset_t xfsz, old, pending;
  bool was_pending;
  int err;

  if (!trace.fsize_limited)
    return pwrite_all(iov, n, off);
  sigemptyset(&xfsz);
  sigaddset(&xfsz, SIGXFSZ);
  pthread_sigmask(SIG_BLOCK, &xfsz, &old);
  sigpending(&pending);
  was_pending = sigismember(&pending, SIGXFSZ);
  err = pwrite_all(iov, n, off);
  if (err == EFBIG && !was_pending && !sigismember(&old, SIGXFSZ)) {
    struct timespec zero = {0, 0};
    sigtimedwait(&xfsz, NULL, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return err;
}

/* Checksum and write one block: header `h` (magic, size and checksum are
 * filled in here) and `size` bytes of payload.  Returns 0, or -1 if the
 * trace is not writable (a failure is reported once).  Async-signal-safe. */
PTRHOOK_NO_INSTRUMENT static int write_block(struct ptrhook_trace_block *h,
                                             const void *payload, size_t size) {
  struct iovec iov[2];
  uint64_t off;
  int err;

  if (!atomic_load_explicit(&trace.ok, memory_order_relaxed))
    return -1;
  h->magic = PTRHOOK_TRACE_BLOCK_MAGIC;
  h->size = (uint32_t)size;
  h->checksum = 0;
  h->checksum = ptrhook_trace_checksum(
      ptrhook_trace_checksum(0, h, sizeof *h), payload, size);
  off = atomic_fetch_add(&trace.offset, sizeof *h + size);
  iov[0].iov_base = h;
  iov[0].iov_len = sizeof *h;
  iov[1].iov_base = (void *)payload;
  iov[1].iov_len = size;
  err = pwrite_guarded(iov, size > 0 ? 2 : 1, off);
  if (err != 0) {
    write_failed(off, err);
    return -1;
  }
  return 0;
}

/* An EVENTS block of `t`: `words` words from `from`, numbered from `seq`
 * (or nested before `seq`); packed into `tb`'s packing area when `tb` is
 * not NULL and that is shorter. */
PTRHOOK_NO_INSTRUMENT static int
write_events(const struct __ptrhook_thread *t, const uintptr_t *from,
             size_t words, bool wide, uint64_t seq, uint16_t flags,
             uint64_t arg, struct __ptrhook_tbuf *tb) {
  struct ptrhook_trace_block h = {0};
  size_t bytes = words * sizeof(uintptr_t);
  size_t packed = 0;
  int rc;

  /* One call per record width, so that each is compiled for its own. */
  if (tb != NULL && tb->pack != NULL && wide)
    packed = ptrhook_trace_pack(from, words / 2, 2, (unsigned)sizeof(uintptr_t),
                                tb->pack, (bytes + 7) & ~(size_t)7,
                                tb->pack_state);
  else if (tb != NULL && tb->pack != NULL)
    packed = ptrhook_trace_pack(from, words, 1, (unsigned)sizeof(uintptr_t),
                                tb->pack, (bytes + 7) & ~(size_t)7,
                                tb->pack_state);
  if (packed != 0) {
    flags |= PTRHOOK_TRACE_F_PACKED;
    from = (const uintptr_t *)(const void *)tb->pack;
  }

  h.type = PTRHOOK_TRACE_EVENTS;
  h.flags = (uint16_t)(flags | (wide ? PTRHOOK_TRACE_F_SITES : 0));
  h.thread = t->index;
  h.tid = t->tid;
  h.records = (uint32_t)(wide ? words / 2 : words);
  h.seq = seq;
  h.arg = arg;
  /* Payloads are whole 8-byte words: with 4-byte pointers an odd number
   * of words takes one more, which every buffer has room for. */
  rc = write_block(&h, from, packed != 0 ? packed : (bytes + 7) & ~(size_t)7);
  if (rc == 0)
    atomic_fetch_add_explicit(&trace.events, h.records, memory_order_relaxed);
  return rc;
}

/* THREAD_END of `t`. */
PTRHOOK_NO_INSTRUMENT static void write_thread_end(const struct __ptrhook_thread *t,
                                                   bool exited) {
  struct ptrhook_trace_block h = {0};

  h.type = PTRHOOK_TRACE_THREAD_END;
  h.flags = exited ? PTRHOOK_TRACE_F_EXITED : 0;
  h.thread = t->index;
  h.tid = t->tid;
  h.seq = __atomic_load_n(&t->tseq, __ATOMIC_RELAXED);
  h.arg = __atomic_load_n(&t->tnested, __ATOMIC_RELAXED);
  write_block(&h, NULL, 0);
}

/* PROCESS_END; `sig` non-zero: written by the fatal-signal handler. */
PTRHOOK_NO_INSTRUMENT static void write_process_end(uint64_t threads, int sig) {
  struct ptrhook_trace_block h = {0};

  h.type = PTRHOOK_TRACE_PROCESS_END;
  h.flags = sig != 0 ? PTRHOOK_TRACE_F_SIGNAL : 0;
  h.tid = (uint32_t)sig;
  h.seq = threads;
  h.arg = atomic_load_explicit(&trace.events, memory_order_relaxed);
  write_block(&h, NULL, 0);
}

/*--- site tables -----------------------------------------------------------*/

/* Bytes a string of `len` bytes takes in an entry (`len` may be SAME). */
PTRHOOK_NO_INSTRUMENT static size_t str_room(uint32_t len) {
  return len == PTRHOOK_TRACE_SAME ? 0 : len;
}

/* Write the table of descriptors [start, stop) as SITES blocks of at most
 * the scratch buffer's size.  Caller holds the site registry's lock. */
PTRHOOK_NO_INSTRUMENT static void write_range(const struct ptrhook_site *start,
                                              const struct ptrhook_site *stop) {
  enum { MAX_STR = 4096 };
  char *buf = (char *)trace.scratch;
  const size_t cap = sizeof trace.scratch;
  uint64_t total = (uint64_t)(stop - start);
  uint64_t i = 0;

  while (i < total) {
    struct ptrhook_trace_block h = {0};
    struct ptrhook_trace_sites *head = (struct ptrhook_trace_sites *)buf;
    size_t len = sizeof *head;
    const struct ptrhook_site *prev = NULL;
    uint64_t first = i;

    head->descriptor_size = (uint32_t)sizeof(struct ptrhook_site);
    head->reserved = 0;
    head->total = total;
    for (; i < total; i++) {
      const struct ptrhook_site *s = &start[i];
      const char *str[3] = {s->function ? s->function : "",
                            s->file ? s->file : "",
                            s->directory ? s->directory : ""};
      const char *prev_str[3] = {NULL, NULL, NULL};
      uint32_t lens[3];
      struct ptrhook_trace_site_entry e = {0};
      struct ptrhook_trace_site_elision x = {0};
      bool elided = (s->flags & PTRHOOK_SITE_ELIDED) != 0;
      size_t need = sizeof e + (elided ? sizeof x : 0);

      if (prev != NULL) {
        prev_str[0] = prev->function ? prev->function : "";
        prev_str[1] = prev->file ? prev->file : "";
        prev_str[2] = prev->directory ? prev->directory : "";
      }
      for (int k = 0; k < 3; k++) {
        size_t n = strlen(str[k]);
        lens[k] = prev != NULL && str[k] == prev_str[k]
                      ? PTRHOOK_TRACE_SAME
                      : (uint32_t)(n > MAX_STR ? MAX_STR : n);
        need += str_room(lens[k]);
      }
      need = (need + 7) & ~(size_t)7;
      if (len + need > cap)
        break; /* the next block starts with this entry */
      e.kind = s->kind;
      e.version = s->version;
      e.flags = s->flags;
      e.line = s->line;
      e.column = s->column;
      e.function_len = lens[0];
      e.file_len = lens[1];
      e.directory_len = lens[2];
      e.extra = elided ? (uint32_t)sizeof x : 0;
      memcpy(buf + len, &e, sizeof e);
      len += sizeof e;
      if (elided) {
        x.base = s->base;
        x.anchor = s->anchor;
        x.offset = s->offset;
        memcpy(buf + len, &x, sizeof x);
        len += sizeof x;
      }
      for (int k = 0; k < 3; k++) {
        memcpy(buf + len, str[k], str_room(lens[k]));
        len += str_room(lens[k]);
      }
      while (len % 8 != 0)
        buf[len++] = '\0';
      prev = s;
    }
    h.type = PTRHOOK_TRACE_SITES;
    h.records = (uint32_t)(i - first);
    h.seq = first;
    h.arg = (uint64_t)(uintptr_t)start;
    if (write_block(&h, buf, len) != 0)
      return;
  }
}

/* The site registry's listener (under its lock): the table of every range,
 * registered before the file was created or after, while the trace is
 * writable. */
PTRHOOK_NO_INSTRUMENT static void on_range(const struct ptrhook_site *start,
                                           const struct ptrhook_site *stop) {
  if (__ptrhook_trace_ok())
    write_range(start, stop);
}

/*--- opening ---------------------------------------------------------------*/

/* Create trace.base.<pid> and write the file header.  Returns 0, or -1
 * after reporting. */
PTRHOOK_NO_INSTRUMENT static int create_file(void) {
  char exe[PATH_MAX];
  union {
    struct ptrhook_trace_file_header h;
    char bytes[sizeof(struct ptrhook_trace_file_header) + PATH_MAX + 8];
  } u;
  struct timespec now;
  size_t path_len, header_size;
  struct iovec iov;
  struct rlimit fsize;
  int err;

  if (__ptrhook_pid_path(trace.file, sizeof trace.file, trace.base) != 0) {
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: trace path too long: '",
                    trace.base, "'; events are counted but not traced\n",
                    (const char *)NULL);
    return -1;
  }
  /* A new file, never an existing one or a symlink's target: a trace
   * left by an earlier process with the same pid is not overwritten. */
  do
    trace.fd = open(trace.file,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  while (trace.fd < 0 && errno == EINTR);
  if (trace.fd < 0) {
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot create trace '",
                    trace.file, "': ", __ptrhook_strerror(errno),
                    "; events are counted but not traced\n",
                    (const char *)NULL);
    return -1;
  }
  trace.fsize_limited =
      getrlimit(RLIMIT_FSIZE, &fsize) == 0 && fsize.rlim_cur != RLIM_INFINITY;

  path_len = __ptrhook_program_path(exe, sizeof exe);
  header_size = (sizeof u.h + path_len + 7) & ~(size_t)7;
  memset(&u, 0, sizeof u);
  memcpy(u.h.magic, PTRHOOK_TRACE_MAGIC, sizeof u.h.magic);
  u.h.version = PTRHOOK_TRACE_VERSION;
  u.h.header_size = (uint32_t)header_size;
  u.h.endian = PTRHOOK_TRACE_ENDIAN;
  u.h.pointer_size = (uint8_t)sizeof(uintptr_t);
  u.h.pid = (uint32_t)getpid();
  u.h.ppid = (uint32_t)getppid();
  clock_gettime(CLOCK_REALTIME, &now);
  u.h.start_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
  u.h.path_len = (uint32_t)path_len;
  u.h.buffer = (uint32_t)(trace.words / 2);
  memcpy(u.bytes + sizeof u.h, exe, path_len);

  iov.iov_base = u.bytes;
  iov.iov_len = header_size;
  err = pwrite_guarded(&iov, 1, 0);
  atomic_store(&trace.offset, header_size);
  atomic_store(&trace.events, 0);
  atomic_store(&trace.failed, false);
  atomic_store(&trace.ok, true);
  if (err != 0) {
    write_failed(0, err);
    return -1;
  }
  /* The ranges known so far, then each new one as it is registered. */
  __ptrhook_sites_subscribe(on_range);
  return 0;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_trace_open(const char *path) {
  uint64_t records = PTRHOOK_STATE_SYM.options.trace_buffer;
  size_t len = strlen(path), at = 0;

  trace.words = 2 * records;
  /* Absolute, so that a child forked after a chdir() writes next to the
   * parent's trace. */
  if (path[0] != '/') {
    if (getcwd(trace.base, sizeof trace.base) == NULL) {
      __ptrhook_print(STDERR_FILENO,
                      "ptrhook: error: cannot resolve trace path '", path,
                      "': ", __ptrhook_strerror(errno),
                      "; events are counted but not traced\n",
                      (const char *)NULL);
      return -1;
    }
    at = strlen(trace.base);
    if (at + 1 < sizeof trace.base && trace.base[at - 1] != '/')
      trace.base[at++] = '/';
  }
  if (at + len >= sizeof trace.base)
    len = sizeof trace.base - 1 - at;
  memcpy(trace.base + at, path, len);
  trace.base[at + len] = '\0';
  return create_file();
}

/*--- buffers ---------------------------------------------------------------*/

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
 * its owner.  Caller holds the buffer's lock (or is a fatal-signal handler
 * that could not get it). */
PTRHOOK_NO_INSTRUMENT static void flush_locked(struct __ptrhook_thread *t,
                                               bool owner, bool locked) {
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
  write_events(t, from, words, tb->wide, t->tseq, 0, 0, locked ? tb : NULL);
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
  /* One spare word: see write_events.  Then the packing area (as long as
   * the records, 8-aligned) and the packer's state. */
  size_t raw = (trace.words + 1) * sizeof(uintptr_t);
  bool pack = PTRHOOK_STATE_SYM.options.trace_pack;
  size_t size = sizeof *tb + raw +
                (pack ? ((raw + 7) & ~(size_t)7) +
                            sizeof(struct ptrhook_trace_pack_state)
                      : 0);

  __ptrhook_registry_lock();
  tb = trace.free_list;
  if (tb != NULL)
    trace.free_list = tb->next_free;
  __ptrhook_registry_unlock();
  if (tb == NULL) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      return false;
    tb = p;
    tb->map_size = size;
    tb->start = tb->words;
    tb->end = tb->words + trace.words;
    tb->pack = NULL;
    tb->pack_state = NULL;
    if (pack) {
      tb->pack = (unsigned char *)(tb->words + trace.words + 1);
      tb->pack_state = (struct ptrhook_trace_pack_state *)(void *)(
          tb->pack + ((raw + 7) & ~(size_t)7));
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

  write_events(self, rec, 2, true, self->tseq, 0, 0, NULL);
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
      flush_locked(self, true, true);
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
    flush_locked(self, true, true);
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
  write_events(self, rec, 2, true, before, PTRHOOK_TRACE_F_NESTED,
               self->tnested, NULL);
  self->tnested++;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_trace_thread_exit(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = self->tbuf;

  if (tb != NULL) {
    tbuf_lock(tb, self->tid, false);
    flush_locked(self, true, true);
    tbuf_unlock(tb);
  }
  if (self->state == PTRHOOK_THREAD_LIVE)
    write_thread_end(self, true);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_release(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = self->tbuf;

  if (tb == NULL)
    return;
  self->tcur = self->tend = NULL;
  __atomic_store_n(&self->tbuf, NULL, __ATOMIC_RELEASE);
  __ptrhook_registry_lock();
  tb->next_free = trace.free_list;
  trace.free_list = tb;
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
      flush_locked(t, mine, true);
      tbuf_unlock(tb);
    }
    write_thread_end(t, false);
  }
  __ptrhook_registry_unlock();
  write_process_end(__ptrhook_registry_threads(), 0);
  return __ptrhook_trace_ok() ? 0 : -1;
}

/*--- fork ------------------------------------------------------------------*/

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
  tb->next_free = trace.free_list;
  trace.free_list = tb;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_trace_restart_after_fork(struct __ptrhook_thread *self) {
  struct __ptrhook_tbuf *tb = forget(self);

  if (tb != NULL)
    self->tcur = tb->start;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_trace_after_fork_child(void) {
  if (trace.fd < 0 && !atomic_load(&trace.ok))
    return;
  if (trace.fd >= 0)
    close(trace.fd); /* the child's copy; the parent's file stays open */
  trace.fd = -1;
  atomic_store(&trace.ok, false);
  atomic_store(&fatal_state, 0);
  atomic_store(&PTRHOOK_STATE_SYM.finished, false);
  atomic_fetch_add(&PTRHOOK_STATE_SYM.generation, 1);
  create_file();
}

/*--- fatal signals ---------------------------------------------------------*/

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
      flush_locked(t, false, locked);
      if (locked)
        tbuf_unlock(tb);
    }
    write_thread_end(t, false);
  }
  write_process_end(threads, sig);
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

  if (!__ptrhook_trace_ok())
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
