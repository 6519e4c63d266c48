/*===-- ptrhook_trace_format.h - the binary trace format (mode=trace) -*- C -*-===*
 *
 * PTRHOOK_OPTIONS=mode=trace writes every event to TRACE_PATH.<pid>.  This
 * header is the format's one definition: the runtime (runtime/rt_tracefile.c,
 * fed by rt_trace.c's buffers) writes it and the reader library
 * (tools/tracereader/, used by ptrhook-trace and the report tool) reads it.
 *
 * All integers are in the writer's byte order; `endian` in the file header
 * tells a reader which one (readers refuse the other).  Everything is
 * aligned to 8 bytes.
 *
 * File = file header, program path, then blocks until the end of the file:
 *
 *   struct ptrhook_trace_file_header     64 bytes
 *   program path                         path_len bytes, no NUL, zero
 *                                        padding up to header_size
 *   block, block, ...                    each: struct ptrhook_trace_block
 *                                        (48 bytes) + `size` payload bytes
 *
 * Blocks are written whole, each with one pwrite(2) at an offset reserved
 * with an atomic add, so concurrent threads never interleave inside a block
 * but their blocks appear in any order.  A reader orders events by
 * (thread, seq); there is no global order across threads.
 *
 * Block types (`type`):
 *
 *   EVENTS       a run of events of one thread.  `records` records follow,
 *                each one address word (pointer_size bytes), or two words,
 *                address then site descriptor address, with flag
 *                PTRHOOK_TRACE_F_SITES (the thread's events came through
 *                __injected_hook_site; the site word is 0 for an event of
 *                the plain hook).  The events are numbers seq, seq+1, ... of
 *                the thread: every thread numbers its events from 0 with no
 *                gap, so a missing block shows as a hole.
 *                With PTRHOOK_TRACE_F_PACKED the records are packed (see
 *                ptrhook_trace_pack() below: a length byte and the
 *                significant bytes of two deltas, usually far fewer bytes
 *                than 8 or 16 a record) and `size` is the packed length
 *                padded with zero bytes to a multiple of 8.
 *                With PTRHOOK_TRACE_F_NESTED the records were reported by a
 *                signal handler that interrupted the runtime on that thread;
 *                they take no numbers: `seq` is the event they happened
 *                before (the one being recorded when the handler ran) and
 *                `arg` counts the thread's earlier nested records.
 *   SITES        part of the site table of one instrumented executable or
 *                DSO (abi=site): `arg` is the run-time address of its first
 *                descriptor, `seq` the index of the first entry in this
 *                block, `records` the entries here.  The payload starts
 *                with struct ptrhook_trace_sites, then `records` entries
 *                (struct ptrhook_trace_site_entry, its `extra` bytes of
 *                extensions, then the function, file and directory
 *                strings, no NUL, padded to 8).  Elided sites (pass
 *                parameter elide-const-geps) have no events of their own:
 *                a reader puts each back after its anchor's event (see
 *                struct ptrhook_trace_site_elision).  An event's
 *                site word S belongs to the range with base B when
 *                B <= S < B + total * descriptor_size; its entry is
 *                (S - B) / descriptor_size.  A length of
 *                PTRHOOK_TRACE_SAME means "same string as the previous entry
 *                of this block" and has no bytes.
 *   THREAD_END   a thread is done: it exited (flag PTRHOOK_TRACE_F_EXITED),
 *                or the process is exiting.  `seq` is the number of its
 *                numbered events so far, `arg` of its nested ones.  Events
 *                reported later (by a destructor that runs after the
 *                runtime's) follow in further blocks with higher numbers; a
 *                thread may have several THREAD_END blocks, the largest
 *                counts win.
 *   PROCESS_END  the runtime finished the trace: `seq` is the number of
 *                threads, `arg` the events traced.  With
 *                PTRHOOK_TRACE_F_SIGNAL the process is dying of signal
 *                `tid` (the trace is best effort: written from a signal
 *                handler).  A file without it was cut short (killed, or a
 *                write failed).
 *
 * `checksum` is ptrhook_trace_checksum() of the header (with checksum 0)
 * and the payload; a reader recomputes it to detect corruption.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_TRACE_FORMAT_H
#define PTRHOOK_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define PTRHOOK_TRACE_MAGIC "PTRHTRC1" /* 8 bytes, no NUL */
#define PTRHOOK_TRACE_VERSION 2u /* readers also read version 1 */
#define PTRHOOK_TRACE_ENDIAN 0x01020304u
#define PTRHOOK_TRACE_BLOCK_MAGIC 0x4b4c4250u /* "PBLK" little-endian */
#define PTRHOOK_TRACE_SAME 0xffffffffu

