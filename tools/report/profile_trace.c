/*===-- profile_trace.c - one bounded-memory pass over a trace -------------===*
 *
 * Phase 3 of a report (profile.h) for a trace of mode=trace.  The trace
 * is streamed (ptrhook_trace_open_stream: each block read, checked and
 * dropped), and every event costs a few array updates; what stays in
 * memory is bounded by the program, not by the trace:
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
 *what a program touches, a few thousand usually; past PROFILE_MAX_REGIONS
 *events of new regions are counted as unclassified. distinct   an exact hash
 *set of addresses up to --exact-limit, then a HyperLogLog sketch (2^14
 *registers, standard error 0.8%) per address class, the set's contents folded
 *in: counts from then on are estimates, and say so.
 *
 * The load address of each binary is known from its table's run-time
 * base (base - link-time address of ptrhook_sites); the binary's PT_LOAD
 * segments moved by it are the globals.  Which table is a binary's is
 * guessed by size while streaming and checked entry by entry at the end:
 * a trace whose tables do not match a binary was written by another
 * program, and says so.
 *===----------------------------------------------------------------------===*/
/* realpath(3) */
#define _XOPEN_SOURCE 700

#include "report.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ptrhook_trace.h"

#define PROFILE_MAX_REGIONS ((size_t)1 << 22)
#define PROFILE_ALLOCA_SPAN                                                    \
  4095 /* an alloca marks its region and 4 KiB above */
#define PROFILE_MAX_PENDING ((size_t)1 << 16)
#define HLL_BITS 14
#define HLL_M ((size_t)1 << HLL_BITS)

struct scan_tab {
  uint64_t base, bytes;
  uint32_t dsize;
  uint64_t *count; /* per 8-byte word */
  uint8_t *flags8; /* at the word where a descriptor starts: 1 for an
                       alloca, | 2 if elided events derive from or follow
                       the site (elide-const-geps) */
  const struct ptrhook_trace_site *sites; /* the reader's, by entry */
};

struct region {
  uint64_t key; /* address >> PROFILE_REGION_SHIFT, + 1 (0: empty slot) */
  uint64_t events, glob;
  uint8_t stack; /* an alloca event pointed here */
  uint8_t img;   /* 0 outside every image, 1 inside one, 2 straddling */
};

struct scan {
  struct report *st;
  struct ptrhook_trace *t;
  unsigned psize;

  struct scan_tab *tabs;
  size_t ntabs;
  uint64_t site_gen;
  struct scan_tab *last; /* the table hit last */

  uint64_t *pend_key, *pend_val; /* site words in no table (yet) */
  size_t pend_cap, pend_n;
  uint64_t pend_overflow;

  uint64_t *img; /* run-time [lo, hi) pairs of the binaries' segments */
  size_t nimg;
  size_t *guess; /* binary b's table, guessed by size: index + 1 */

