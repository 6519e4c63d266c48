/*===-- ptrhook_trace.c - read ptrhook trace files ------------------------===*
 *
 * See ptrhook_trace.h for the API and ptrhook_trace_format.h for the
 * format.  The file is mapped read-only and read once at open: blocks are
 * checked in file order until the first bad one, EVENTS blocks are
 * remembered by offset (events are decoded from the mapping when iterated),
 * SITES blocks are decoded into per-table arrays, threads are tallied with
 * the ranges of event numbers they cover (checked by verify).
 *
 * A trace opened with ptrhook_trace_open_stream() is not mapped: its
 * blocks are read in file order with read(2) into one buffer, each checked
 * as it arrives and handed out by ptrhook_trace_next_events(), so memory
 * stays bounded (the largest block, the site tables, a range of event
 * numbers per thread) whatever the size of the file.  Both modes share the
 * block checks and the site table decoding.
 *===----------------------------------------------------------------------===*/
#include "ptrhook_trace.h"
#include "ptrhook_abi.h"
#include "ptrhook_trace_format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sanity bounds for numbers a corrupted header could make absurd. */
#define MAX_THREADS (1u << 24)

/* A run of event numbers [seq, seq + n) of one thread. */
struct interval {
  uint64_t seq, n;
};

struct thread_rec {
  struct ptrhook_trace_thread pub;
  struct interval *iv;
  size_t niv, cap;
  bool seen;
};

/* One site table (an executable or a DSO). */
struct table {
  uint64_t base;
  uint64_t total;
  uint32_t descriptor_size;
  struct ptrhook_trace_site *sites; /* `total` entries */
  uint64_t first_ordinal;
};

struct ptrhook_trace {
  const unsigned char *map;
  size_t size;
  bool streaming; /* ptrhook_trace_open_stream(): no map, `in` instead */
  struct {
    int fd;
    unsigned char *buf; /* bytes [off, off + len) of the file */
    size_t cap, len, pos; /* pos: the next unread byte in buf */
    uint64_t off;
    bool eof;
    bool done; /* the readable part was read to its end */
  } in;
  struct ptrhook_trace_info info;
  char *program;
  char problem[512];
  bool has_problem;
  uint64_t valid_end;
  uint64_t blocks;
  uint64_t site_blocks;
  bool complete;
  int signal;

  uint64_t *ev_blocks; /* offsets of EVENTS blocks */
  size_t nev_blocks, cap_ev_blocks;

  struct table *tables;
  size_t ntables, cap_tables;
  size_t *by_base; /* table indices sorted by base */
  size_t nsites;

  struct thread_rec *threads; /* by thread number */
  size_t nthreads;            /* highest thread number + 1 */

  char **strings; /* every string we allocated */
  size_t nstrings, cap_strings;

  /* Packed blocks (PTRHOOK_TRACE_F_PACKED) are unpacked here: the records
   * of the block read last (`unpacked_off`). */
  unsigned char *unpacked;
  size_t unpacked_cap;
  uint64_t unpacked_off;
  struct ptrhook_trace_pack_state *pack_state;

  /* Iteration. */
  size_t it_block;
  uint32_t it_rec;
  struct ptrhook_trace_expander *it_x; /* elided events, see next() */
  struct ptrhook_trace_expanded it_pend[64];
  bool expand_checked; /* see ptrhook_trace_expand_checked() */
  size_t it_npend, it_ipend;
  struct ptrhook_trace_event it_anchor;
};

static const char *const kind_names[PTRHOOK_KIND_COUNT] = {
    PTRHOOK_KIND_NAMES};