struct ptrhook_trace_file_header {
  char magic[8];        /* PTRHOOK_TRACE_MAGIC */
  uint32_t version;     /* PTRHOOK_TRACE_VERSION */
  uint32_t header_size; /* bytes before the first block (64 + path, padded) */
  uint32_t endian;      /* PTRHOOK_TRACE_ENDIAN in the writer's byte order */
  uint8_t pointer_size; /* bytes of an address word: 4 or 8 */
  uint8_t reserved0;
  uint16_t flags;       /* 0 */
  uint32_t pid;
  uint32_t ppid;
  uint64_t start_ns;    /* CLOCK_REALTIME when the trace was opened */
  uint32_t path_len;    /* the program's path (/proc/self/exe) follows */
  uint32_t buffer;      /* records per thread buffer (informational) */
  uint64_t reserved1[2];
};

enum ptrhook_trace_block_type {
  PTRHOOK_TRACE_EVENTS = 1,
  PTRHOOK_TRACE_SITES = 2,
  PTRHOOK_TRACE_THREAD_END = 3,
  PTRHOOK_TRACE_PROCESS_END = 4,
};

/* ptrhook_trace_block.flags */
#define PTRHOOK_TRACE_F_SITES 1u  /* EVENTS: two words per record */
#define PTRHOOK_TRACE_F_NESTED 2u /* EVENTS: from a nested signal handler */
#define PTRHOOK_TRACE_F_EXITED 4u /* THREAD_END: the thread exited */
#define PTRHOOK_TRACE_F_SIGNAL 8u /* PROCESS_END: written on a fatal signal */
#define PTRHOOK_TRACE_F_PACKED 16u /* EVENTS: records packed, see below */

struct ptrhook_trace_block {
  uint32_t magic;    /* PTRHOOK_TRACE_BLOCK_MAGIC */
  uint16_t type;     /* enum ptrhook_trace_block_type */
  uint16_t flags;    /* PTRHOOK_TRACE_F_* */
  uint32_t size;     /* payload bytes after this header, a multiple of 8 */
  uint32_t thread;   /* thread number in the process, from 1; 0: none */
  uint32_t tid;      /* the thread's kernel id (PROCESS_END: signal) */
  uint32_t records;  /* EVENTS: records; SITES: entries; else 0 */
  uint64_t seq;      /* see the block types above */
  uint64_t arg;      /* see the block types above */
  uint64_t checksum; /* ptrhook_trace_checksum() */
};

/* Start of a SITES payload. */
struct ptrhook_trace_sites {
  uint32_t descriptor_size; /* bytes an entry stands for: 16 for layout 3
                               (a whole descriptor), 8 for older layouts;
                               sizeof(struct ptrhook_site) in traces
                               written before layout 3 */
  uint32_t reserved;
  uint64_t total;           /* descriptors in the whole range */
};

/* One site table entry; the strings follow it. */
/* The kind of an entry that stands for no descriptor (version 0): a
 * function's record, the second half of a descriptor, padding. */
#define PTRHOOK_TRACE_HOLE 0xffffu

struct ptrhook_trace_site_entry {
  uint16_t kind;    /* PTRHOOK_KIND_*, or PTRHOOK_TRACE_HOLE */
  uint16_t version; /* the descriptor's layout version; 0: a hole */
  uint32_t flags;   /* PTRHOOK_SITE_* */
  uint32_t line;
  uint32_t column;
  uint32_t function_len; /* or PTRHOOK_TRACE_SAME */
  uint32_t file_len;     /* or PTRHOOK_TRACE_SAME */
  uint32_t directory_len; /* or PTRHOOK_TRACE_SAME */
  uint32_t extra;   /* version 2 and 3: bytes of extensions between this entry
                       and its strings, a multiple of 8: 0, or (flag
                       PTRHOOK_SITE_ELIDED) sizeof(struct
                       ptrhook_trace_site_elision); version 1: 0 */
};

/* Extension of an elided site's entry (PTRHOOK_SITE_ELIDED, ptrhook.h):
 * its event follows the event of entry index + anchor, with the address of
 * the latest event of entry index + base plus offset. */
