/*===-- rt_sites.c - the table of hook sites --------------------------------===*
 *
 * Every instrumented module holds a constant struct ptrhook_site per hook
 * site in section ptrhook_sites, and a constructor that passes the bounds
 * of that section (__start_ptrhook_sites, __stop_ptrhook_sites) to
 * __ptrhook_sites_init().  The bounds are per link unit, so each executable
 * and each DSO registers one range; all modules of a link unit register the
 * same one, and duplicates are ignored.
 *
 * Ranges live in a fixed table (no allocation: constructors run before
 * main, possibly before malloc is safe to instrument).  A process with more
 * instrumented DSOs than PTRHOOK_MAX_SITE_RANGES is told so once on stderr;
 * the sites of the extra ranges are then missing from the enumeration, not
 * from the events.
 *
 * The trace must write the table of every range, including those
 * registered after it was opened (a DSO loaded later).  This file stands
 * below the trace and never calls it: the trace subscribes a listener
 * (__ptrhook_sites_subscribe), which hears of each new range.
 *===----------------------------------------------------------------------===*/
#include "rt_sites.h"
#include "rt_output.h"

#include <pthread.h>
#include <sys/mman.h>

/* Ranges are only ever appended: `count` is published with release after
 * the range is filled in, so readers (the hooks' counting, reports) need
 * no lock. */
static struct {
  pthread_mutex_t mutex;
  atomic_uint count;
  bool overflow_reported;
  bool elided_warned;
  /* Told of every range registered, under `mutex` (the trace). */
  __ptrhook_sites_listener listener;
  struct {
    const struct ptrhook_site *start, *stop;
    /* Elided sites (PTRHOOK_SITE_ELIDED) in descriptor order: index and
     * the index of their anchor, whose count is theirs. */
    const struct __ptrhook_elided *elided;
    uint64_t nelided;
  } range[PTRHOOK_MAX_SITE_RANGES];
} sites = {.mutex = PTHREAD_MUTEX_INITIALIZER};

/* Whether `s`'s events are its anchor's count: elided, and not in a
 * verification build (PTRHOOK_SITE_ELIDE_CHECKED: those report their own). */
PTRHOOK_NO_INSTRUMENT static bool counts_as_anchor(const struct ptrhook_site *s) {
  return s->version >= 2 &&
         (s->flags & (PTRHOOK_SITE_ELIDED | PTRHOOK_SITE_ELIDE_CHECKED)) ==
             PTRHOOK_SITE_ELIDED;
}

/* The elided sites of [start, stop), in an array of their own (mmap: see
 * the banner), or NULL when there are none (or no memory: then they count
 * 0, and the report says nothing of them; warned). */
PTRHOOK_NO_INSTRUMENT static const struct __ptrhook_elided *
find_elided(const struct ptrhook_site *start, const struct ptrhook_site *stop,
            uint64_t *n) {
  uint64_t count = 0, total = (uint64_t)(stop - start), k = 0;
  struct __ptrhook_elided *v;
  void *p;

  for (uint64_t i = 0; i < total; i++)
    count += counts_as_anchor(&start[i]);
  *n = 0;
  if (count == 0)
    return NULL;
  p = mmap(NULL, count * sizeof *v, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    __ptrhook_print(2, "ptrhook: warning: out of memory for the elided "
                       "sites' table: their counts are missing\n",
                    (const char *)NULL);
    return NULL;
  }
  v = p;
  for (uint64_t i = 0; i < total; i++) {
    int64_t a = (int64_t)i + start[i].anchor;
    if (!counts_as_anchor(&start[i]))
      continue;
    if (a < 0 || (uint64_t)a >= total)
      a = (int64_t)i; /* malformed: counts 0 */
    v[k].index = i;
    v[k].anchor = (uint64_t)a;
    k++;
  }
  *n = k;
  return v;
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

/* Called by the constructor the pass adds to every instrumented module.
 * Registers [start, stop) unless it is known already or empty. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
PTRHOOK_SITES_INIT_SYM(const struct ptrhook_site *start,
                       const struct ptrhook_site *stop) {
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
      sites.range[n].start = start;
      sites.range[n].stop = stop;
      sites.range[n].elided = find_elided(start, stop, &sites.range[n].nelided);
      atomic_store_explicit(&sites.count, n + 1, memory_order_release);
      /* Under the lock: __ptrhook_sites_subscribe hands the listener the
       * ranges known before it under the same lock, so it sees every range
       * exactly once. */
      if (sites.listener != NULL)
        sites.listener(start, stop);
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

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_sites_foreach(ptrhook_site_fn fn,
                                                      void *arg) {
  uint64_t n = 0;
  unsigned count, i;

  /* Ranges are only ever appended: walk without the lock, so that fn may
   * call into the runtime. */
  count = atomic_load_explicit(&sites.count, memory_order_acquire);
  for (i = 0; i < count; i++)
    for (const struct ptrhook_site *s = sites.range[i].start;
         s < sites.range[i].stop; s++, n++)
      if (fn != NULL)
        fn(s, arg);
  return n;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_sites_find(const struct ptrhook_site *site,
                                               const struct ptrhook_site **start,
                                               uint64_t *count) {
  unsigned n = atomic_load_explicit(&sites.count, memory_order_acquire);
  uintptr_t s = (uintptr_t)site;

  for (unsigned i = 0; i < n; i++)
    if (s >= (uintptr_t)sites.range[i].start &&
        s < (uintptr_t)sites.range[i].stop) {
      *start = sites.range[i].start;
      *count = (uint64_t)(sites.range[i].stop - sites.range[i].start);
      return (int)i;
    }
  return -1;
}

PTRHOOK_NO_INSTRUMENT unsigned __ptrhook_sites_ranges(void) {
  return atomic_load_explicit(&sites.count, memory_order_acquire);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_sites_range(unsigned i,
                                                 const struct ptrhook_site **start,
                                                 const struct ptrhook_site **stop) {
  *start = sites.range[i].start;
  *stop = sites.range[i].stop;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_sites_subscribe(__ptrhook_sites_listener fn) {
  pthread_mutex_lock(&sites.mutex);
  for (unsigned i = 0; i < atomic_load_explicit(&sites.count, memory_order_relaxed);
       i++)
    fn(sites.range[i].start, sites.range[i].stop);
  sites.listener = fn;
  pthread_mutex_unlock(&sites.mutex);
}