  struct region *reg;
  size_t reg_cap, reg_n;
  struct region *last_reg;
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

static uint64_t mix(uint64_t x) { /* splitmix64's finalizer */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/*===-- Images and regions ------------------------------------------------===*/

static bool in_image(const struct scan *s, uint64_t a) {
  for (size_t i = 0; i < s->nimg; i += 2)
    if (a >= s->img[i] && a < s->img[i + 1])
      return true;
  return false;
}

static uint8_t region_img(const struct scan *s, uint64_t key) {
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

/* The region KEY, added if new; NULL when PROFILE_MAX_REGIONS are taken.
 * Adding may move every region. */
static struct region *region_get(struct scan *s, uint64_t key) {
  size_t i;

  if (s->reg_cap != 0)
    for (i = mix(key + 1) & (s->reg_cap - 1); s->reg[i].key;
         i = (i + 1) & (s->reg_cap - 1))
      if (s->reg[i].key == key + 1)
        return &s->reg[i];
  if (2 * (s->reg_n + 1) > s->reg_cap) {
    size_t cap = s->reg_cap ? 2 * s->reg_cap : 4096;
    struct region *r;
    if (s->reg_n >= PROFILE_MAX_REGIONS)
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
static enum profile_class class_now(struct scan *s, uint64_t a) {
  struct region *r;

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
  size_t j = (size_t)(h >> (64 - HLL_BITS));
  uint64_t w = (h << HLL_BITS) | ((uint64_t)1 << (HLL_BITS - 1));
  uint8_t rho = (uint8_t)(__builtin_clzll(w) + 1);
  if (rho > reg[j])
    reg[j] = rho;
}

static uint64_t hll_estimate(const uint8_t *reg) {
  double m = (double)HLL_M, sum = 0, e;
  size_t zeros = 0;

  for (size_t j = 0; j < HLL_M; j++) {
    sum += ldexp(1.0, -reg[j]);
    zeros += reg[j] == 0;
  }
  e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (e <= 2.5 * m && zeros != 0) /* small range: linear counting */
    e = m * log(m / (double)zeros);
  return (uint64_t)(e + 0.5);
}

static void hll_insert(struct scan *s, uint64_t a) {
  uint64_t h = mix(a);
  hll_add(s->hll[PROFILE_NCLASS], h);
  hll_add(s->hll[class_now(s, a)], h);
}

/* From exact to estimates: fold the set into the sketches. */
static void to_sketches(struct scan *s) {
  for (int c = 0; c <= PROFILE_NCLASS; c++)
    s->hll[c] = util_xcalloc(HLL_M, 1);
  for (size_t i = 0; i < s->set_cap; i++)
    if (s->set[i] != 0)
      hll_insert(s, s->set[i]);
  if (s->has_zero)
    hll_insert(s, 0);
  free(s->set);
  s->set = NULL;
  s->st->addrs.estimate = true;
}

static void set_insert(struct scan *s, uint64_t a) {
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
static void sync_tables(struct scan *s) {
  size_t n = ptrhook_trace_ntables(s->t);
  struct report *st = s->st;
  bool moved = false;

  s->site_gen = ptrhook_trace_site_blocks(s->t);
  if (n > s->ntabs) {
    struct scan_tab *v = util_xrealloc(s->tabs, n * sizeof *v);
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
static void count_site_slow(struct scan *s, uint64_t site, bool *is_alloca) {
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
    if (s->pend_n >= PROFILE_MAX_PENDING) {
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

static inline void on_event(struct scan *s, uint64_t a, bool is_alloca) {
  uint64_t key = a >> PROFILE_REGION_SHIFT;
  struct region *r = s->last_reg;
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
    if (((a + PROFILE_ALLOCA_SPAN) >> PROFILE_REGION_SHIFT) != key) {
      struct region *up =
          region_get(s, (a + PROFILE_ALLOCA_SPAN) >> PROFILE_REGION_SHIFT);
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
static void expand_event(struct scan *s, const struct ptrhook_trace_events *ev,
                         struct scan_tab *tab, uint64_t site, uint64_t a) {
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

static void scan_block(struct scan *s, const struct ptrhook_trace_events *ev) {
  const unsigned char *d = ev->data;
  uint32_t n = ev->records;

  s->events += n;
  if (ptrhook_trace_site_blocks(s->t) != s->site_gen)
    sync_tables(s);
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

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*===-- The end: sites, matching, classes ---------------------------------===*/

/* Entries of reader table TB as sites (strings interned). */
static struct profile_site *table_sites(const struct ptrhook_trace_table *tb) {
  struct profile_site *v = util_xcalloc(tb->total, sizeof *v);
  for (uint64_t e = 0; e < tb->total; e++) {
    const struct ptrhook_trace_site *x = &tb->sites[e];
    v[e].kind = x->kind;
    v[e].line = x->line;
    v[e].column = x->column;
    v[e].flags = x->flags;
    v[e].function = profile_intern(x->function);
    v[e].file = profile_intern(x->file);
    v[e].directory = profile_intern(x->directory);
  }
  return v;
}

static void finish_sites(struct scan *s) {
  struct report *st = s->st;
  uint64_t misaligned = 0;

  /* Site words whose table came after them. */
  for (size_t i = 0; i < s->pend_cap; i++) {
    bool placed = false;
    if (s->pend_key[i] == 0)
      continue;
    for (size_t k = 0; k < s->ntabs && !placed; k++) {
      uint64_t off = s->pend_key[i] - s->tabs[k].base;
      if (off < s->tabs[k].bytes) {
        s->tabs[k].count[off >> 3] += s->pend_val[i];
        placed = true;
      }
    }
    if (!placed)
      st->unknown_events += s->pend_val[i];
  }
  st->unknown_events += s->pend_overflow;
  for (size_t k = 0; k < s->ntabs; k++) {
    struct ptrhook_trace_table tb;
    struct profile_site *v;
    ptrhook_trace_table(s->t, k, &tb);
    v = table_sites(&tb);
    for (uint64_t w = 0; w < s->tabs[k].bytes / 8; w++)
      if (s->tabs[k].count[w] != 0 && (w * 8) % tb.descriptor_size != 0)
        misaligned += s->tabs[k].count[w];
    for (uint64_t e = 0; e < tb.total; e++) {
      v[e].events = s->tabs[k].count[e * tb.descriptor_size / 8];
      profile_site_add(st, &v[e]);
    }
    free(v);
  }
  st->unknown_events += misaligned;
  if (st->unknown_events != 0)
    report_diag(st, false, REPORT_OK,
                "%llu events name a site that is in no site table of the trace "
                "(a DSO's code before its constructor, or a descriptor made by "
                "hand); counted as unknown sites",
                (unsigned long long)st->unknown_events);
  for (size_t i = 0; i < st->sites.n; i++)
    if (st->sites.v[i].kind < PTRHOOK_KIND_COUNT)
      st->kind_events[st->sites.v[i].kind] += st->sites.v[i].events;
}

/* Checks every binary against the trace's tables, entry by entry. */
static void match_binaries(struct scan *s) {
  struct report *st = s->st;
  size_t ntab = ptrhook_trace_ntables(s->t);

  for (size_t b = 0; b < st->binaries.n; b++) {
    struct profile_binary *bin = &st->binaries.v[b];
    bool same_content = false;
    char same_path[16] = "";

    for (size_t k = 0; k < ntab && !bin->matched; k++) {
      struct ptrhook_trace_table tb;
      struct profile_site *v;
      uint64_t bias;
      ptrhook_trace_table(s->t, k, &tb);
      v = table_sites(&tb);
      bias = tb.base - bin->sites_addr;
      if (profile_binary_same_sites(bin, v, tb.total)) {
        same_content = true;
        if (bin->pie ? bias % 4096 == 0 : bias == 0) {
          bin->matched = true;
          bin->bias = bias;
          if (s->guess[b] != k + 1)
            report_diag(st, false, REPORT_OK,
                        "%s: two site tables of its size; its globals may be "
                        "mixed up with the other's",
                        bin->path);
        }
      }
      free(v);
    }
    if (st->program != NULL) {
      char *a = realpath(st->program, NULL), *c = realpath(bin->path, NULL);
      if (a != NULL && c != NULL && strcmp(a, c) == 0)
        snprintf(same_path, sizeof same_path, "same");
      free(a);
      free(c);
    }
    if (bin->matched) {
      if (!same_path[0] && st->program != NULL && b == 0)
        report_diag(st, false, REPORT_OK,
                    "%s was written by %s, not %s, but their site tables are "
                    "the same",
                    st->data_path, st->program, bin->path);
      continue;
    }
    if (ntab == 0)
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: the trace has no site table, but "
          "the binary has %zu site descriptors (the trace's program: %s)",
          st->data_path, bin->path, bin->desc.n,
          st->program ? st->program : "?");
    else if (same_content)
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: a site table with the same entries, "
          "but at run-time address that the binary cannot have been "
          "loaded at (a non-PIE build of the same sources?)",
          st->data_path, bin->path);
    else
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: none of the trace's %zu site tables "
          "matches the binary's %zu descriptors (%s%s); the report uses the "
          "trace's own tables and leaves the binary out",
          st->data_path, bin->path, ntab, bin->desc.n,
          same_path[0] ? "the same path: the binary was rebuilt after the "
                         "trace was written"
                       : "the trace was written by another program, ",
          same_path[0]  ? ""
          : st->program ? st->program
                        : "?");
  }
}

static void finish_addresses(struct scan *s) {
  struct report *st = s->st;
  struct profile_addrs *ad = &st->addrs;
  bool guess_wrong = false;

  ad->present = true;
  ad->stack_known = s->any_alloca;
  for (size_t b = 0; b < st->binaries.n; b++) {
    if (s->guess[b] != 0 && !st->binaries.v[b].matched)
      guess_wrong = true;
    ad->globals_known |= st->binaries.v[b].matched && s->guess[b] != 0;
  }
  if (guess_wrong)
    ad->globals_known = false;
  ad->regions = s->reg_n;

  for (size_t k = 0; k < s->reg_cap; k++) {
    const struct region *r = &s->reg[k];
    if (r->key == 0)
      continue;
    if (r->key == 1) {
      ad->events[PROFILE_CLASS_NULL] += r->events;
      continue;
    }
    ad->events[PROFILE_CLASS_GLOBALS] += r->glob;
    ad->events[r->stack ? PROFILE_CLASS_STACK : PROFILE_CLASS_HEAP] +=
        r->events - r->glob;
  }
  ad->events[PROFILE_CLASS_UNCLASSIFIED] += s->reg_overflow;

  if (!ad->estimate) {
    for (size_t i = 0; i < s->set_cap; i++)
      if (s->set[i] != 0)
        ad->distinct[class_now(s, s->set[i])]++;
    ad->distinct[PROFILE_CLASS_NULL] += s->has_zero;
    ad->distinct_total = s->set_n + s->has_zero;
  } else {
    for (int c = 0; c < PROFILE_NCLASS; c++)
      ad->distinct[c] = hll_estimate(s->hll[c]);
    ad->distinct_total = hll_estimate(s->hll[PROFILE_NCLASS]);
  }
  /* What cannot be told apart goes to unclassified. */
  if (!ad->globals_known) {
    ad->events[PROFILE_CLASS_UNCLASSIFIED] +=
        ad->events[PROFILE_CLASS_HEAP] + ad->events[PROFILE_CLASS_GLOBALS];
    ad->distinct[PROFILE_CLASS_UNCLASSIFIED] +=
        ad->distinct[PROFILE_CLASS_HEAP] + ad->distinct[PROFILE_CLASS_GLOBALS];
    ad->events[PROFILE_CLASS_HEAP] = ad->events[PROFILE_CLASS_GLOBALS] = 0;
    ad->distinct[PROFILE_CLASS_HEAP] = ad->distinct[PROFILE_CLASS_GLOBALS] = 0;
  }
  if (!ad->stack_known) {
    ad->events[PROFILE_CLASS_UNCLASSIFIED] +=
        ad->events[PROFILE_CLASS_STACK] + ad->events[PROFILE_CLASS_HEAP];
    ad->distinct[PROFILE_CLASS_UNCLASSIFIED] +=
        ad->distinct[PROFILE_CLASS_STACK] + ad->distinct[PROFILE_CLASS_HEAP];
    ad->events[PROFILE_CLASS_STACK] = ad->events[PROFILE_CLASS_HEAP] = 0;
    ad->distinct[PROFILE_CLASS_STACK] = ad->distinct[PROFILE_CLASS_HEAP] = 0;
  }
}

char *profile_trace_program(const struct report *st, bool *readable) {
  char err[512], *prog = NULL;
  struct ptrhook_trace *t =
      ptrhook_trace_open_stream(st->data_path, err, sizeof err);

  *readable = t != NULL;
  if (t != NULL && *ptrhook_trace_info(t)->program)
    prog = util_xstrdup(ptrhook_trace_info(t)->program);
  ptrhook_trace_close(t);
  return prog;
}

int profile_load_trace(struct report *st) {
  struct scan s = {0};
  struct ptrhook_trace_events ev;
  struct ptrhook_trace_summary sum;
  char err[1024], msg[1024];
  double t0 = now(), last_shown = 0;
  bool shown = false;

  s.st = st;
  s.t = ptrhook_trace_open_stream(st->data_path, err, sizeof err);
  if (s.t == NULL) {
    report_diag(st, true, REPORT_UNREADABLE, "%s%s", err,
                strstr(err, "bad magic") || strstr(err, "too short")
                    ? ", nor a counts file (whose first "
                      "line is 'ptrhook-counts<TAB>1')"
                    : "");
    return -1;
  }
  st->data_kind = "trace";
  st->program = util_xstrdup(ptrhook_trace_info(s.t)->program);
  st->pid = ptrhook_trace_info(s.t)->pid;
  s.psize = ptrhook_trace_info(s.t)->pointer_size;
  s.guess = util_xcalloc(st->binaries.n, sizeof *s.guess);
  s.set_max = st->exact_limit;
  st->addrs.exact_limit = st->exact_limit;
  /* A dummy table that nothing hits, so that the loop needs no test. */
  s.tabs = util_xcalloc(1, sizeof *s.tabs);
  s.last = &s.tabs[0];
  s.last_key = UINT64_MAX;
  sync_tables(&s);

  while (ptrhook_trace_next_events(s.t, &ev) > 0) {
    scan_block(&s, &ev);
    if (st->progress) {
      double t = now();
      if (t - t0 > 1.0 && t - last_shown >= 0.25) {
        uint64_t off = ptrhook_trace_offset(s.t);
        uint64_t size = ptrhook_trace_info(s.t)->file_size;
        fprintf(stderr, "\r" UTIL_PROG ": %3.0f%% of %.1f MB, %.1f M events",
                size ? 100.0 * (double)off / (double)size : 0.0,
                (double)size / 1e6, (double)s.events / 1e6);
        last_shown = t;
        shown = true;
      }
    }
  }
  if (shown)
    fputs("\r\033[K", stderr);
  sync_tables(&s);
  st->seconds = now() - t0;
  st->events = s.events + s.rebuilt;
  st->rebuilt_events = s.rebuilt;
  if (s.x != NULL && ptrhook_trace_expander_lost(s.x) != 0)
    report_diag(
        st, false, REPORT_OK,
        "%llu elided events could not be put back: the event they derive "
        "from is not in the trace (recorded with a kind mask?)",
        (unsigned long long)ptrhook_trace_expander_lost(s.x));
  ptrhook_trace_expander_free(s.x);
  st->plain_events = s.plain;
  st->has_sites = s.events != s.plain;
  if (ptrhook_trace_verify(s.t, &sum, msg, sizeof msg) != 0) {
    report_diag(st, true, REPORT_DAMAGED,
                "%s: %s; the report covers what was read", st->data_path, msg);
    st->complete = false;
  } else {
    st->complete = true;
    if (sum.signal != 0)
      report_diag(st, false, REPORT_OK,
                  "the trace was written as the process died of signal %d",
                  sum.signal);
  }
  st->threads = sum.threads;

  match_binaries(&s);
  finish_sites(&s);
  finish_addresses(&s);
  /* The matched binaries' sites are their tables': this marks them as the
   * binary's. */
  profile_add_binary_sites(st);

  for (size_t k = 0; k < s.ntabs; k++) {
    free(s.tabs[k].count);
    free(s.tabs[k].flags8);
  }
  free(s.tabs);
  free(s.pend_key);
  free(s.pend_val);
  free(s.img);
  free(s.guess);
  free(s.reg);
  free(s.set);
  for (int c = 0; c <= PROFILE_NCLASS; c++)
    free(s.hll[c]);
  ptrhook_trace_close(s.t);
  return 0;
}
