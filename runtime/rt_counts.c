/*===-- rt_counts.c - per-site counters (abi=site, count mode) ------------===*
 *
 * With abi=site, count mode counts every event per site, and so per kind
 * (a site has one kind): the kind is never looked at on the hot path, it is
 * read from the descriptors when the counts are reported.
 *
 * Why per-thread arrays and not one shared array of atomic counters: a
 * `lock add` costs several times a plain add uncontended, and far more when
 * threads share a cache line, while the hook's budget is about that of an
 * empty call.  So each thread owns, per range of descriptors it has reported
 * (one range per instrumented executable or DSO, rt_sites.c), an array of
 * plain counters, one per descriptor, mapped on first use with mmap (never
 * malloc: the hook may run inside malloc).  The site hook keeps the range
 * it used last in `self->slot` and bumps counts[(site - base) / size] with
 * a shift, a multiplication and one bounds check (rt_state.h); another
 * range is a miss, handled here.  Pages of an array are only touched for
 * the sites the thread reports, so a thread that runs ten sites of a
 * 100,000-site program costs a page or two.  The counters sit at the
 * descriptors' own byte offsets (rt_state.h), so the lookup is a
 * subtraction and a comparison.  The site hook does not also count the
 * event in `events` (a second per-event counter is a second store-to-load
 * dependency chain, which test/bench/runtime-micro.sh shows on its GEP
 * loop): a thread's total sums its counters (__ptrhook_counts_thread_sum).
 *
 * A thread's arrays are added to the process totals (`totals.range`) when
 * it exits, under the registry lock, and unmapped.  Reports add the live
 * threads' arrays to those totals.  Events that cannot be given to a site
 * are counted per kind only ("unattributed"): sites of a range not
 * registered yet (a DSO's code running before its constructor), events
 * reported by a signal handler that interrupted the runtime, and events of
 * a thread whose arrays could not be mapped.
 *
 * The counts file and the summary (rt_report.c) read the totals through
 * __ptrhook_counts_each_site_locked and friends.
 *===----------------------------------------------------------------------===*/
#include "rt_counts.h"
#include "rt_registry.h"
#include "rt_sites.h"

#include <sys/mman.h>
#include <unistd.h>

/* A thread's counters: one slot per registered range, plus the events of
 * sites in no registered range, per kind. */
struct __ptrhook_tsites {
  struct __ptrhook_site_slot slot[PTRHOOK_MAX_SITE_RANGES];
  uint64_t unknown[PTRHOOK_KIND_COUNT];
};

const struct __ptrhook_site_slot __ptrhook_no_slot = {0, 0, NULL};

/* The process totals.  `range` is guarded by the registry lock; the
 * arrays are added to with atomics by threads that no longer own arrays
 * (folding threads). */
static struct {
  char *range[PTRHOOK_MAX_SITE_RANGES];  /* sparse, like a slot's counts */
  uint64_t range_bytes[PTRHOOK_MAX_SITE_RANGES]; /* the range's size */
  atomic_uint_least64_t unattributed[PTRHOOK_KIND_COUNT];
  atomic_bool any; /* some event came through the site hook in count mode */
} totals;

