/*===-- profile_trace.h - a report's pass over a trace, shared state -----===*
 *
 * Private to the two files of phase 3 for a trace (profile.h):
 *   profile_trace_scan.c  the pass over the events, block by block: per
 *                         event a few array updates (site counters,
 *                         regions, distinct addresses), the hot loop;
 *   profile_trace.c       opening the trace, running the pass, and what
 *                         comes of it at the end: sites, binaries matched,
 *                         address classes.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_PROFILE_TRACE_H
#define PTRHOOK_REPORT_PROFILE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "ptrhook_trace.h"
#include "report.h"

#define PROFILE_SCAN_MAX_REGIONS ((size_t)1 << 22)
/* An alloca marks its region and the 4 KiB above it. */
#define PROFILE_SCAN_ALLOCA_SPAN 4095
#define PROFILE_SCAN_MAX_PENDING ((size_t)1 << 16)
#define PROFILE_SCAN_HLL_BITS 14
#define PROFILE_SCAN_HLL_M ((size_t)1 << PROFILE_SCAN_HLL_BITS)

/* The counters of one run-time site table. */
struct profile_scan_table {
  uint64_t base, bytes;
  uint32_t dsize;
  uint64_t *count; /* per 8-byte word */
  uint8_t *flags8; /* at the word where a descriptor starts: 1 for an
                       alloca, | 2 if elided events derive from or follow
                       the site (elide-const-geps) */
  const struct ptrhook_trace_site *sites; /* the reader's, by entry */
};

/* One 64 KiB region of addresses. */
struct profile_region {
  uint64_t key; /* address >> PROFILE_REGION_SHIFT, + 1 (0: empty slot) */
  uint64_t events, glob;
  uint8_t stack; /* an alloca event pointed here */
  uint8_t img;   /* 0 outside every image, 1 inside one, 2 straddling */
};

/* The scan's state: what stays in memory, whatever the trace's size. */
struct profile_scan {
  struct report *st;
  struct ptrhook_trace *t;
  unsigned psize;

  struct profile_scan_table *tabs;
  size_t ntabs;
  uint64_t site_gen;
  struct profile_scan_table *last; /* the table hit last */

  uint64_t *pend_key, *pend_val; /* site words in no table (yet) */
  size_t pend_cap, pend_n;
  uint64_t pend_overflow;

  uint64_t *img; /* run-time [lo, hi) pairs of the binaries' segments */
  size_t nimg;
  size_t *guess; /* binary b's table, guessed by size: index + 1 */

  struct profile_region *reg;
  size_t reg_cap, reg_n;
  struct profile_region *last_reg;
  uint64_t last_key;
  uint64_t reg_overflow;
  bool any_alloca;

  uint64_t *set; /* distinct addresses; 0 marks an empty slot */
  size_t set_cap, set_n, set_max;
  bool has_zero;
  uint64_t prev_addr;
  uint8_t *hll[PROFILE_NCLASS + 1]; /* per class, [PROFILE_NCLASS] all */

  uint64_t events, plain;
  struct ptrhook_trace_expander *x; /* elided events, once a site has any */
  uint64_t rebuilt;
};

/* Brings S's tables up to the reader's: new tables get counters, every
 * table its flags (entries may arrive in several blocks), and each binary
 * not yet placed a table of its size, whose base tells where the binary
 * was loaded.  Called when ptrhook_trace_site_blocks() changes.  Cannot
 * fail (out of memory ends the process). */
void profile_scan_sync_tables(struct profile_scan *s);

/* Counts the events of block EV: their sites, regions and addresses, and
 * the elided events put back after them.  Cannot fail. */
void profile_scan_block(struct profile_scan *s,
                        const struct ptrhook_trace_events *ev);

/* The class of address A by what the scan knows now. */
enum profile_class profile_scan_class_now(struct profile_scan *s, uint64_t a);

/* The HyperLogLog estimate of the sketch REG. */
uint64_t profile_scan_hll_estimate(const uint8_t *reg);

#endif /* PTRHOOK_REPORT_PROFILE_TRACE_H */
