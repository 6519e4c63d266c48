/*===-- ptrhook_trace_open.c - open a trace, mapped or streamed ------------===*
 *
 * See ptrhook_trace.h for the API and ptrhook_trace_format.h for the
 * format.  ptrhook_trace_open() maps the file read-only and reads it once:
 * blocks are checked in file order until the first bad one, EVENTS blocks
 * are remembered by offset (their events are decoded from the mapping when
 * iterated, ptrhook_trace_events.c).
 *
 * A trace opened with ptrhook_trace_open_stream() is not mapped: its
 * blocks are read in file order with read(2) into one buffer, each checked
 * as it arrives and handed out by ptrhook_trace_next_events(), so memory
 * stays bounded (the largest block, the site tables, a range of event
 * numbers per thread) whatever the size of the file.  Both share the block
 * checks and the site table decoding (ptrhook_trace_blocks.c).
 *===----------------------------------------------------------------------===*/
#include "ptrhook_trace_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptrhook_abi.h"

/*===-- Mapped ------------------------------------------------------------===*/

/* Read the blocks after the header until the end or the first bad one. */
static void read_blocks(struct ptrhook_trace *t) {
  uint64_t off = t->valid_end;
  struct ptrhook_trace_block h;

  while (off < t->size &&
         ptrhook_trace_read_block(t, off, t->map + off, t->size - off, &h))
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
  bad = ptrhook_trace_read_header(t, t->map, t->size);
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

/*===-- Streamed ----------------------------------------------------------===*/

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
  bad = ptrhook_trace_read_header(t, t->in.buf, have);
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
      ptrhook_trace_unpack_block(t, h, payload, off) == NULL)
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
      ptrhook_trace_set_problem(t, off, "read error at byte %llu: %s",
                                (unsigned long long)off, strerror(errno));
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
        ptrhook_trace_set_problem(t, off, "read error at byte %llu: %s",
                                  (unsigned long long)off, strerror(errno));
        t->in.done = true;
        break;
      }
    }
    p = t->in.buf + t->in.pos;
    if (!ptrhook_trace_read_block(t, off, p, have, &h)) {
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
    return t->it_block < t->nev_blocks ? t->ev_blocks[t->it_block]
                                       : t->valid_end;
  return t->in.off + t->in.pos;
}

/*===-- Closing and accessors ---------------------------------------------===*/

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

const struct ptrhook_trace_info *
ptrhook_trace_info(const struct ptrhook_trace *t) {
  return &t->info;
}

const struct ptrhook_trace_site *
ptrhook_trace_site_at(const struct ptrhook_trace *t, uint64_t addr) {
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
      return off % tb->descriptor_size == 0
                 ? &tb->sites[off / tb->descriptor_size]
                 : NULL;
    }
  }
  return NULL;
}

size_t ptrhook_trace_nsites(const struct ptrhook_trace *t) { return t->nsites; }

const struct ptrhook_trace_site *
ptrhook_trace_site(const struct ptrhook_trace *t, size_t i) {
  for (size_t k = 0; k < t->ntables; k++) {
    if (i < t->tables[k].total)
      return &t->tables[k].sites[i];
    i -= t->tables[k].total;
  }
  return NULL;
}

size_t ptrhook_trace_ntables(const struct ptrhook_trace *t) {
  return t->ntables;
}

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

size_t ptrhook_trace_nthreads(const struct ptrhook_trace *t) {
  return t->nthreads;
}

const struct ptrhook_trace_thread *
ptrhook_trace_thread(const struct ptrhook_trace *t, size_t i) {
  return i < t->nthreads && t->threads[i].seen ? &t->threads[i].pub : NULL;
}

static const char *const kind_names[PTRHOOK_KIND_COUNT] = {PTRHOOK_KIND_NAMES};

const char *ptrhook_trace_kind_name(unsigned k) {
  return k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}