const char *ptrhook_trace_kind_name(unsigned k) {
  return k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

/* Grow *arr (elements of `size` bytes, *cap of them) to hold `need`.
 * Returns 0, or -1 on allocation failure. */
static int grow(void *arr, size_t *cap, size_t need, size_t size) {
  void **p = arr;
  size_t n = *cap ? *cap : 16;
  void *q;

  if (need <= *cap)
    return 0;
  while (n < need)
    n *= 2;
  q = realloc(*p, n * size);
  if (q == NULL)
    return -1;
  memset((char *)q + *cap * size, 0, (n - *cap) * size);
  *p = q;
  *cap = n;
  return 0;
}

/* Record the first problem (at `off`) and stop reading there. */
static void problem(struct ptrhook_trace *t, uint64_t off, const char *fmt, ...) {
  va_list ap;
  int n;

  if (t->has_problem)
    return;
  t->has_problem = true;
  t->valid_end = off;
  va_start(ap, fmt);
  n = vsnprintf(t->problem, sizeof t->problem, fmt, ap);
  va_end(ap);
  (void)n;
}

static struct thread_rec *thread_of(struct ptrhook_trace *t, uint32_t number) {
  if (number >= t->nthreads) {
    size_t cap = t->nthreads;
    if (grow(&t->threads, &cap, (size_t)number + 1, sizeof *t->threads) != 0)
      return NULL;
    t->nthreads = cap;
  }
  if (!t->threads[number].seen) {
    t->threads[number].seen = true;
    t->threads[number].pub.thread = number;
  }
  return &t->threads[number];
}

/* A copy of `len` bytes at `p` as a C string, owned by `t`. */
static const char *keep_string(struct ptrhook_trace *t, const void *p, size_t len) {
  char *s = malloc(len + 1);

  if (s == NULL || grow(&t->strings, &t->cap_strings, t->nstrings + 1,
                        sizeof *t->strings) != 0) {
    free(s);
    return NULL;
  }
  memcpy(s, p, len);
  s[len] = '\0';
  t->strings[t->nstrings++] = s;
  return s;
}

/* Insert the last table into by_base, which stays sorted by base.
 * Returns 0, or -1 on allocation failure. */
static int insert_by_base(struct ptrhook_trace *t) {
  size_t *v = realloc(t->by_base, t->ntables * sizeof *t->by_base);
  size_t last = t->ntables - 1, i;

  if (v == NULL)
    return -1;
  t->by_base = v;
  for (i = last; i > 0 && t->tables[v[i - 1]].base > t->tables[last].base; i--)
    v[i] = v[i - 1];
  v[i] = last;
  return 0;
}

static struct table *table_of(struct ptrhook_trace *t, uint64_t base,
                              uint64_t total, uint32_t dsize) {
  for (size_t i = 0; i < t->ntables; i++)
    if (t->tables[i].base == base)
      return t->tables[i].total == total ? &t->tables[i] : NULL;
  if (grow(&t->tables, &t->cap_tables, t->ntables + 1, sizeof *t->tables) != 0)
    return NULL;
  struct table *tb = &t->tables[t->ntables];
  tb->sites = calloc(total ? total : 1, sizeof *tb->sites);
  if (tb->sites == NULL)
    return NULL;
  tb->base = base;
  tb->total = total;
  tb->descriptor_size = dsize;
  /* Ordinals in the order tables appear, as soon as they appear: a
   * streaming reader hands out sites before the end of the file. */
  tb->first_ordinal = t->nsites;
  for (uint64_t i = 0; i < total; i++) {
    tb->sites[i].address = base + i * dsize;
    tb->sites[i].index = i;
    tb->sites[i].ordinal = t->nsites + i;
    tb->sites[i].function = tb->sites[i].file = tb->sites[i].directory = "";
  }
  t->nsites += total;
  t->ntables++;
  return insert_by_base(t) == 0 ? tb : NULL;
}

/* Decode a SITES block.  Returns NULL, or what is wrong with it. */
static const char *read_sites(struct ptrhook_trace *t,
                              const struct ptrhook_trace_block *h,
                              const unsigned char *p) {
  const struct ptrhook_trace_sites *head = (const void *)p;
  const unsigned char *end = p + h->size;
  const unsigned char *q = p + sizeof *head;
  const char *prev[3] = {"", "", ""};
  struct table *tb;

  if (h->size < sizeof *head)
    return "site table shorter than its header";
  if (head->descriptor_size == 0 || head->descriptor_size % 8 != 0 ||
      head->total > ((uint64_t)1 << 40) / head->descriptor_size)
    return "site table with an impossible descriptor size or count";
  if (h->seq > head->total || h->records > head->total - h->seq)
    return "site table entries beyond its count";
  tb = table_of(t, h->arg, head->total, head->descriptor_size);
  if (tb == NULL)
    return "site table that contradicts an earlier one (or out of memory)";
  for (uint32_t i = 0; i < h->records; i++) {
    struct ptrhook_trace_site_entry e;
    struct ptrhook_trace_site *s = &tb->sites[h->seq + i];
    uint32_t lens[3];
    const char **dst[3] = {&s->function, &s->file, &s->directory};

    if ((size_t)(end - q) < sizeof e)
      return "site table entry cut short";
    memcpy(&e, q, sizeof e);
    q += sizeof e;
    if (e.extra % 8 != 0 || (size_t)(end - q) < e.extra)
      return "site table entry with a bad extension size";
    if ((e.flags & PTRHOOK_SITE_ELIDED) && s->anchor == NULL) {
      struct ptrhook_trace_site_elision x;
      uint64_t self = h->seq + i;
      int64_t b, a;
      if (e.extra < sizeof x)
        return "elided site without its elision record";
      memcpy(&x, q, sizeof x);
      b = (int64_t)self + x.base;
      a = (int64_t)self + x.anchor;
      if (x.base >= 0 || x.anchor >= 0 || b < 0 || a < 0)
        return "elided site whose base or anchor is not before it";
      s->base = &tb->sites[b];
      s->anchor = &tb->sites[a];
      s->delta = x.offset;
      tb->sites[b].is_base = true;
      /* Followers in table order: append. */
      const struct ptrhook_trace_site **link = &tb->sites[a].followers;
      while (*link != NULL)
        link = (const struct ptrhook_trace_site **)&(*link)->next_follower;
      *link = s;
    }
    q += e.extra;
    lens[0] = e.function_len;
    lens[1] = e.file_len;
    lens[2] = e.directory_len;
    for (int k = 0; k < 3; k++) {
      if (lens[k] == PTRHOOK_TRACE_SAME) {
        if (i == 0)
          return "site table entry refers to a previous one that is not there";
        *dst[k] = prev[k];
        continue;
      }
      if ((size_t)(end - q) < lens[k])
        return "site table string cut short";
      *dst[k] = keep_string(t, q, lens[k]);
      if (*dst[k] == NULL)
        return "out of memory";
      prev[k] = *dst[k];
      q += lens[k];
    }
    while ((size_t)(q - p) % 8 != 0)
      q++;
    if (q > end)
      return "site table entry cut short";
    s->kind = e.kind;
    s->version = e.version;
    s->flags = e.flags;
    s->line = e.line;
    s->column = e.column;
  }
  return NULL;
}

/* Check the header; returns NULL or what is wrong (the file is then not
 * opened at all). */
static const char *read_header(struct ptrhook_trace *t, const unsigned char *p,
                               size_t avail) {
  struct ptrhook_trace_file_header h;

  if (avail < sizeof h)
    return "too short for a ptrhook trace header";
  memcpy(&h, p, sizeof h);
  if (memcmp(h.magic, PTRHOOK_TRACE_MAGIC, sizeof h.magic) != 0)
    return "not a ptrhook trace (bad magic)";
  if (h.endian != PTRHOOK_TRACE_ENDIAN)
    return "a ptrhook trace written with the other byte order (not supported)";
  if (h.version != 1 && h.version != PTRHOOK_TRACE_VERSION)
    return "a ptrhook trace of an unsupported version";
  if (h.pointer_size != 4 && h.pointer_size != 8)
    return "a ptrhook trace with an unsupported pointer size";
  if (h.header_size < sizeof h || h.header_size % 8 != 0 ||
      h.header_size > avail || h.path_len > h.header_size - sizeof h)
    return "a ptrhook trace with a corrupted header";
  t->program = malloc(h.path_len + 1);
  if (t->program == NULL)
    return "out of memory";
  memcpy(t->program, p + sizeof h, h.path_len);
  t->program[h.path_len] = '\0';
  t->info.version = h.version;
  t->info.pointer_size = h.pointer_size;
  t->info.pid = h.pid;
  t->info.ppid = h.ppid;
  t->info.start_ns = h.start_ns;
  t->info.buffer = h.buffer;
  t->info.program = t->program;
  t->info.file_size = t->size;
  t->valid_end = h.header_size;
  return NULL;
}

/* Unpack the packed EVENTS block at file offset `off` (header `h`, payload
 * at `payload`) into t->unpacked.  Returns NULL or what is wrong. */
static const char *unpack_block(struct ptrhook_trace *t,
                                const struct ptrhook_trace_block *h,
                                const unsigned char *payload, uint64_t off) {
  unsigned words = h->flags & PTRHOOK_TRACE_F_SITES ? 2 : 1;
  size_t need = (size_t)h->records * words * t->info.pointer_size + 8;

  if (t->unpacked != NULL && t->unpacked_off == off + 1)
    return NULL; /* done already */
  if (t->pack_state == NULL &&
      (t->pack_state = malloc(sizeof *t->pack_state)) == NULL)
    return "out of memory";
  if (need > t->unpacked_cap) {
    unsigned char *v = realloc(t->unpacked, need);
    if (v == NULL)
      return "out of memory";
    t->unpacked = v;
    t->unpacked_cap = need;
  }
  t->unpacked_off = 0;
  if (ptrhook_trace_unpack(payload, h->size, h->records, words,
                           t->info.pointer_size, t->unpacked,
                           t->pack_state) != 0)
    return "packed event block that does not unpack to its record count";
  t->unpacked_off = off + 1; /* + 1: offset 0 is never a block */
  return NULL;
}

/* Tally an EVENTS block.  Returns NULL or what is wrong with it. */
static const char *read_events(struct ptrhook_trace *t,
                               const struct ptrhook_trace_block *h,
                               const unsigned char *payload, uint64_t off) {
  uint64_t words = h->flags & PTRHOOK_TRACE_F_SITES ? 2 : 1;
  uint64_t bytes = (uint64_t)h->records * words * t->info.pointer_size;
  struct thread_rec *th;

  if (h->flags & PTRHOOK_TRACE_F_PACKED) {
    const char *bad;
    if (t->info.version < 2)
      return "packed event block in a version 1 trace";
    if (h->size > bytes + 8 || (bad = unpack_block(t, h, payload, off)))
      return h->size > bytes + 8 ? "packed event block longer than its records"
                                 : bad;
  } else if (((bytes + 7) & ~(uint64_t)7) != h->size) {
    return "event block whose size does not match its record count";
  }
  if (h->thread >= MAX_THREADS)
    return "event block of an impossible thread number";
  th = thread_of(t, h->thread);
  if (th == NULL)
    return "out of memory";
  if (!t->streaming) {
    if (grow(&t->ev_blocks, &t->cap_ev_blocks, t->nev_blocks + 1,
             sizeof *t->ev_blocks) != 0)
      return "out of memory";
    t->ev_blocks[t->nev_blocks++] = off;
  }
  th->pub.tid = h->tid;
  if (h->flags & PTRHOOK_TRACE_F_NESTED) {
    th->pub.nested += h->records;
    return NULL;
  }
  th->pub.events += h->records;
  if (h->records == 0)
    return NULL;
  /* Consecutive blocks of a thread usually continue each other. */
  if (th->niv > 0 && th->iv[th->niv - 1].seq + th->iv[th->niv - 1].n == h->seq) {
    th->iv[th->niv - 1].n += h->records;
    return NULL;
  }
  if (grow(&th->iv, &th->cap, th->niv + 1, sizeof *th->iv) != 0)
    return "out of memory";
  th->iv[th->niv].seq = h->seq;
  th->iv[th->niv].n = h->records;
  th->niv++;
  return NULL;
}

/* Check the block at file offset `off`, whose header and at most `remain`
 * following bytes are at `p` (`remain` counts from the header's start), and
 * take it in: tally events, decode sites, note ends.  Returns 1 if it is
 * good (its header in *h), or 0 after recording the problem that ends the
 * readable part there. */
static int read_block(struct ptrhook_trace *t, uint64_t off,
                      const unsigned char *p, uint64_t remain,
                      struct ptrhook_trace_block *h) {
  const unsigned char *payload;
  const char *bad = NULL;
  uint64_t sum;

  if (remain < sizeof *h) {
    problem(t, off, "truncated block header at byte %llu (%llu of %zu bytes)",
            (unsigned long long)off, (unsigned long long)remain, sizeof *h);
    return 0;
  }
  memcpy(h, p, sizeof *h);
  if (h->magic != PTRHOOK_TRACE_BLOCK_MAGIC) {
    static const struct ptrhook_trace_block zero;
    problem(t, off, "corrupted block at byte %llu (%s)",
            (unsigned long long)off,
            memcmp(h, &zero, sizeof *h) == 0
                ? "zero bytes: a write that never completed"
                : "bad block magic");
    return 0;
  }
  if (h->size % 8 != 0 || h->size > remain - sizeof *h) {
    problem(t, off,
            h->size % 8 != 0
                ? "corrupted block at byte %llu (size %u not a multiple of 8)"
                : "truncated block at byte %llu: its header announces %u "
                  "payload bytes, %llu remain",
            (unsigned long long)off, h->size,
            (unsigned long long)(remain - sizeof *h));
    return 0;
  }
  payload = p + sizeof *h;
  sum = h->checksum;
  h->checksum = 0;
  if (ptrhook_trace_checksum(ptrhook_trace_checksum(0, h, sizeof *h), payload,
                             h->size) != sum) {
    problem(t, off, "corrupted block at byte %llu (checksum mismatch)",
            (unsigned long long)off);
    return 0;
  }
  h->checksum = sum;
  switch (h->type) {
  case PTRHOOK_TRACE_EVENTS:
    bad = read_events(t, h, payload, off);
    break;
  case PTRHOOK_TRACE_SITES:
    bad = read_sites(t, h, payload);
    t->site_blocks++;
    break;
  case PTRHOOK_TRACE_THREAD_END: {
    struct thread_rec *th =
        h->thread < MAX_THREADS ? thread_of(t, h->thread) : NULL;
    if (th == NULL) {
      bad = "thread end of an impossible thread number";
      break;
    }
    th->pub.tid = h->tid;
    th->pub.ended = true;
    th->pub.exited |= (h->flags & PTRHOOK_TRACE_F_EXITED) != 0;
    if (h->seq > th->pub.end_events)
      th->pub.end_events = h->seq;
    if (h->arg > th->pub.end_nested)
      th->pub.end_nested = h->arg;
    break;
  }
  case PTRHOOK_TRACE_PROCESS_END:
    t->complete = true;
    if (h->flags & PTRHOOK_TRACE_F_SIGNAL)
      t->signal = (int)h->tid;
    break;
  default:
    bad = "unknown block type";
    break;
  }
  if (bad != NULL) {
    problem(t, off, "corrupted block at byte %llu (%s)",
            (unsigned long long)off, bad);
    return 0;
  }
  t->blocks++;
  t->valid_end = off + sizeof *h + h->size;
  return 1;
}

/* Read the blocks after the header until the end or the first bad one. */
static void read_blocks(struct ptrhook_trace *t) {
  uint64_t off = t->valid_end;
  struct ptrhook_trace_block h;

  while (off < t->size && read_block(t, off, t->map + off, t->size - off, &h))
    off += sizeof h + h.size;
}

struct ptrhook_trace *ptrhook_trace_open(const char *path, char *err,
                                         size_t errlen) {
  struct ptrhook_trace *t = calloc(1, sizeof *t);
  struct stat st;
  const char *bad;
  int fd = -1;

  if (t == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    goto fail;
  }
  t->size = (size_t)st.st_size;
  if (t->size > 0) {
    void *m = mmap(NULL, t->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
      goto fail;
    }
    t->map = m;
  }
  close(fd);
  fd = -1;
  bad = read_header(t, t->map, t->size);
  if (bad != NULL) {
    snprintf(err, errlen, "%s: %s", path, bad);
    goto fail;
  }
  read_blocks(t);
  return t;

fail:
  if (fd >= 0)
    close(fd);
  ptrhook_trace_close(t);
  return NULL;
}

/*--- streaming ---------------------------------------------------------------*/

/* Smallest read: large enough that small blocks cost no system call each. */
#define STREAM_CHUNK ((size_t)4 << 20)

/* Make `n` bytes from the current position available in the buffer, as far
 * as the file has them.  Returns how many are (< n only at the end of the
 * file), or (size_t)-1 with errno set on a read error or no memory. */
static size_t stream_fill(struct ptrhook_trace *t, size_t n) {
  size_t have = t->in.len - t->in.pos;

  if (have >= n || t->in.eof)
    return have;
  /* Keep the unread tail, at the front. */
  if (have != 0)
    memmove(t->in.buf, t->in.buf + t->in.pos, have);
  t->in.off += t->in.pos;
  t->in.pos = 0;
  t->in.len = have;
  if (n > t->in.cap) {
    size_t cap = t->in.cap ? t->in.cap : STREAM_CHUNK;
    unsigned char *b;
    while (cap < n)
      cap *= 2;
    b = realloc(t->in.buf, cap);
    if (b == NULL) {
      errno = ENOMEM;
      return (size_t)-1;
    }
    t->in.buf = b;
    t->in.cap = cap;
  }
  while (t->in.len < n) {
    ssize_t r = read(t->in.fd, t->in.buf + t->in.len, t->in.cap - t->in.len);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return (size_t)-1;
    if (r == 0) {
      t->in.eof = true;
      break;
    }
    t->in.len += (size_t)r;
  }
  return t->in.len;
}

struct ptrhook_trace *ptrhook_trace_open_stream(const char *path, char *err,
                                                size_t errlen) {
  struct ptrhook_trace *t = calloc(1, sizeof *t);
  struct ptrhook_trace_file_header h;
  struct stat st;
  const char *bad;
  size_t have;

  if (t == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  t->streaming = true;
  t->in.fd = open(path, O_RDONLY | O_CLOEXEC);
  if (t->in.fd < 0 || fstat(t->in.fd, &st) != 0)
    goto fail_errno;
  if (S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    goto fail_errno;
  }
  t->size = (size_t)st.st_size;
  t->info.file_size = t->size;
  /* The fixed header says how long the whole header is. */
  have = stream_fill(t, sizeof h);
  if (have == (size_t)-1)
    goto fail_errno;
  if (have >= sizeof h) {
    memcpy(&h, t->in.buf, sizeof h);
    if (memcmp(h.magic, PTRHOOK_TRACE_MAGIC, sizeof h.magic) == 0 &&
        h.header_size <= (1u << 20) &&
        (have = stream_fill(t, h.header_size)) == (size_t)-1)
      goto fail_errno;
  }
  bad = read_header(t, t->in.buf, have);
  if (bad != NULL) {
    snprintf(err, errlen, "%s: %s", path, bad);
    goto fail;
  }
  t->info.file_size = t->size;
  t->in.pos = (size_t)t->valid_end;
  return t;

fail_errno:
  snprintf(err, errlen, "%s: %s", path, strerror(errno));
fail:
  ptrhook_trace_close(t);
  return NULL;
}

/* The events of the block with header `h` whose payload is at `payload`
 * (unpacked by read_block, or here). */
static void events_view(struct ptrhook_trace *t,
                        const struct ptrhook_trace_block *h,
                        const unsigned char *payload, uint64_t off,
                        struct ptrhook_trace_events *ev) {
  if ((h->flags & PTRHOOK_TRACE_F_PACKED) &&
      unpack_block(t, h, payload, off) == NULL)
    payload = t->unpacked;
  ev->thread = h->thread;
  ev->tid = h->tid;
  ev->seq = h->seq;
  ev->nested = (h->flags & PTRHOOK_TRACE_F_NESTED) != 0;
  ev->records = h->records;
  ev->words = h->flags & PTRHOOK_TRACE_F_SITES ? 2 : 1;
  ev->data = payload;
  ev->offset = off;
}

int ptrhook_trace_next_events(struct ptrhook_trace *t,
                              struct ptrhook_trace_events *ev) {
  struct ptrhook_trace_block h;

  if (!t->streaming) {
    /* Mapped: the blocks were checked at open. */
    while (t->it_block < t->nev_blocks) {
      uint64_t off = t->ev_blocks[t->it_block++];
      memcpy(&h, t->map + off, sizeof h);
      t->it_rec = 0;
      if (h.records != 0) {
        events_view(t, &h, t->map + off + sizeof h, off, ev);
        return 1;
      }
    }
    return 0;
  }
  while (!t->in.done) {
    uint64_t off = t->in.off + t->in.pos;
    size_t have = stream_fill(t, sizeof h);
    const unsigned char *p;

    if (have == (size_t)-1) {
      problem(t, off, "read error at byte %llu: %s", (unsigned long long)off,
              strerror(errno));
      t->in.done = true;
      break;
    }
    if (have == 0) { /* the end of the file, at a block boundary */
      t->in.done = true;
      break;
    }
    if (have >= sizeof h) {
      memcpy(&h, t->in.buf + t->in.pos, sizeof h);
      /* The whole block, if the file has it (a size beyond the file is
       * read_block's to report, without reading it). */
      uint64_t want = sizeof h + (uint64_t)h.size;
      if (off + want > t->size)
        want = t->size > off ? t->size - off : have;
      if (h.magic == PTRHOOK_TRACE_BLOCK_MAGIC &&
          (have = stream_fill(t, (size_t)want)) == (size_t)-1) {
        problem(t, off, "read error at byte %llu: %s",
                (unsigned long long)off, strerror(errno));
        t->in.done = true;
        break;
      }
    }
    p = t->in.buf + t->in.pos;
    if (!read_block(t, off, p, have, &h)) {
      t->in.done = true;
      break;
    }
    t->in.pos += sizeof h + h.size;
    if (h.type == PTRHOOK_TRACE_EVENTS && h.records != 0) {
      events_view(t, &h, p + sizeof h, off, ev);
      return 1;
    }
  }
  return 0;
}

uint64_t ptrhook_trace_offset(const struct ptrhook_trace *t) {
  if (!t->streaming)
    return t->it_block < t->nev_blocks ? t->ev_blocks[t->it_block] : t->valid_end;
  return t->in.off + t->in.pos;
}

void ptrhook_trace_close(struct ptrhook_trace *t) {
  if (t == NULL)
    return;
  ptrhook_trace_expander_free(t->it_x);
  free(t->unpacked);
  free(t->pack_state);
  if (t->map != NULL)
    munmap((void *)t->map, t->size);
  if (t->streaming && t->in.fd >= 0)
    close(t->in.fd);
  free(t->in.buf);
  for (size_t i = 0; i < t->nstrings; i++)
    free(t->strings[i]);
  free(t->strings);
  for (size_t i = 0; i < t->ntables; i++)
    free(t->tables[i].sites);
  free(t->tables);
  free(t->by_base);
  for (size_t i = 0; i < t->nthreads; i++)
    free(t->threads[i].iv);
  free(t->threads);
  free(t->ev_blocks);
  free(t->program);
  free(t);
}

const struct ptrhook_trace_info *ptrhook_trace_info(const struct ptrhook_trace *t) {
  return &t->info;
}

const char *ptrhook_trace_problem(const struct ptrhook_trace *t) {
  return t->has_problem ? t->problem : NULL;
}

const struct ptrhook_trace_site *ptrhook_trace_site_at(const struct ptrhook_trace *t,
                                                       uint64_t addr) {
  size_t lo = 0, hi = t->ntables;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const struct table *tb = &t->tables[t->by_base[mid]];
    if (addr < tb->base) {
      hi = mid;
    } else if (addr - tb->base >= tb->total * tb->descriptor_size) {
      lo = mid + 1;
    } else {
      uint64_t off = addr - tb->base;
      return off % tb->descriptor_size == 0 ? &tb->sites[off / tb->descriptor_size]
                                            : NULL;
    }
  }
  return NULL;
}

size_t ptrhook_trace_nsites(const struct ptrhook_trace *t) { return t->nsites; }

const struct ptrhook_trace_site *ptrhook_trace_site(const struct ptrhook_trace *t,
                                                    size_t i) {
  for (size_t k = 0; k < t->ntables; k++) {
    if (i < t->tables[k].total)
      return &t->tables[k].sites[i];
    i -= t->tables[k].total;
  }
  return NULL;
}

size_t ptrhook_trace_ntables(const struct ptrhook_trace *t) { return t->ntables; }

void ptrhook_trace_table(const struct ptrhook_trace *t, size_t i,
                         struct ptrhook_trace_table *out) {
  const struct table *tb = &t->tables[i];

  out->base = tb->base;
  out->total = tb->total;
  out->descriptor_size = tb->descriptor_size;
  out->first_ordinal = tb->first_ordinal;
  out->sites = tb->sites;
}

uint64_t ptrhook_trace_site_blocks(const struct ptrhook_trace *t) {
  return t->site_blocks;
}

size_t ptrhook_trace_nthreads(const struct ptrhook_trace *t) { return t->nthreads; }

const struct ptrhook_trace_thread *ptrhook_trace_thread(const struct ptrhook_trace *t,
                                                        size_t i) {
  return i < t->nthreads && t->threads[i].seen ? &t->threads[i].pub : NULL;
}

void ptrhook_trace_rewind(struct ptrhook_trace *t) {
  t->it_block = 0;
  t->it_rec = 0;
  t->it_npend = t->it_ipend = 0;
  ptrhook_trace_expander_free(t->it_x);
  t->it_x = NULL;
}

/* A pointer-sized word at `p`. */
static uint64_t word(const struct ptrhook_trace *t, const unsigned char *p) {
  return ptrhook_trace_word(p, t->info.pointer_size);
}

int ptrhook_trace_next(struct ptrhook_trace *t, struct ptrhook_trace_event *ev) {
  if (t->it_ipend < t->it_npend) { /* elided events after the last one */
    *ev = t->it_anchor;
    ev->site_info = t->it_pend[t->it_ipend].site;
    ev->site = ev->site_info->address;
    ev->addr = t->it_pend[t->it_ipend].addr;
    ev->reconstructed = true;
    t->it_ipend++;
    return 1;
  }
  while (t->it_block < t->nev_blocks) {
    uint64_t off = t->ev_blocks[t->it_block];
    struct ptrhook_trace_block h;
    const unsigned char *p;
    unsigned words;

    memcpy(&h, t->map + off, sizeof h);
    if (t->it_rec >= h.records) {
      t->it_block++;
      t->it_rec = 0;
      continue;
    }
    words = h.flags & PTRHOOK_TRACE_F_SITES ? 2 : 1;
    p = t->map + off + sizeof h;
    if (h.flags & PTRHOOK_TRACE_F_PACKED) {
      if (unpack_block(t, &h, p, off) != NULL) { /* checked at open */
        t->it_block++;
        t->it_rec = 0;
        continue;
      }
      p = t->unpacked;
    }
    p += (size_t)t->it_rec * words * t->info.pointer_size;
    ev->thread = h.thread;
    ev->tid = h.tid;
    ev->nested = (h.flags & PTRHOOK_TRACE_F_NESTED) != 0;
    ev->seq = ev->nested ? h.seq : h.seq + t->it_rec;
    ev->addr = word(t, p);
    ev->site = words == 2 ? word(t, p + t->info.pointer_size) : 0;
    ev->site_info = ev->site != 0 ? ptrhook_trace_site_at(t, ev->site) : NULL;
    ev->offset = off;
    ev->reconstructed = false;
    t->it_rec++;
    if (ev->site_info != NULL &&
        (ev->site_info->is_base || ev->site_info->followers != NULL)) {
      if (t->it_x == NULL &&
          (t->it_x = ptrhook_trace_expander_new(t->info.pointer_size)) != NULL)
        ptrhook_trace_expander_include_checked(t->it_x, t->expand_checked);
      if (t->it_x != NULL) {
        size_t n = ptrhook_trace_expand(t->it_x, ev->thread, ev->nested,
                                        ev->site_info, ev->addr, t->it_pend,
                                        sizeof t->it_pend / sizeof t->it_pend[0]);
        t->it_npend = n < 64 ? n : 64;
        t->it_ipend = 0;
        t->it_anchor = *ev;
      }
    }
    return 1;
  }
  return 0;
}

/*===-- Elided events ------------------------------------------------------===*/

/* The latest address of each base site, per thread: an open-addressing
 * map from (thread, nested, site ordinal) to the address. */
struct ptrhook_trace_expander {
  unsigned psize;
  bool checked; /* also put back PTRHOOK_SITE_ELIDE_CHECKED sites */
  uint64_t *key, *val; /* key 0: empty */
  size_t cap, n;
  uint64_t lost;
};

struct ptrhook_trace_expander *ptrhook_trace_expander_new(unsigned pointer_size) {
  struct ptrhook_trace_expander *x = calloc(1, sizeof *x);
  if (x != NULL)
    x->psize = pointer_size;
  return x;
}

void ptrhook_trace_expander_free(struct ptrhook_trace_expander *x) {
  if (x == NULL)
    return;
  free(x->key);
  free(x->val);
  free(x);
}

uint64_t ptrhook_trace_expander_lost(const struct ptrhook_trace_expander *x) {
  return x->lost;
}

void ptrhook_trace_expander_include_checked(struct ptrhook_trace_expander *x,
                                            bool on) {
  x->checked = on;
}

void ptrhook_trace_expand_checked(struct ptrhook_trace *t, bool on) {
  t->expand_checked = on;
  if (t->it_x != NULL)
    ptrhook_trace_expander_include_checked(t->it_x, on);
}

static uint64_t x_key(uint32_t thread, bool nested,
                      const struct ptrhook_trace_site *s) {
  return ((uint64_t)thread << 41 | (uint64_t)nested << 40 | s->ordinal) + 1;
}

static size_t x_slot(const struct ptrhook_trace_expander *x, uint64_t k) {
  uint64_t h = k * 0x9e3779b97f4a7c15ull;
  size_t i = (size_t)(h >> 20) & (x->cap - 1);
  while (x->key[i] != 0 && x->key[i] != k)
    i = (i + 1) & (x->cap - 1);
  return i;
}

static int x_put(struct ptrhook_trace_expander *x, uint64_t k, uint64_t v) {
  size_t i;
  if (2 * (x->n + 1) > x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 1024;
    struct ptrhook_trace_expander y = {.psize = x->psize,
                                       .checked = x->checked,
                                       .key = calloc(cap, 8),
                                       .val = calloc(cap, 8),
                                       .cap = cap,
                                       .lost = x->lost};
    if (y.key == NULL || y.val == NULL) {
      free(y.key);
      free(y.val);
      return -1;
    }
    for (size_t j = 0; j < x->cap; j++)
      if (x->key[j] != 0) {
        size_t s = x_slot(&y, x->key[j]);
        y.key[s] = x->key[j];
        y.val[s] = x->val[j];
        y.n++;
      }
    free(x->key);
    free(x->val);
    *x = y;
  }
  i = x_slot(x, k);
  x->n += x->key[i] == 0;
  x->key[i] = k;
  x->val[i] = v;
  return 0;
}

size_t ptrhook_trace_expand(struct ptrhook_trace_expander *x, uint32_t thread,
                            bool nested, const struct ptrhook_trace_site *site,
                            uint64_t addr, struct ptrhook_trace_expanded *out,
                            size_t cap) {
  size_t n = 0;
  uint64_t mask = x->psize == 4 ? 0xffffffffull : ~0ull;

  if (site->is_base && x_put(x, x_key(thread, nested, site), addr) != 0)
    x->lost++; /* out of memory: the followers below may miss it */
  for (const struct ptrhook_trace_site *f = site->followers; f != NULL;
       f = f->next_follower) {
    uint64_t base;
    size_t i;
    if ((f->flags & PTRHOOK_SITE_ELIDE_CHECKED) && !x->checked)
      continue; /* it reported its own event */
    if (f->base == site) {
      base = addr;
    } else {
      if (x->cap == 0)
        goto lost;
      i = x_slot(x, x_key(thread, nested, f->base));
      if (x->key[i] == 0)
        goto lost;
      base = x->val[i];
    }
    if (n < cap) {
      out[n].site = f;
      out[n].addr = (base + (uint64_t)f->delta) & mask;
    }
    n++;
    continue;
  lost:
    x->lost++;
  }
  return n;
}

static int iv_cmp(const void *a, const void *b) {
  const struct interval *x = a, *y = b;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int ptrhook_trace_verify(struct ptrhook_trace *t,
                         struct ptrhook_trace_summary *sum, char *msg,
                         size_t len) {
  struct ptrhook_trace_summary s = {0};
  char first[512] = "";

  for (size_t i = 0; i < t->nthreads; i++) {
    struct thread_rec *th = &t->threads[i];
    uint64_t expect = 0;

    if (!th->seen)
      continue;
    s.threads += i != 0 || th->pub.events != 0;
    s.events += th->pub.events + th->pub.nested;
    s.nested += th->pub.nested;
    qsort(th->iv, th->niv, sizeof *th->iv, iv_cmp);
    for (size_t k = 0; k < th->niv && first[0] == '\0'; k++) {
      if (th->iv[k].seq > expect)
        snprintf(first, sizeof first, "thread %zu: events %llu to %llu missing",
                 i, (unsigned long long)expect,
                 (unsigned long long)th->iv[k].seq - 1);
      else if (th->iv[k].seq < expect)
        snprintf(first, sizeof first, "thread %zu: event %llu recorded twice",
                 i, (unsigned long long)th->iv[k].seq);
      expect = th->iv[k].seq + th->iv[k].n;
    }
    if (first[0] == '\0' && th->pub.end_events > expect)
      snprintf(first, sizeof first,
               "thread %zu: events %llu to %llu missing (its end record "
               "counts %llu)",
               i, (unsigned long long)expect,
               (unsigned long long)th->pub.end_events - 1,
               (unsigned long long)th->pub.end_events);
    if (first[0] == '\0' && th->pub.end_nested > th->pub.nested)
      snprintf(first, sizeof first,
               "thread %zu: %llu nested events missing", i,
               (unsigned long long)(th->pub.end_nested - th->pub.nested));
    if (first[0] == '\0' && t->complete && !th->pub.ended && i != 0 &&
        th->pub.events != 0)
      snprintf(first, sizeof first, "thread %zu: no end record", i);
  }
  for (size_t k = 0; k < t->ntables; k++)
    s.sites += t->tables[k].total;
  s.site_tables = t->ntables;
  s.blocks = t->blocks;
  s.valid_bytes = t->valid_end;
  s.file_size = t->size;
  s.complete = t->complete;
  s.signal = t->signal;
  if (sum != NULL)
    *sum = s;

  if (t->has_problem)
    snprintf(first, sizeof first, "%s", t->problem);
  else if (first[0] == '\0' && !t->complete)
    snprintf(first, sizeof first,
             "incomplete: no end-of-trace block (the process was killed, or "
             "a write failed)");
  if (first[0] == '\0')
    return 0;
  snprintf(msg, len,
           "%s; recovered %llu events of %llu threads from the first %llu of "
           "%llu bytes",
           first, (unsigned long long)s.events, (unsigned long long)s.threads,
           (unsigned long long)s.valid_bytes, (unsigned long long)s.file_size);
  return -1;
}
