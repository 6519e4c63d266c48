/* A counting hook for the site ABI: counts events, and getelementptrs
 * apart (the descriptor's kind folds to a constant where it is inlined). */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

static uint64_t events, geps;

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  (void)addr;
  __atomic_fetch_add(&events, 1, __ATOMIC_RELAXED);
  if (ptrhook_site_kind(site) == PTRHOOK_KIND_GEP)
    __atomic_fetch_add(&geps, 1, __ATOMIC_RELAXED);
}

__attribute__((destructor)) static void finish(void) {
  fprintf(stderr, "hook: %llu events, %llu geps\n", (unsigned long long)events,
          (unsigned long long)geps);
}
