/*===-- rt_tracefile.c - mode=trace: the file, its blocks, site tables ----===*
 *
 * The format is in ptrhook_trace_format.h.  Blocks go to the file with
 * pwritev(2) at an offset reserved with one atomic add, so writers never
 * take a lock, never interleave, and stay async-signal-safe; a block is
 * checksummed first.  The per-thread buffers whose events fill EVENTS
 * blocks are rt_trace.c's, which stands above this file.
 *
 * Failure (disk full, file-size limit, I/O error): reported once on stderr,
 * the file is cut back to its last whole block, tracing stops and events
 * are counted from then on.  SIGXFSZ is blocked around the writes when a
 * file-size limit is set, and consumed if a write raised it, so the limit
 * ends the trace, not the program.
 *
 * The file holds the table of every range of site descriptors: those
 * registered before it was created, and those registered later (a DSO
 * loaded at run time), which the site registry hands to our listener.
 *===----------------------------------------------------------------------===*/
#include "rt_tracefile.h"
#include "rt_output.h"
#include "rt_sites.h"
#include "ptrhook_trace_format.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static struct {
  int fd;                       /* -1: no trace */
  atomic_bool ok;               /* open, and no write has failed */
  atomic_bool failed;           /* a write failed (reported) */
  atomic_uint_least64_t offset; /* next free byte of the file */
  atomic_uint_least64_t events; /* numbered and nested records written */
  bool fsize_limited;           /* RLIMIT_FSIZE is set: guard SIGXFSZ */
  char base[PATH_MAX];          /* TRACE_PATH, made absolute */
  char file[PATH_MAX + PTRHOOK_DEC_MAX + 1]; /* base.<pid> */
  /* SITES payloads are built here (under the site registry's lock). */
  uint64_t scratch[8192];
} trace = {.fd = -1};

PTRHOOK_NO_INSTRUMENT bool __ptrhook_tracefile_ok(void) {
  return atomic_load_explicit(&trace.ok, memory_order_relaxed);
}

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_tracefile_path(void) {
  return trace.fd >= 0 ? trace.file : "";
}

/*--- writing blocks -------------------------------------------------------*/

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

