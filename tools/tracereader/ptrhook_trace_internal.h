/*===-- ptrhook_trace_internal.h - the trace reader's shared state -*- C -*-===*
 *
 * Private to the library (tools/tracereader): the reader's state, which its
 * three files share, and the block decoder that both ways of opening a
 * trace use.  Users include ptrhook_trace.h only.
 *
 *   ptrhook_trace_blocks.c  checking and taking in one block (header,
 *                           EVENTS, SITES, THREAD_END, PROCESS_END);
 *   ptrhook_trace_open.c    opening a trace mapped or streamed, handing
 *                           out its blocks of events, the accessors;
 *   ptrhook_trace_events.c  events one by one (ptrhook_trace_next), elided
 *                           events put back, ptrhook_trace_verify.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_TRACE_INTERNAL_H
#define PTRHOOK_TRACE_INTERNAL_H

#include "ptrhook_trace.h"
#include "ptrhook_trace_format.h"

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
    unsigned char *buf;   /* bytes [off, off + len) of the file */
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

/* Records the first problem of T, found at file offset OFF, and ends the
 * readable part there; later problems are ignored. */
void ptrhook_trace_set_problem(struct ptrhook_trace *t, uint64_t off,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Checks the file header at P (AVAIL bytes) and takes it into T (info,
 * program, valid_end).  Returns NULL, or what is wrong (the trace is then
 * not opened at all). */
const char *ptrhook_trace_read_header(struct ptrhook_trace *t,
                                      const unsigned char *p, size_t avail);

/* Checks the block at file offset OFF, whose header and at most REMAIN
 * following bytes are at P (REMAIN counts from the header's start), and
 * takes it in: tallies events, decodes sites, notes ends.  Returns 1 if it
 * is good (its header in *H), or 0 after recording the problem that ends
 * the readable part there. */
int ptrhook_trace_read_block(struct ptrhook_trace *t, uint64_t off,
                             const unsigned char *p, uint64_t remain,
                             struct ptrhook_trace_block *h);

/* Unpacks the packed EVENTS block at file offset OFF (header H, payload at
 * PAYLOAD) into t->unpacked, unless it is there already.  Returns NULL, or
 * what is wrong with it. */
const char *ptrhook_trace_unpack_block(struct ptrhook_trace *t,
                                       const struct ptrhook_trace_block *h,
                                       const unsigned char *payload,
                                       uint64_t off);

#endif /* PTRHOOK_TRACE_INTERNAL_H */
