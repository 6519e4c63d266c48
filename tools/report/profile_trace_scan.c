/*===-- profile_trace_scan.c - one bounded-memory pass over a trace -------===*
 *
 * Phase 3 of a report (profile.h) for a trace of mode=trace: the pass over
 * its events (profile_trace.h).  The trace is streamed
 * (ptrhook_trace_open_stream: each block read, checked and dropped), and
 * every event costs a few array updates; what stays in memory is bounded
 * by the program, not by the trace:
 *
 *   sites      one counter per 8-byte word of each run-time site table,
 *              so that a site word S of table B counts at (S - B) >> 3 with
 *              no division; at the end the counter at entry i's offset
 *              (i * descriptor size) is entry i's.  Site words in no table
 *              yet (their SITES block comes later, or never) wait in a
 *              small map of their own until the end.
 *   regions    per 64 KiB region of addresses: events, events inside a
 *              binary's image, and whether an alloca event pointed into it
 *              or less than 4 KiB below it (then it is stack).  Regions are
 *              what a program touches, a few thousand usually; past
 *              PROFILE_SCAN_MAX_REGIONS events of new regions are counted
 *              as unclassified.
 *   distinct   an exact hash set of addresses up to --exact-limit, then a
 *              HyperLogLog sketch (2^14 registers, standard error 0.8%)
 *              per address class, the set's contents folded in: counts
 *              from then on are estimates, and say so.
 *
 * The load address of each binary is known from its table's run-time
 * base (base - link-time address of ptrhook_sites); the binary's PT_LOAD
 * segments moved by it are the globals.  Which table is a binary's is
 * guessed by size while streaming (checked at the end, profile_trace.c).
 *===----------------------------------------------------------------------===*/
#include "profile_trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t x) { /* splitmix64's finalizer */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/*===-- Images and regions ------------------------------------------------===*/

static bool in_image(const struct profile_scan *s, uint64_t a) {
  for (size_t i = 0; i < s->nimg; i += 2)
    if (a >= s->img[i] && a < s->img[i + 1])
      return true;
  return false;
}

static uint8_t region_img(const struct profile_scan *s, uint64_t key) {
  uint64_t lo = key << PROFILE_REGION_SHIFT,
           hi = lo + (1ull << PROFILE_REGION_SHIFT);
  for (size_t i = 0; i < s->nimg; i += 2) {
    if (s->img[i] <= lo && hi <= s->img[i + 1])
      return 1;
    if (s->img[i] < hi && lo < s->img[i + 1])
      return 2;
  }
  return 0;
}

/* The region KEY, added if new; NULL when PROFILE_SCAN_MAX_REGIONS are taken.
 * Adding may move every region. */
static struct profile_region *region_get(struct profile_scan *s, uint64_t key) {
  size_t i;

  if (s->reg_cap != 0)
    for (i = mix(key + 1) & (s->reg_cap - 1); s->reg[i].key;
         i = (i + 1) & (s->reg_cap - 1))
      if (s->reg[i].key == key + 1)
        return &s->reg[i];
  if (2 * (s->reg_n + 1) > s->reg_cap) {
    size_t cap = s->reg_cap ? 2 * s->reg_cap : 4096;
    struct profile_region *r;
    if (s->reg_n >= PROFILE_SCAN_MAX_REGIONS)
      return NULL;
    r = util_xcalloc(cap, sizeof *r);
    for (size_t k = 0; k < s->reg_cap; k++)
      if (s->reg[k].key != 0) {
        for (i = mix(s->reg[k].key) & (cap - 1); r[i].key;
             i = (i + 1) & (cap - 1))
          ;
        r[i] = s->reg[k];
      }
    free(s->reg);
    s->reg = r;
    s->reg_cap = cap;
  }
  for (i = mix(key + 1) & (s->reg_cap - 1); s->reg[i].key;
       i = (i + 1) & (s->reg_cap - 1))
    ;
  s->reg[i].key = key + 1;
  s->reg[i].img = region_img(s, key);
  s->reg_n++;
  return &s->reg[i];
}

/* The class of address A by what is known now. */
enum profile_class profile_scan_class_now(struct profile_scan *s, uint64_t a) {
  struct profile_region *r;

