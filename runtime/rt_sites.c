/*===-- rt_sites.c - the table of hook sites and the dense index ----------===*
 *
 * Every instrumented module holds, per instrumented function, a read-only
 * block of 16-byte site descriptors followed by the function's record
 * (layout 3, ptrhook.h) in section ptrhook_sites3, and a constructor that
 * passes the bounds of that section (__start_ptrhook_sites3,
 * __stop_ptrhook_sites3) to __ptrhook_sites_init3().  Objects built before
 * layout 3 hold 56-byte descriptors in section ptrhook_sites and call
 * __ptrhook_sites_init(); both are accepted, as ranges of their own.  The
 * bounds are per link unit, so each executable and each DSO registers one
 * range per layout; all modules of a link unit register the same one, and
 * duplicates are ignored.
 *
 * Registration walks the range once and builds two arrays: the byte offset
 * of each site (index -> descriptor), and the site number of each 16-byte
 * (layout 3) or 8-byte (older layouts) granule (descriptor -> index), so
 * that ptrhook_site_at() and ptrhook_site_index() are two array reads once
 * the range is known.  Each range takes the next block of the dense index,
 * [base, base + n): SanitizerCoverage's guard model, without writing into
 * the (read-only, shared) descriptors.
 *
 * Ranges live in a fixed table, their arrays are mmap'd (no allocation:
 * constructors run before main, possibly before malloc is safe to
 * instrument).  A process with more instrumented link units than
 * PTRHOOK_MAX_SITE_RANGES is told so once on stderr; the sites of the extra
 * ranges are then missing from the enumeration and the index, not from the
 * events.
 *
 * The trace must write the table of every range, including those
 * registered after it was opened (a DSO loaded later).  This file stands
 * below the trace and never calls it: the trace subscribes a listener
 * (__ptrhook_sites_subscribe), which hears of each new range.
 *===----------------------------------------------------------------------===*/
#include "rt_sites.h"
#include "rt_output.h"

#include <pthread.h>
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>

struct range {
  const char *start, *stop;
  unsigned granule;    /* PTRHOOK_SITE_SLOT (layout 3) or 8 */
  uint32_t base, n;    /* dense index [base, base + n) */
  const uint32_t *off; /* n: byte offset of each site */
  const uint32_t *num; /* (stop - start) / granule: site number, or
                          UINT32_MAX (a record, padding) */
  /* Elided sites (PTRHOOK_SITE_ELIDED) in descriptor order: byte offset
   * and the byte offset of their anchor, whose count is theirs. */
  const struct __ptrhook_elided *elided;
  uint64_t nelided;
};

/* Ranges are only ever appended: `count` is published with release after
 * the range is filled in, so readers (the hooks' counting, reports, the
 * index) need no lock. */
static struct {
  pthread_mutex_t mutex;
  atomic_uint count;
  atomic_uint last; /* the range found last (a hint) */
  uint32_t sites;   /* the next dense index, under `mutex` */
  bool overflow_reported;
  bool elided_warned;
  /* Told of every range registered, under `mutex` (the trace). */
  __ptrhook_sites_listener listener;
  ptrhook_site_range_fn user_fn;
  void *user_arg;
  struct range range[PTRHOOK_MAX_SITE_RANGES];
} sites = {.mutex = PTHREAD_MUTEX_INITIALIZER};