struct ptrhook_trace_site_elision {
  int32_t base;
  int32_t anchor;
  int64_t offset;
};

/* The checksum: two sums of 64-bit words, those at even and at odd word
 * positions (so that swapping an address and a site word shows), combined.
 * Cheap enough to run over every buffer the runtime writes.  `len` is a
 * multiple of 8 and `p` 8-byte aligned.  Pass the previous result as
 * `seed` to continue over a second buffer. */
static inline uint64_t ptrhook_trace_checksum(uint64_t seed, const void *p,
                                              size_t len) {
  const uint64_t *w = (const uint64_t *)p;
  size_t n = len / 8, i = 0;
  /* Two accumulators per lane, so that the additions do not wait on each
   * other; the sums are the same. */
  uint64_t e0 = seed, e1 = 0, o0 = 0, o1 = 0, even, odd;

  for (; i + 4 <= n; i += 4) {
    e0 += w[i];
    o0 += w[i + 1];
    e1 += w[i + 2];
    o1 += w[i + 3];
  }
  for (; i < n; i++) {
    if (i % 2 == 0)
      e0 += w[i];
    else
      o0 += w[i];
  }
  even = e0 + e1;
  odd = o0 + o1;
  /* Fold odd into even with a rotation so neither sum cancels the other. */
  return even + ((odd << 17) | (odd >> 47)) + (uint64_t)n;
}

/* Packed EVENTS payloads (PTRHOOK_TRACE_F_PACKED).  Each record is a
 * control byte, (S << 4) | A, then S bytes of the site value and A bytes of
 * the address value, little-endian, the bytes left out being zero (S is 0
 * in a block without sites; 0 <= S, A <= 8).  The site value is the zigzag
 * code of the site word's difference from the previous record's site word
 * (0 before the block's first record); the address value the zigzag code
 * of the address's difference from a base address: the address of the
 * last record of this block whose site word had the same slot,
 * (site >> 3) % PTRHOOK_TRACE_PACK_SLOTS (slot 0 for records without a
 * site, so that their base is the previous record's address), or 0 when
 * no earlier record of the block had that slot.  A difference is taken
 * modulo 2^(8 * pointer_size) and read as a signed number of that width;
 * its zigzag code is (d << 1) ^ (d >> 63), so that small differences of
 * either sign take few bytes.  The records are followed by zero bytes up
 * to a multiple of 8.  A block packs independently of every other.  The
 * runtime packs a block when that is shorter than its raw records
 * (PTRHOOK_OPTIONS=trace_pack=0 never does). */
#define PTRHOOK_TRACE_PACK_SLOTS 4096u

struct ptrhook_trace_pack_state {
  uint64_t last[PTRHOOK_TRACE_PACK_SLOTS];
};

static inline uint64_t ptrhook_trace_word(const void *p, unsigned psize) {
  if (psize == 8) {
    uint64_t v;
    __builtin_memcpy(&v, p, 8);
    return v;
  } else {
    uint32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
  }
}

/* The zigzag code of a - b in the pointer width. */
static inline uint64_t ptrhook_trace_zigzag(uint64_t a, uint64_t b,
                                            unsigned psize) {
  int64_t d = psize == 8 ? (int64_t)(a - b) : (int64_t)(int32_t)(uint32_t)(a - b);
  return ((uint64_t)d << 1) ^ (uint64_t)(d >> 63);
}

/* Bytes of `v` up to its highest non-zero one (0 for 0). */
static inline unsigned ptrhook_trace_vlen(uint64_t v) {
  return v ? (unsigned)(71 - __builtin_clzll(v)) >> 3 : 0;
}

static inline uint64_t ptrhook_trace_le64(uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap64(v);
#else
  return v;
#endif
}

/* Pack `records` records of `nwords` (1 or 2) words of `psize` bytes from
 * `in` into `out` (`cap` bytes), zero-padded to a multiple of 8.  Returns
 * the padded length, or 0 if it would not be shorter than `cap`.  Each
 * value is stored as a whole 8-byte word of which only its length counts
 * (the next store overwrites the rest): no branch depends on the data but
 * the slot test. */