  if ((a >> PROFILE_REGION_SHIFT) == 0)
    return PROFILE_CLASS_NULL;
  r = region_get(s, a >> PROFILE_REGION_SHIFT);
  if (r == NULL)
    return PROFILE_CLASS_UNCLASSIFIED;
  if (r->img == 1 || (r->img == 2 && in_image(s, a)))
    return PROFILE_CLASS_GLOBALS;
  return r->stack ? PROFILE_CLASS_STACK : PROFILE_CLASS_HEAP;
}

/*===-- Distinct addresses ------------------------------------------------===*/

static void hll_add(uint8_t *reg, uint64_t h) {
  size_t j = (size_t)(h >> (64 - PROFILE_SCAN_HLL_BITS));
  uint64_t w = (h << PROFILE_SCAN_HLL_BITS) |
               ((uint64_t)1 << (PROFILE_SCAN_HLL_BITS - 1));
  uint8_t rho = (uint8_t)(__builtin_clzll(w) + 1);
  if (rho > reg[j])
    reg[j] = rho;
}

uint64_t profile_scan_hll_estimate(const uint8_t *reg) {
  double m = (double)PROFILE_SCAN_HLL_M, sum = 0, e;
  size_t zeros = 0;

  for (size_t j = 0; j < PROFILE_SCAN_HLL_M; j++) {
    sum += ldexp(1.0, -reg[j]);
    zeros += reg[j] == 0;
  }
  e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (e <= 2.5 * m && zeros != 0) /* small range: linear counting */
    e = m * log(m / (double)zeros);
  return (uint64_t)(e + 0.5);
}

static void hll_insert(struct profile_scan *s, uint64_t a) {
  uint64_t h = mix(a);
  hll_add(s->hll[PROFILE_NCLASS], h);
  hll_add(s->hll[profile_scan_class_now(s, a)], h);
}

/* From exact to estimates: fold the set into the sketches. */
static void to_sketches(struct profile_scan *s) {
  for (int c = 0; c <= PROFILE_NCLASS; c++)
    s->hll[c] = util_xcalloc(PROFILE_SCAN_HLL_M, 1);
  for (size_t i = 0; i < s->set_cap; i++)
    if (s->set[i] != 0)
      hll_insert(s, s->set[i]);
  if (s->has_zero)
    hll_insert(s, 0);
  free(s->set);
  s->set = NULL;
  s->st->addrs.estimate = true;
}

static void set_insert(struct profile_scan *s, uint64_t a) {
  size_t i, mask;

  if (a == 0) {
    s->has_zero = true;
    return;
  }
  if (s->set != NULL) {
    mask = s->set_cap - 1;
    for (i = mix(a) & mask; s->set[i]; i = (i + 1) & mask)
      if (s->set[i] == a)
        return;
  }
  /* A new address. */
  if (s->set_n + s->has_zero + 1 > s->set_max) {
    to_sketches(s);
    hll_insert(s, a);
    return;
  }
  if (2 * (s->set_n + 1) > s->set_cap) {
    size_t cap = s->set_cap ? 2 * s->set_cap : (size_t)1 << 12;
    uint64_t *v = util_xcalloc(cap, sizeof *v);
    for (size_t k = 0; k < s->set_cap; k++)
      if (s->set[k] != 0) {
        for (i = mix(s->set[k]) & (cap - 1); v[i]; i = (i + 1) & (cap - 1))
          ;
        v[i] = s->set[k];
      }
    free(s->set);
    s->set = v;
    s->set_cap = cap;
  }
  mask = s->set_cap - 1;
  for (i = mix(a) & mask; s->set[i]; i = (i + 1) & mask)
    ;
  s->set[i] = a;
  s->set_n++;
}

/*===-- Site tables -------------------------------------------------------===*/

/* Bring the scan's tables up to the reader's: new tables get counters,
 * every table its alloca map (entries may arrive in several blocks), and
 * each binary not yet placed a table of its size, whose base tells where
 * the binary was loaded. */
