/* A counting hook for cc=preserve_most: the register-preserving plain
 * hook, declared with PTRHOOK_PRESERVE_MOST (clang only). */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

static uint64_t events;

PTRHOOK_PRESERVE_MOST void __injected_hook_preserve_most(uintptr_t addr) {
  (void)addr;
  __atomic_fetch_add(&events, 1, __ATOMIC_RELAXED);
}

__attribute__((destructor)) static void finish(void) {
  fprintf(stderr, "hook: %llu events\n", (unsigned long long)events);
}