static inline size_t ptrhook_trace_pack(const void *in, size_t records,
                                        unsigned nwords, unsigned psize,
                                        unsigned char *out, size_t cap,
                                        struct ptrhook_trace_pack_state *st) {
  const unsigned char *p = (const unsigned char *)in;
  uint64_t prev_site = 0;
  size_t n = 0;

  __builtin_memset(st->last, 0, sizeof st->last);
  for (size_t i = 0; i < records; i++, p += (size_t)nwords * psize) {
    uint64_t addr = ptrhook_trace_word(p, psize), vs = 0, va, w;
    unsigned slot = 0, ls = 0, la;
    if (cap - n < 1 + 8 + 8 + 8) /* a record's worst case and the spill */
      return 0;
    if (nwords == 2) {
      uint64_t site = ptrhook_trace_word(p + psize, psize);
      vs = ptrhook_trace_zigzag(site, prev_site, psize);
      ls = ptrhook_trace_vlen(vs);
      prev_site = site;
      slot = (unsigned)(site >> 3) % PTRHOOK_TRACE_PACK_SLOTS;
    }
    va = ptrhook_trace_zigzag(addr, st->last[slot], psize);
    st->last[slot] = addr;
    la = ptrhook_trace_vlen(va);
    out[n] = (unsigned char)(ls << 4 | la);
    w = ptrhook_trace_le64(vs);
    __builtin_memcpy(out + n + 1, &w, 8);
    w = ptrhook_trace_le64(va);
    __builtin_memcpy(out + n + 1 + ls, &w, 8);
    n += 1 + ls + la;
  }
  while (n % 8 != 0)
    out[n++] = 0;
  return n < cap ? n : 0;
}

/* Unpack a packed payload of `size` bytes holding `records` records of
 * `nwords` words into `out` (records * nwords words of `psize` bytes).
 * Returns 0, or -1 if the payload does not decode to exactly that many
 * records followed by zero padding (fewer than 8 bytes). */
static inline int ptrhook_trace_unpack(const unsigned char *in, size_t size,
                                       size_t records, unsigned nwords,
                                       unsigned psize, void *out,
                                       struct ptrhook_trace_pack_state *st) {
  unsigned char *o = (unsigned char *)out;
  uint64_t prev_site = 0, mask = psize == 8 ? ~0ull : 0xffffffffull;
  size_t n = 0;

  __builtin_memset(st->last, 0, sizeof st->last);
  for (size_t i = 0; i < records; i++) {
    uint64_t vals[2] = {0, 0}, site = 0, addr;
    unsigned len[2], slot = 0;
    if (n >= size)
      return -1;
    len[0] = in[n] >> 4;
    len[1] = in[n] & 15;
    n++;
    if (len[0] > 8 || len[1] > 8 || (nwords == 1 && len[0] != 0) ||
        size - n < (size_t)len[0] + len[1])
      return -1;
    if (size - n >= 16) { /* room for two whole words: load, then mask */
      for (unsigned k = 0; k < 2; k++) {
        uint64_t w;
        __builtin_memcpy(&w, in + n, 8);
        w = ptrhook_trace_le64(w);
        vals[k] = len[k] == 8 ? w : w & (((uint64_t)1 << (8 * len[k])) - 1);
        n += len[k];
      }
    } else {
      for (unsigned k = 0; k < 2; k++)
        for (unsigned b = 0; b < len[k]; b++)
          vals[k] |= (uint64_t)in[n++] << (8 * b);
    }
    for (unsigned k = 0; k < 2; k++) /* zigzag back: the signed difference */
      vals[k] = (vals[k] >> 1) ^ (0 - (vals[k] & 1));
    if (nwords == 2) {
      site = (prev_site + vals[0]) & mask;
      prev_site = site;
      slot = (unsigned)(site >> 3) % PTRHOOK_TRACE_PACK_SLOTS;
    }
    addr = (st->last[slot] + vals[1]) & mask;
    st->last[slot] = addr;
    for (unsigned k = 0; k < nwords; k++, o += psize) {
      uint64_t w = k == 0 ? addr : site;
      if (psize == 8) {
        __builtin_memcpy(o, &w, 8);
      } else {
        uint32_t w32 = (uint32_t)w;
        __builtin_memcpy(o, &w32, 4);
      }
    }
  }
  if (size - n >= 8 || (size % 8) != 0)
    return -1;
  for (; n < size; n++)
    if (in[n] != 0)
      return -1;
  return 0;
}

#endif /* PTRHOOK_TRACE_FORMAT_H */
