/*===-- ptrhook_trace_blocks.c - check and take in the blocks of a trace ---===*
 *
 * See ptrhook_trace_internal.h.  Both ways of reading a trace (mapped,
 * streamed) hand every block to ptrhook_trace_read_block() in file order:
 * it checks the block's magic, size and checksum, then takes it in.  EVENTS
 * blocks are tallied per thread with the ranges of event numbers they cover
 * (checked by ptrhook_trace_verify) and unpacked when packed; SITES blocks
 * are decoded into per-table arrays of sites, their strings copied.
 *===----------------------------------------------------------------------===*/
#include "ptrhook_trace_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"

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

void ptrhook_trace_set_problem(struct ptrhook_trace *t, uint64_t off,
                               const char *fmt, ...) {
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
static const char *keep_string(struct ptrhook_trace *t, const void *p,
                               size_t len) {
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

const char *ptrhook_trace_read_header(struct ptrhook_trace *t,
                                      const unsigned char *p, size_t avail) {
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

const char *ptrhook_trace_unpack_block(struct ptrhook_trace *t,
                                       const struct ptrhook_trace_block *h,
                                       const unsigned char *payload,
                                       uint64_t off) {
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
    if (h->size > bytes + 8 ||
        (bad = ptrhook_trace_unpack_block(t, h, payload, off)))
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
  if (th->niv > 0 &&
      th->iv[th->niv - 1].seq + th->iv[th->niv - 1].n == h->seq) {
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

int ptrhook_trace_read_block(struct ptrhook_trace *t, uint64_t off,
                             const unsigned char *p, uint64_t remain,
                             struct ptrhook_trace_block *h) {
  const unsigned char *payload;
  const char *bad = NULL;
  uint64_t sum;

  if (remain < sizeof *h) {
    ptrhook_trace_set_problem(
        t, off, "truncated block header at byte %llu (%llu of %zu bytes)",
        (unsigned long long)off, (unsigned long long)remain, sizeof *h);
    return 0;
  }
  memcpy(h, p, sizeof *h);
  if (h->magic != PTRHOOK_TRACE_BLOCK_MAGIC) {
    static const struct ptrhook_trace_block zero;
    ptrhook_trace_set_problem(t, off, "corrupted block at byte %llu (%s)",
                              (unsigned long long)off,
                              memcmp(h, &zero, sizeof *h) == 0
                                  ? "zero bytes: a write that never completed"
                                  : "bad block magic");
    return 0;
  }
  if (h->size % 8 != 0 || h->size > remain - sizeof *h) {
    ptrhook_trace_set_problem(
        t, off,
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
    ptrhook_trace_set_problem(
        t, off, "corrupted block at byte %llu (checksum mismatch)",
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
    ptrhook_trace_set_problem(t, off, "corrupted block at byte %llu (%s)",
                              (unsigned long long)off, bad);
    return 0;
  }
  t->blocks++;
  t->valid_end = off + sizeof *h + h->size;
  return 1;
}
