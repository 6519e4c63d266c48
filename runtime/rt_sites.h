/*===-- rt_sites.h - the site registry ------------------------*- C -*-===*
 *
 * The ranges of site descriptors registered by the instrumented modules'
 * constructors (__ptrhook_sites_init, ptrhook_abi.h).  Layer 2
 * (runtime/CMakeLists.txt): uses the output; the trace, which stands
 * above, hears of new ranges through a listener.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_SITES_H
#define PTRHOOK_RT_SITES_H

#include "rt_state.h"

/* Call fn(site, arg) for every descriptor of every registered range (fn
 * may be NULL: count only).  Lock-free, so that fn may call into the
 * runtime.  Returns the number of descriptors visited. */
PTRHOOK_HIDDEN uint64_t __ptrhook_sites_foreach(ptrhook_site_fn fn, void *arg);

/* The registered range holding `site`: its number (index into the range
 * table, stable for the life of the process), first byte and size in
 * bytes.  Lock-free.  Returns -1 when no range holds it. */
PTRHOOK_HIDDEN int __ptrhook_sites_find(const struct ptrhook_site *site,
                                        const char **start, uint64_t *bytes);

/* Number of registered ranges.  Lock-free; cannot fail. */
PTRHOOK_HIDDEN unsigned __ptrhook_sites_ranges(void);

/* Range `i` (below __ptrhook_sites_ranges()): its first byte and the end.
 * Descriptors are at byte offsets that are multiples of 8; a counter array
 * indexed by byte offset holds one uint64_t per descriptor.  Lock-free;
 * cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_sites_range(unsigned i, const char **start,
                                          const char **stop);

/* Number of sites of range `i`, and its site `k` (below that number), in
 * descriptor order.  Lock-free; cannot fail. */
PTRHOOK_HIDDEN uint32_t __ptrhook_sites_count(unsigned i);
PTRHOOK_HIDDEN const struct ptrhook_site *__ptrhook_sites_get(unsigned i,
                                                              uint32_t k);

/* Whether range `i`'s descriptors are still mapped (not those of a
 * dlclose()d DSO).  Cannot fail. */
PTRHOOK_HIDDEN bool __ptrhook_sites_mapped(unsigned i);

/* Elided sites of range r (flag PTRHOOK_SITE_ELIDED): each counts what its
 * anchor counts.  Byte offsets in the range, in descriptor order; none (*n == 0) when the range has
 * none or their table could not be mapped (warned at registration). */
struct __ptrhook_elided {
  uint64_t index;
  uint64_t anchor;
};
PTRHOOK_HIDDEN void __ptrhook_sites_elided(unsigned r,
                                           const struct __ptrhook_elided **v,
                                           uint64_t *n);

/* Warn once on stderr if the kind mask `kinds` hides events that elided
 * ones are rebuilt from.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_sites_check_kinds(unsigned kinds);

/* A higher layer that must hear of every range (the trace writes each
 * range's table): called with the range's number, under the site lock. */
typedef void (*__ptrhook_sites_listener)(unsigned range);

/* Call fn(range) for every range registered so far, then make fn the
 * listener told of every range registered from now on; both under the site
 * lock, so that fn sees every range exactly once.  One listener: a later
 * call replaces it (and replays every range to the new one).  Cannot
 * fail. */
PTRHOOK_HIDDEN void __ptrhook_sites_subscribe(__ptrhook_sites_listener fn);

#endif /* PTRHOOK_RT_SITES_H */