void profile_scan_sync_tables(struct profile_scan *s) {
  size_t n = ptrhook_trace_ntables(s->t);
  struct report *st = s->st;
  bool moved = false;

  s->site_gen = ptrhook_trace_site_blocks(s->t);
  if (n > s->ntabs) {
    struct profile_scan_table *v = util_xrealloc(s->tabs, n * sizeof *v);
    s->tabs = v;
    for (size_t i = s->ntabs; i < n; i++) {
      struct ptrhook_trace_table tb;
      ptrhook_trace_table(s->t, i, &tb);
      v[i].base = tb.base;
      v[i].dsize = tb.descriptor_size;
      v[i].bytes = tb.total * tb.descriptor_size;
      v[i].count = util_xcalloc(v[i].bytes / 8, sizeof *v[i].count);
      v[i].flags8 = util_xcalloc(v[i].bytes / 8, 1);
    }
    s->ntabs = n;
    s->last = &s->tabs[0];
  }
  for (size_t i = 0; i < n; i++) {
    struct ptrhook_trace_table tb;
    ptrhook_trace_table(s->t, i, &tb);
    s->tabs[i].sites = tb.sites;
    for (uint64_t e = 0; e < tb.total; e++)
      s->tabs[i].flags8[e * tb.descriptor_size / 8] =
          (tb.sites[e].kind == PTRHOOK_KIND_ALLOCA) |
          (tb.sites[e].is_base || tb.sites[e].followers != NULL) << 1;
    for (size_t b = 0; b < st->binaries.n; b++) {
      struct profile_binary *bin = &st->binaries.v[b];
      uint64_t bias = tb.base - bin->sites_addr;
      if (s->guess[b] != 0 || tb.total != bin->desc.n ||
          tb.descriptor_size != bin->stride ||
          (bin->pie ? bias % 4096 != 0 : bias != 0))
        continue;
      s->guess[b] = i + 1;
      bin->bias = bias;
      for (size_t k = 0; k + 1 < bin->seg.n; k += 2) {
        s->img = util_xrealloc(s->img, (s->nimg + 2) * sizeof *s->img);
        s->img[s->nimg++] = bin->seg.v[k] + bias;
        s->img[s->nimg++] = bin->seg.v[k + 1] + bias;
      }
      moved = true;
    }
  }
  if (moved) /* regions seen before know nothing of the new image */
    for (size_t k = 0; k < s->reg_cap; k++)
      if (s->reg[k].key != 0)
        s->reg[k].img = region_img(s, s->reg[k].key - 1);
}

/* A site word outside the table hit last. */
static void count_site_slow(struct profile_scan *s, uint64_t site,
                            bool *is_alloca) {
  size_t i;

  for (size_t k = 0; k < s->ntabs; k++) {
    uint64_t off = site - s->tabs[k].base;
    if (off < s->tabs[k].bytes) {
      s->last = &s->tabs[k];
      s->tabs[k].count[off >> 3]++;
      *is_alloca = s->tabs[k].flags8[off >> 3] & 1;
      return;
    }
  }
  if (2 * (s->pend_n + 1) > s->pend_cap) {
    size_t cap = s->pend_cap ? 2 * s->pend_cap : 256;
    uint64_t *k2, *v2;
    if (s->pend_n >= PROFILE_SCAN_MAX_PENDING) {
      s->pend_overflow++;
      return;
    }
    k2 = util_xcalloc(cap, sizeof *k2);
    v2 = util_xcalloc(cap, sizeof *v2);
    for (size_t k = 0; k < s->pend_cap; k++)
      if (s->pend_key[k] != 0) {
        for (i = mix(s->pend_key[k]) & (cap - 1); k2[i];
             i = (i + 1) & (cap - 1))
          ;
        k2[i] = s->pend_key[k];
        v2[i] = s->pend_val[k];
      }
    free(s->pend_key);
    free(s->pend_val);
    s->pend_key = k2;
    s->pend_val = v2;
    s->pend_cap = cap;
  }
  for (i = mix(site) & (s->pend_cap - 1); s->pend_key[i];
       i = (i + 1) & (s->pend_cap - 1))
    if (s->pend_key[i] == site) {
      s->pend_val[i]++;
      return;
    }
  s->pend_key[i] = site;
  s->pend_val[i] = 1;
  s->pend_n++;
}

/*===-- The event loop ----------------------------------------------------===*/

