// A hook written in C++ without C linkage and without ptrhook.h (whose
// declaration would give the definition C linkage): its symbol is
// _Z15__injected_hookm, `__injected_hook(unsigned long)`, which
// instrumented code never calls.  -DWITH_MACRO gives it C linkage with
// PTRHOOK_EXTERN_C (ptrhook.h).
#include <cstdint>
#include <cstdio>

static unsigned long events;

#ifdef WITH_MACRO
#include "ptrhook.h"
PTRHOOK_EXTERN_C
#endif
void __injected_hook(std::uintptr_t) { events++; }

struct Report {
  ~Report() { std::fprintf(stderr, "hook: %lu events\n", events); }
} report;