/* Zeroed memory for `bytes` (mmap: see the banner), or NULL. */
PTRHOOK_NO_INSTRUMENT static void *map_zero(size_t bytes) {
  void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Bytes of the descriptor or record at `p` of a range of layout `v3`
 * (true: 16-byte slots), and whether it is a site: the walk of a range. */
PTRHOOK_NO_INSTRUMENT static size_t walk_step(const char *p, const char *stop,
                                         bool v3, bool *is_site) {
  const struct ptrhook_site *s = (const struct ptrhook_site *)(const void *)p;
  uint16_t head = s->ptrhook_private_head;

  *is_site = false;
  if (v3) {
    if (!(head & PTRHOOK_SITE_LAYOUT3))
      return PTRHOOK_SITE_SLOT; /* padding */
    if ((head & PTRHOOK_SITE_KIND_MASK) == PTRHOOK_SITE_RECORD_KIND) {
      const struct ptrhook_site_record_ *r = (const void *)p;
      size_t n = (size_t)r->slots * PTRHOOK_SITE_SLOT;
      return n == 0 || n > (size_t)(stop - p) ? (size_t)(stop - p) : n;
    }
    *is_site = true;
    return PTRHOOK_SITE_SLOT;
  }
  /* Layouts 1 and 2: pointer-aligned, version first, 0 for padding. */
  if (head == 1 || head == 2) {
    size_t n = head == 1 ? offsetof(struct ptrhook_site_layout2, base)
                         : sizeof(struct ptrhook_site_layout2);
    if (n <= (size_t)(stop - p)) {
      *is_site = true;
      return n;
    }
  }
  return 8;
}

/* Whether `s`'s events are its anchor's count: elided, and not in a
 * verification build (PTRHOOK_SITE_ELIDE_CHECKED: those report their own). */
PTRHOOK_NO_INSTRUMENT static bool counts_as_anchor(const struct ptrhook_site *s) {
  return (ptrhook_site_flags(s) &
          (PTRHOOK_SITE_ELIDED | PTRHOOK_SITE_ELIDE_CHECKED)) ==
         PTRHOOK_SITE_ELIDED;
}

/* Fill r's index arrays and elided table from its descriptors.  Returns
 * false when out of memory (the range then has no sites; warned). */
PTRHOOK_NO_INSTRUMENT static bool build_index(struct range *r, bool v3) {
  size_t bytes = (size_t)(r->stop - r->start);
  size_t ngran = bytes / r->granule;
  uint32_t n = 0, nel = 0, *off, *num;
  struct __ptrhook_elided *el = NULL;
  bool site;

  for (const char *p = r->start; p < r->stop; p += walk_step(p, r->stop, v3, &site)) {
    walk_step(p, r->stop, v3, &site);
    if (site) {
      n++;
      nel += counts_as_anchor((const struct ptrhook_site *)(const void *)p);
    }
  }
  off = map_zero((size_t)n * sizeof *off);
  num = map_zero(ngran * sizeof *num);
  if (nel != 0)
    el = map_zero((size_t)nel * sizeof *el);
  if (off == NULL || num == NULL || (nel != 0 && el == NULL)) {
    if (off != NULL)
      munmap(off, (size_t)n * sizeof *off);
    if (num != NULL)
      munmap(num, ngran * sizeof *num);
    __ptrhook_print(2, "ptrhook: warning: out of memory for a module's site "
                       "index: its sites are not listed\n",
                    (const char *)NULL);
    return false;
  }
  for (size_t g = 0; g < ngran; g++)
    num[g] = UINT32_MAX;
  n = nel = 0;
  for (const char *p = r->start; p < r->stop; p += walk_step(p, r->stop, v3, &site)) {
    const struct ptrhook_site *s = (const struct ptrhook_site *)(const void *)p;
    uint64_t o = (uint64_t)(p - r->start);
    int32_t base, anchor;
    int64_t delta;

    walk_step(p, r->stop, v3, &site);
    if (!site)
      continue;
    off[n] = (uint32_t)o;
    num[o / r->granule] = n++;
    if (counts_as_anchor(s)) {
      int64_t a;
      size_t size = v3 ? PTRHOOK_SITE_SLOT : sizeof(struct ptrhook_site_layout2);
      ptrhook_site_elided(s, &base, &anchor, &delta);
      a = (int64_t)o + (int64_t)anchor * (int64_t)size;
      if (a < 0 || (uint64_t)a >= bytes)
        a = (int64_t)o; /* malformed: counts 0 */
      el[nel].index = o;
      el[nel].anchor = (uint64_t)a;
      nel++;
    }
  }
  r->n = n;
  r->off = off;
  r->num = num;
  r->elided = el;
  r->nelided = nel;
  return true;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_sites_elided(
    unsigned r, const struct __ptrhook_elided **v, uint64_t *n) {
  *v = sites.range[r].elided;
  *n = sites.range[r].nelided;
}

/* A kind mask hides events that elided ones are rebuilt from. */
PTRHOOK_NO_INSTRUMENT void __ptrhook_sites_check_kinds(unsigned kinds) {
  bool any = false;
  unsigned n = atomic_load_explicit(&sites.count, memory_order_acquire);

  if (kinds == PTRHOOK_KINDS_ALL)
    return;
  for (unsigned i = 0; i < n; i++)
    any |= sites.range[i].nelided != 0;
  if (any && !__atomic_exchange_n(&sites.elided_warned, true, __ATOMIC_RELAXED))
    __ptrhook_print(2, "ptrhook: warning: the kind mask is not 'all' and the "
                       "program has elided GEP sites "
                       "(-fptrhook-elide-const-geps): an elided event is "
                       "counted and put back only when the events it follows "
                       "and derives from are recorded (select kinds at "
                       "compile time with -fptrhook-kinds= instead)\n",
                    (const char *)NULL);
}

/* Register [start, stop) of layout 3 (`v3`) or older unless it is known
 * already or empty. */
PTRHOOK_NO_INSTRUMENT static void add_range(const char *start, const char *stop,
                                            bool v3) {
  unsigned i, n;

  if (start == NULL || stop == NULL || start >= stop)
    return;
  pthread_mutex_lock(&sites.mutex);
  n = atomic_load_explicit(&sites.count, memory_order_relaxed);
  for (i = 0; i < n; i++)
    if (sites.range[i].start == start)
      break;
  if (i == n) {
    if (n < PTRHOOK_MAX_SITE_RANGES) {
      struct range *r = &sites.range[n];
      r->start = start;
      r->stop = stop;
      r->granule = v3 ? PTRHOOK_SITE_SLOT : 8;
      r->base = sites.sites;
      if (build_index(r, v3) && r->n <= UINT32_MAX - 1 - sites.sites)
        sites.sites += r->n;
      else
        r->n = 0;
      atomic_store_explicit(&sites.count, n + 1, memory_order_release);
      /* Under the lock: __ptrhook_sites_subscribe hands the listener the
       * ranges known before it under the same lock, so it sees every range
       * exactly once. */
      if (sites.listener != NULL)
        sites.listener(n);
      if (sites.user_fn != NULL)
        sites.user_fn(r->base, r->n, sites.user_arg);
    } else if (!sites.overflow_reported) {
      sites.overflow_reported = true;
      __ptrhook_print(2, "ptrhook: warning: more than 1024 instrumented "
                         "modules; the sites of the others are not listed\n",
                      (const char *)NULL);
    }
  }
  pthread_mutex_unlock(&sites.mutex);
  if (atomic_load_explicit(&PTRHOOK_STATE_SYM.ready, memory_order_acquire))
    __ptrhook_sites_check_kinds(
        atomic_load_explicit(&PTRHOOK_STATE_SYM.kinds, memory_order_relaxed));
}

/* Called by the constructor the pass adds to every instrumented module. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
PTRHOOK_SITES_INIT_SYM(const struct ptrhook_site *start,
                       const struct ptrhook_site *stop) {
  add_range((const char *)start, (const char *)stop, true);
}

/* The same, from a module built before layout 3. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
PTRHOOK_SITES_INIT_V2_SYM(const void *start, const void *stop) {
  add_range((const char *)start, (const char *)stop, false);
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_sites_foreach(ptrhook_site_fn fn,
                                                      void *arg) {
  uint64_t n = 0;
  unsigned count, i;

  /* Ranges are only ever appended: walk without the lock, so that fn may
   * call into the runtime. */
  count = atomic_load_explicit(&sites.count, memory_order_acquire);
  for (i = 0; i < count; i++)
    for (uint32_t k = 0; k < sites.range[i].n; k++, n++)
      if (fn != NULL)
        fn(__ptrhook_sites_get(i, k), arg);
  return n;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_sites_find(const struct ptrhook_site *site,
                                               const char **start,
                                               uint64_t *bytes) {
  unsigned n = atomic_load_explicit(&sites.count, memory_order_acquire);
  unsigned hint = atomic_load_explicit(&sites.last, memory_order_relaxed);
  const char *s = (const char *)site;

  for (unsigned k = 0; k < n; k++) {
    unsigned i = (hint + k) % n;
    if (s >= sites.range[i].start && s < sites.range[i].stop) {
      if (i != hint)
        atomic_store_explicit(&sites.last, i, memory_order_relaxed);
      *start = sites.range[i].start;
      *bytes = (uint64_t)(sites.range[i].stop - sites.range[i].start);
      return (int)i;
    }
  }
  return -1;
}

PTRHOOK_NO_INSTRUMENT unsigned __ptrhook_sites_ranges(void) {
  return atomic_load_explicit(&sites.count, memory_order_acquire);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_sites_range(unsigned i, const char **start,
                                                 const char **stop) {
  *start = sites.range[i].start;
  *stop = sites.range[i].stop;
}

PTRHOOK_NO_INSTRUMENT uint32_t __ptrhook_sites_count(unsigned r) {
  return sites.range[r].n;
}

PTRHOOK_NO_INSTRUMENT const struct ptrhook_site *
__ptrhook_sites_get(unsigned r, uint32_t k) {
  return (const struct ptrhook_site *)(const void *)(sites.range[r].start +
                                                     sites.range[r].off[k]);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_sites_subscribe(__ptrhook_sites_listener fn) {
  pthread_mutex_lock(&sites.mutex);
  for (unsigned i = 0; i < atomic_load_explicit(&sites.count, memory_order_relaxed);
       i++)
    fn(i);
  sites.listener = fn;
  pthread_mutex_unlock(&sites.mutex);
}

/*--- the public index (ptrhook.h) ----------------------------------------*/

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint32_t ptrhook_site_count(void) {
  unsigned n = atomic_load_explicit(&sites.count, memory_order_acquire);
  return n == 0 ? 0 : sites.range[n - 1].base + sites.range[n - 1].n;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint32_t
ptrhook_site_index(const struct ptrhook_site *site) {
  const char *start;
  uint64_t bytes, o;
  int r = __ptrhook_sites_find(site, &start, &bytes);
  uint32_t k;

  if (r < 0 || sites.range[r].n == 0)
    return PTRHOOK_NO_SITE_INDEX;
  o = (uint64_t)((const char *)site - start);
  if (o % sites.range[r].granule != 0)
    return PTRHOOK_NO_SITE_INDEX;
  k = sites.range[r].num[o / sites.range[r].granule];
  return k == UINT32_MAX ? PTRHOOK_NO_SITE_INDEX : sites.range[r].base + k;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT const struct ptrhook_site *
ptrhook_site_at(uint32_t index) {
  unsigned n = atomic_load_explicit(&sites.count, memory_order_acquire);
  unsigned hint = atomic_load_explicit(&sites.last, memory_order_relaxed);

  for (unsigned k = 0; k < n; k++) {
    unsigned i = (hint + k) % n;
    const struct range *r = &sites.range[i];
    if (index >= r->base && index - r->base < r->n) {
      if (i != hint)
        atomic_store_explicit(&sites.last, i, memory_order_relaxed);
      if (!__ptrhook_sites_mapped(i))
        return NULL;
      return __ptrhook_sites_get(i, index - r->base);
    }
  }
  return NULL;
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
ptrhook_on_site_range(ptrhook_site_range_fn fn, void *arg) {
  pthread_mutex_lock(&sites.mutex);
  sites.user_fn = fn;
  sites.user_arg = arg;
  if (fn != NULL)
    for (unsigned i = 0;
         i < atomic_load_explicit(&sites.count, memory_order_relaxed); i++)
      fn(sites.range[i].base, sites.range[i].n, arg);
  pthread_mutex_unlock(&sites.mutex);
}

/* Whether range i's descriptors are still mapped: the table of a DSO that
 * was dlclose()d is gone.  mincore fails with ENOMEM on an unmapped page;
 * the first and last pages are checked. */
PTRHOOK_NO_INSTRUMENT bool __ptrhook_sites_mapped(unsigned i) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  unsigned char vec;
  uintptr_t first = (uintptr_t)sites.range[i].start & ~(page - 1);
  uintptr_t last = ((uintptr_t)sites.range[i].stop - 1) & ~(page - 1);

  return mincore((void *)first, 1, &vec) == 0 &&
         mincore((void *)last, 1, &vec) == 0;
}