static inline void on_event(struct profile_scan *s, uint64_t a,
                            bool is_alloca) {
  uint64_t key = a >> PROFILE_REGION_SHIFT;
  struct profile_region *r = s->last_reg;
  enum profile_class cls = PROFILE_CLASS_UNCLASSIFIED;

  if (key != s->last_key || r == NULL) {
    r = region_get(s, key);
    if (r == NULL) {
      s->reg_overflow++;
      s->last_reg = NULL;
      goto distinct;
    }
    s->last_key = key;
    s->last_reg = r;
  }
  r->events++;
  if (is_alloca) {
    r->stack = 1;
    s->any_alloca = true;
    /* The object may cross into the next region: a frame that straddles a
     * boundary must not leave its upper part to the heap. */
    if (((a + PROFILE_SCAN_ALLOCA_SPAN) >> PROFILE_REGION_SHIFT) != key) {
      struct profile_region *up =
          region_get(s, (a + PROFILE_SCAN_ALLOCA_SPAN) >> PROFILE_REGION_SHIFT);
      if (up != NULL)
        up->stack = 1;
      r = s->last_reg = region_get(s, key); /* the table may have moved */
    }
  }
  if (r->img != 0 && (r->img == 1 || in_image(s, a))) {
    r->glob++;
    cls = PROFILE_CLASS_GLOBALS;
  } else {
    cls = key == 0   ? PROFILE_CLASS_NULL
          : r->stack ? PROFILE_CLASS_STACK
                     : PROFILE_CLASS_HEAP;
  }
distinct:
  if (a == s->prev_addr)
    return;
  s->prev_addr = a;
  if (s->set != NULL || s->hll[0] == NULL) {
    set_insert(s, a);
  } else {
    /* The class as known now (see the banner). */
    uint64_t h = mix(a);
    hll_add(s->hll[PROFILE_NCLASS], h);
    hll_add(s->hll[cls], h);
  }
}

/* The elided events that follow the event at site word `site` of table
 * `tab` (flag 2 of its flags8 byte): put back, counted and classified. */
static void expand_event(struct profile_scan *s,
                         const struct ptrhook_trace_events *ev,
                         struct profile_scan_table *tab, uint64_t site,
                         uint64_t a) {
  struct ptrhook_trace_expanded out[64];
  const struct ptrhook_trace_site *si;
  size_t n;

  if ((site - tab->base) % tab->dsize != 0)
    return;
  si = &tab->sites[(site - tab->base) / tab->dsize];
  if (s->x == NULL && (s->x = ptrhook_trace_expander_new(s->psize)) == NULL)
    util_out_of_memory();
  n = ptrhook_trace_expand(s->x, ev->thread, ev->nested, si, a, out, 64);
  for (size_t k = 0; k < n && k < 64; k++) {
    uint64_t off = out[k].site->address - tab->base;
    tab->count[off >> 3]++;
    s->rebuilt++;
    on_event(s, out[k].addr, false);
  }
}

void profile_scan_block(struct profile_scan *s,
                        const struct ptrhook_trace_events *ev) {
  const unsigned char *d = ev->data;
  uint32_t n = ev->records;

  s->events += n;
  if (ptrhook_trace_site_blocks(s->t) != s->site_gen)
    profile_scan_sync_tables(s);
  for (uint32_t i = 0; i < n; i++) {
    uint64_t a, site = 0;
    bool is_alloca = false;
    uint8_t f = 0;

    if (s->psize == 8) {
      memcpy(&a, d + (size_t)i * ev->words * 8, 8);
      if (ev->words == 2)
        memcpy(&site, d + (size_t)i * 16 + 8, 8);
    } else {
      uint32_t a32, s32 = 0;
      memcpy(&a32, d + (size_t)i * ev->words * 4, 4);
      if (ev->words == 2)
        memcpy(&s32, d + (size_t)i * 8 + 4, 4);
      a = a32;
      site = s32;
    }
    if (site == 0) {
      s->plain++;
    } else {
      uint64_t off = site - s->last->base;
      if (off < s->last->bytes) {
        s->last->count[off >> 3]++;
        f = s->last->flags8[off >> 3];
      } else {
        /* Sets `last` when the word is in a table (else leaves it). */
        count_site_slow(s, site, &is_alloca);
        off = site - s->last->base;
        f = off < s->last->bytes ? s->last->flags8[off >> 3] : 0;
      }
      is_alloca = f & 1;
    }
    on_event(s, a, is_alloca);
    if (f & 2)
      expand_event(s, ev, s->last, site, a);
  }
}
