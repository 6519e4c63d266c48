/* A user hook compiled to LTO bitcode: inlined into instrumented code at
 * link time, so its counter is visible to the optimizer. */
#include <stdint.h>

uint64_t hook_events;

void __injected_hook(uintptr_t addr) {
  (void)addr;
  hook_events++;
}