PTRHOOK_NO_INSTRUMENT int
__ptrhook_tracefile_events(const struct __ptrhook_thread *t,
                           const uintptr_t *from, size_t words, bool wide,
                           uint64_t seq, uint16_t flags, uint64_t arg,
                           const struct __ptrhook_trace_packer *pk) {
  struct ptrhook_trace_block h = {0};
  size_t bytes = words * sizeof(uintptr_t);
  size_t packed = 0;
  int rc;

  /* One call per record width, so that each is compiled for its own. */
  if (pk != NULL && pk->area != NULL && wide)
    packed = ptrhook_trace_pack(from, words / 2, 2, (unsigned)sizeof(uintptr_t),
                                pk->area, (bytes + 7) & ~(size_t)7,
                                pk->state);
  else if (pk != NULL && pk->area != NULL)
    packed = ptrhook_trace_pack(from, words, 1, (unsigned)sizeof(uintptr_t),
                                pk->area, (bytes + 7) & ~(size_t)7,
                                pk->state);
  if (packed != 0) {
    flags |= PTRHOOK_TRACE_F_PACKED;
    from = (const uintptr_t *)(const void *)pk->area;
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

PTRHOOK_NO_INSTRUMENT void
__ptrhook_tracefile_thread_end(const struct __ptrhook_thread *t, bool exited) {
  struct ptrhook_trace_block h = {0};

  h.type = PTRHOOK_TRACE_THREAD_END;
  h.flags = exited ? PTRHOOK_TRACE_F_EXITED : 0;
  h.thread = t->index;
  h.tid = t->tid;
  h.seq = __atomic_load_n(&t->tseq, __ATOMIC_RELAXED);
  h.arg = __atomic_load_n(&t->tnested, __ATOMIC_RELAXED);
  write_block(&h, NULL, 0);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_tracefile_process_end(uint64_t threads,
                                                           int sig) {
  struct ptrhook_trace_block h = {0};

  h.type = PTRHOOK_TRACE_PROCESS_END;
  h.flags = sig != 0 ? PTRHOOK_TRACE_F_SIGNAL : 0;
  h.tid = (uint32_t)sig;
  h.seq = threads;
  h.arg = atomic_load_explicit(&trace.events, memory_order_relaxed);
  write_block(&h, NULL, 0);
}

/*--- site tables ----------------------------------------------------------*/

/* Bytes a string of `len` bytes takes in an entry (`len` may be SAME). */
PTRHOOK_NO_INSTRUMENT static size_t str_room(uint32_t len) {
  return len == PTRHOOK_TRACE_SAME ? 0 : len;
}

/* Write the table of range `r` as SITES blocks of at most the scratch
 * buffer's size: one entry per granule of the range (16 bytes in layout
 * 3, 8 before), so that a reader finds a site's entry from its address;
 * granules that hold no descriptor (a function's record, the rest of a
 * 56-byte descriptor, padding) are holes: version 0, no strings.  Caller
 * holds the site registry's lock. */
PTRHOOK_NO_INSTRUMENT static void write_range(unsigned r) {
  enum { MAX_STR = 4096 };
  char *buf = (char *)trace.scratch;
  const size_t cap = sizeof trace.scratch;
  const char *start, *stop;
  uint32_t nsites = __ptrhook_sites_count(r), next = 0;
  const struct ptrhook_site *site;
  uint64_t granule, total, i = 0;

  __ptrhook_sites_range(r, &start, &stop);
  site = nsites ? __ptrhook_sites_get(r, 0) : NULL;
  granule = site != NULL && ptrhook_site_layout(site) != 3 ? 8 : PTRHOOK_SITE_SLOT;
  total = (uint64_t)(stop - start) / granule;
  while (i < total) {
    struct ptrhook_trace_block h = {0};
    struct ptrhook_trace_sites *head = (struct ptrhook_trace_sites *)buf;
    size_t len = sizeof *head;
    const struct ptrhook_site *prev = NULL;
    uint64_t first = i;

    head->descriptor_size = (uint32_t)granule;
    head->reserved = 0;
    head->total = total;
    for (; i < total; i++) {
      const struct ptrhook_site *s =
          next < nsites ? __ptrhook_sites_get(r, next) : NULL;
      const char *str[3] = {"", "", ""};
      const char *prev_str[3] = {NULL, NULL, NULL};
      uint32_t lens[3];
      struct ptrhook_trace_site_entry e = {0};
      struct ptrhook_trace_site_elision x = {0};
      bool elided = false;
      size_t need = sizeof e;

      if (s != NULL && (uint64_t)((const char *)s - start) != i * granule)
        s = NULL; /* a hole */
      if (s != NULL) {
        int64_t delta;
        elided = ptrhook_site_elided(s, &x.base, &x.anchor, &delta) != 0;
        x.offset = delta;
        str[0] = ptrhook_site_function(s);
        str[1] = ptrhook_site_file(s);
        str[2] = ptrhook_site_directory(s);
        for (int k = 0; k < 3; k++)
          if (str[k] == NULL)
            str[k] = "";
        need += elided ? sizeof x : 0;
      }
      if (prev != NULL) {
        prev_str[0] = ptrhook_site_function(prev);
        prev_str[1] = ptrhook_site_file(prev);
        prev_str[2] = ptrhook_site_directory(prev);
      }
      for (int k = 0; k < 3; k++) {
        size_t n = strlen(str[k]);
        lens[k] = s != NULL && prev != NULL && str[k] == prev_str[k]
                      ? PTRHOOK_TRACE_SAME
                      : (uint32_t)(n > MAX_STR ? MAX_STR : n);
        need += str_room(lens[k]);
      }
      need = (need + 7) & ~(size_t)7;
      if (len + need > cap)
        break; /* the next block starts with this entry */
      if (s != NULL) {
        unsigned layout = ptrhook_site_layout(s);
        /* Elision indices count descriptors; entries count granules. */
        int32_t scale = layout == 3 ? 1
                                    : (int32_t)(sizeof(struct ptrhook_site_layout2) /
                                                granule);
        e.kind = (uint16_t)ptrhook_site_kind(s);
        e.version = (uint16_t)layout;
        e.flags = ptrhook_site_flags(s);
        e.line = ptrhook_site_line(s);
        e.column = ptrhook_site_column(s);
        x.base *= scale;
        x.anchor *= scale;
        next++;
      } else {
        e.kind = PTRHOOK_TRACE_HOLE;
      }
      e.function_len = lens[0];
      e.file_len = lens[1];
      e.directory_len = lens[2];
      e.extra = elided ? (uint32_t)sizeof x : 0;
      memcpy(buf + len, &e, sizeof e);
      len += sizeof e;
      if (elided) {
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
PTRHOOK_NO_INSTRUMENT static void on_range(unsigned r) {
  if (__ptrhook_tracefile_ok())
    write_range(r);
}

/*--- opening --------------------------------------------------------------*/

PTRHOOK_NO_INSTRUMENT int __ptrhook_tracefile_create(void) {
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
  u.h.buffer = (uint32_t)PTRHOOK_STATE_SYM.options.trace_buffer;
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

PTRHOOK_NO_INSTRUMENT int __ptrhook_tracefile_open(const char *path) {
  size_t len = strlen(path), at = 0;

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
  return __ptrhook_tracefile_create();
}

PTRHOOK_NO_INSTRUMENT bool __ptrhook_tracefile_drop_after_fork(void) {
  if (trace.fd < 0 && !atomic_load(&trace.ok))
    return false;
  if (trace.fd >= 0)
    close(trace.fd); /* the child's copy; the parent's file stays open */
  trace.fd = -1;
  atomic_store(&trace.ok, false);
  return true;
}
