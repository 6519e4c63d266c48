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
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <pthread.h>

#define PTRHOOK_MAX_SITE_RANGES 1024

static struct {
  pthread_mutex_t mutex;
  unsigned count;
  bool overflow_reported;
  struct {
    const struct ptrhook_site *start, *stop;
  } range[PTRHOOK_MAX_SITE_RANGES];
} sites = {.mutex = PTHREAD_MUTEX_INITIALIZER};

static const char *const kind_names[PTRHOOK_KIND_COUNT] = {
    "alloca", "gep", "load", "call", "cast", "phi", "select", "other"};

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_kind_name(unsigned k) {
  return k < PTRHOOK_KIND_COUNT ? kind_names[k] : "?";
}

/* Called by the constructor the pass adds to every instrumented module.
 * Registers [start, stop) unless it is known already or empty. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
PTRHOOK_SITES_INIT_SYM(const struct ptrhook_site *start,
                       const struct ptrhook_site *stop) {
  unsigned i;

  if (start == NULL || stop == NULL || start >= stop)
    return;
  pthread_mutex_lock(&sites.mutex);
  for (i = 0; i < sites.count; i++)
    if (sites.range[i].start == start)
      break;
  if (i == sites.count) {
    if (sites.count < PTRHOOK_MAX_SITE_RANGES) {
      sites.range[sites.count].start = start;
      sites.range[sites.count].stop = stop;
      sites.count++;
    } else if (!sites.overflow_reported) {
      sites.overflow_reported = true;
      __ptrhook_print(2, "ptrhook: warning: more than 1024 instrumented "
                         "modules; the sites of the others are not listed\n",
                      (const char *)NULL);
    }
  }
  pthread_mutex_unlock(&sites.mutex);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT const char *
ptrhook_kind_name(unsigned kind) {
  return __ptrhook_kind_name(kind);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT uint64_t
ptrhook_foreach_site(ptrhook_site_fn fn, void *arg) {
  uint64_t n = 0;
  unsigned count, i;

  /* Ranges are only ever appended: read the count under the lock, then
   * walk without it, so that fn may call into the runtime. */
  pthread_mutex_lock(&sites.mutex);
  count = sites.count;
  pthread_mutex_unlock(&sites.mutex);
  for (i = 0; i < count; i++)
    for (const struct ptrhook_site *s = sites.range[i].start;
         s < sites.range[i].stop; s++, n++)
      if (fn != NULL)
        fn(s, arg);
  return n;
}