/* Zeroed memory for `bytes`, or NULL.  mmap, not malloc: see the banner. */
PTRHOOK_NO_INSTRUMENT static void *map_zero(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Bytes of a counter array for a range of `bytes` (see rt_state.h). */
#define ARRAY_BYTES(bytes) ((size_t)(bytes) + 8)

PTRHOOK_NO_INSTRUMENT void
__ptrhook_count_site_nested(struct __ptrhook_thread *self,
                            const struct ptrhook_site *site) {
  self->events++;
  atomic_fetch_add_explicit(&totals.unattributed[ptrhook_site_kind(site) % PTRHOOK_KIND_COUNT],
                            1, memory_order_relaxed);
  atomic_store_explicit(&totals.any, true, memory_order_relaxed);
}

/* The process array of range `r` (`bytes` long), mapped on first use.
 * Caller holds the registry lock.  NULL if it could not be mapped. */
PTRHOOK_NO_INSTRUMENT static char *total_array_locked(unsigned r,
                                                      uint64_t bytes) {
  if (totals.range[r] == NULL) {
    totals.range[r] = map_zero(ARRAY_BYTES(bytes));
    if (totals.range[r] != NULL)
      totals.range_bytes[r] = bytes;
  }
  return totals.range[r];
}

/* Count `site` in the process's per-site totals only (the event itself is
 * in `events` of a thread that owns no arrays any more).  Takes the
 * registry lock. */
PTRHOOK_NO_INSTRUMENT static void count_in_totals(const struct ptrhook_site *site) {
  const char *start;
  uint64_t bytes;
  char *arr = NULL;
  int r = __ptrhook_sites_find(site, &start, &bytes);

  if (r >= 0) {
    __ptrhook_registry_lock();
    arr = total_array_locked((unsigned)r, bytes);
    __ptrhook_registry_unlock();
  }
  if (arr == NULL) {
    atomic_fetch_add_explicit(
        &totals.unattributed[ptrhook_site_kind(site) % PTRHOOK_KIND_COUNT], 1,
        memory_order_relaxed);
    return;
  }
  atomic_fetch_add_explicit(
      (_Atomic uint64_t *)&PTRHOOK_SITE_COUNTER(arr, (const char *)site - start), 1,
      memory_order_relaxed);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_count_site(struct __ptrhook_thread *self,
                                                const struct ptrhook_site *site) {
  const struct __ptrhook_site_slot *slot = self->slot;
  struct __ptrhook_site_slot *s;
  const char *start;
  uint64_t bytes;
  uintptr_t off;
  int r;

  atomic_store_explicit(&totals.any, true, memory_order_relaxed);
  if (self->state != PTRHOOK_THREAD_LIVE) {
    self->events++;
    count_in_totals(site);
    return;
  }
  if (slot != NULL) {
    off = (uintptr_t)site - slot->base;
    if (off < slot->bytes) {
      (*(uint64_t *)(slot->counts + off))++;
      return;
    }
  }
  if (self->tsites == NULL) {
    self->tsites = map_zero(sizeof *self->tsites);
    if (self->tsites == NULL) {
      __ptrhook_count_site_nested(self, site);
      return;
    }
  }
  r = __ptrhook_sites_find(site, &start, &bytes);
  if (r < 0) {
    /* Not registered (yet): the descriptor itself is readable, its kind
     * is all we can keep. */
    self->tsites->unknown[ptrhook_site_kind(site) % PTRHOOK_KIND_COUNT]++;
    return;
  }
  s = &self->tsites->slot[r];
  if (s->counts == NULL) {
    char *arr = map_zero(ARRAY_BYTES(bytes));
    if (arr == NULL) {
      __ptrhook_count_site_nested(self, site);
      return;
    }
    s->base = (uintptr_t)start;
    s->bytes = (uintptr_t)bytes;
    /* Last, with release: a report on another thread that sees `counts`
     * sees the rest. */
    __atomic_store_n(&s->counts, arr, __ATOMIC_RELEASE);
  }
  /* A whole slot, published with one store: a signal handler's hook sees
   * either the old range or this one. */
  __atomic_store_n(&self->slot, s, __ATOMIC_RELEASE);
  PTRHOOK_SITE_COUNTER(s->counts, (const char *)site - start)++;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_count_site_miss(struct __ptrhook_thread *self,
                          const struct ptrhook_site *site) {
  /* Interrupting the runtime on this thread: its slots may be half made. */
  if (self->busy) {
    __ptrhook_count_site_nested(self, site);
    return;
  }
  self->busy = 1;
  __ptrhook_count_site(self, site);
  self->busy = 0;
}

PTRHOOK_NO_INSTRUMENT uint64_t
__ptrhook_counts_thread_sum(const struct __ptrhook_thread *t) {
  const struct __ptrhook_tsites *ts = __atomic_load_n(&t->tsites, __ATOMIC_ACQUIRE);
  uint64_t n = 0;

  if (ts == NULL)
    return 0;
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
    n += __atomic_load_n(&ts->unknown[k], __ATOMIC_RELAXED);
  for (unsigned r = 0; r < PTRHOOK_MAX_SITE_RANGES; r++) {
    const struct __ptrhook_site_slot *s = &ts->slot[r];
    char *c = __atomic_load_n(&s->counts, __ATOMIC_ACQUIRE);
    if (c == NULL)
      continue;
    uint64_t bytes = s->bytes;
    const struct __ptrhook_elided *el;
    uint64_t nel;
    /* Every word: only descriptors' offsets ever count. */
    for (uint64_t i = 0; i < bytes; i += 8)
      n += __atomic_load_n(&PTRHOOK_SITE_COUNTER(c, i), __ATOMIC_RELAXED);
    /* Each elided site made its anchor's events. */
    __ptrhook_sites_elided(r, &el, &nel);
    for (uint64_t k = 0; k < nel; k++)
      if (el[k].anchor < bytes)
        n += __atomic_load_n(&PTRHOOK_SITE_COUNTER(c, el[k].anchor),
                             __ATOMIC_RELAXED);
  }
  return n;
}

/* Add `t`'s arrays to the totals (unless `add` is false: a thread that
 * vanished in fork()) and unmap them.  Caller holds the registry lock. */
PTRHOOK_NO_INSTRUMENT static void
drop_arrays_locked(struct __ptrhook_thread *t, bool add) {
  struct __ptrhook_tsites *ts = t->tsites;

  t->slot = &__ptrhook_no_slot;
  if (ts == NULL)
    return;
  /* The thread's total must not drop with its counters (folding keeps
   * counting from it, __ptrhook_report_fold): move their sum into
   * `events`.  On the owner. */
  if (add)
    t->events += __ptrhook_counts_thread_sum(t);
  for (unsigned r = 0; r < PTRHOOK_MAX_SITE_RANGES; r++) {
    struct __ptrhook_site_slot *s = &ts->slot[r];
    uint64_t bytes = s->bytes;
    char *dst;

    if (s->counts == NULL)
      continue;
    if (add && (dst = total_array_locked(r, bytes)) != NULL)
      for (uint64_t i = 0; i < bytes; i += 8)
        if (PTRHOOK_SITE_COUNTER(s->counts, i) != 0)
          atomic_fetch_add_explicit(
              (_Atomic uint64_t *)&PTRHOOK_SITE_COUNTER(dst, i),
              PTRHOOK_SITE_COUNTER(s->counts, i), memory_order_relaxed);
    munmap(s->counts, ARRAY_BYTES(bytes));
  }
  if (add)
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
      atomic_fetch_add_explicit(&totals.unattributed[k], ts->unknown[k],
                                memory_order_relaxed);
  t->tsites = NULL;
  munmap(ts, sizeof *ts);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_counts_retire_locked(struct __ptrhook_thread *t) {
  drop_arrays_locked(t, true);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_counts_reset_locked(struct __ptrhook_thread *t) {
  drop_arrays_locked(t, false);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_counts_after_fork_child(void) {
  for (unsigned r = 0; r < PTRHOOK_MAX_SITE_RANGES; r++)
    if (totals.range[r] != NULL) {
      munmap(totals.range[r], ARRAY_BYTES(totals.range_bytes[r]));
      totals.range[r] = NULL;
      totals.range_bytes[r] = 0;
    }
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
    atomic_store_explicit(&totals.unattributed[k], 0, memory_order_relaxed);
  atomic_store_explicit(&totals.any, false, memory_order_relaxed);
}

/*--- what the reports read (rt_report.c) ----------------------------------*/

PTRHOOK_NO_INSTRUMENT void
__ptrhook_counts_each_site_locked(__ptrhook_site_count_fn fn, void *arg) {
  unsigned nranges = __ptrhook_sites_ranges();

  for (unsigned r = 0; r < nranges; r++) {
    const char *start, *stop;
    uint32_t count = __ptrhook_sites_count(r);

    __ptrhook_sites_range(r, &start, &stop);
    if (!__ptrhook_sites_mapped(r))
      continue;
    const struct __ptrhook_elided *el;
    uint64_t nel, k = 0;
    __ptrhook_sites_elided(r, &el, &nel);
    for (uint32_t i = 0; i < count; i++) {
      const struct ptrhook_site *site = __ptrhook_sites_get(r, i);
      uint64_t n = 0;
      /* Whose counter: an elided site counts its anchor's events. */
      uint64_t src = (uint64_t)((const char *)site - start);
      if (k < nel && el[k].index == src)
        src = el[k++].anchor;

      if (totals.range[r] != NULL && src < totals.range_bytes[r])
        n += __atomic_load_n(&PTRHOOK_SITE_COUNTER(totals.range[r], src),
                             __ATOMIC_RELAXED);
      for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
           t = t->next) {
        const struct __ptrhook_site_slot *s;
        char *c;

        if (t->tsites == NULL)
          continue;
        s = &t->tsites->slot[r];
        c = __atomic_load_n(&s->counts, __ATOMIC_ACQUIRE);
        if (c != NULL && src < s->bytes)
          n += __atomic_load_n(&PTRHOOK_SITE_COUNTER(c, src),
                               __ATOMIC_RELAXED);
      }
      if (n != 0)
        fn(site, n, arg);
    }
  }
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_counts_unattributed_locked(uint64_t out[PTRHOOK_KIND_COUNT]) {
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
    out[k] = atomic_load_explicit(&totals.unattributed[k], memory_order_relaxed);
    for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
         t = t->next)
      if (t->tsites != NULL)
        out[k] += __atomic_load_n(&t->tsites->unknown[k], __ATOMIC_RELAXED);
  }
}

PTRHOOK_NO_INSTRUMENT static void add_kind(const struct ptrhook_site *site,
                                           uint64_t n, void *arg) {
  ((uint64_t *)arg)[ptrhook_site_kind(site) % PTRHOOK_KIND_COUNT] += n;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_counts_site_kinds_locked(uint64_t out[PTRHOOK_KIND_COUNT]) {
  __ptrhook_counts_each_site_locked(add_kind, out);
}

PTRHOOK_NO_INSTRUMENT bool
__ptrhook_counts_by_kind(uint64_t out[PTRHOOK_KIND_COUNT]) {
  if (!atomic_load_explicit(&totals.any, memory_order_relaxed))
    return false;
  __ptrhook_registry_lock();
  __ptrhook_counts_unattributed_locked(out);
  __ptrhook_counts_site_kinds_locked(out);
  __ptrhook_registry_unlock();
  return true;
}

PTRHOOK_NO_INSTRUMENT bool __ptrhook_counts_any(void) {
  return atomic_load_explicit(&totals.any, memory_order_relaxed);
}
