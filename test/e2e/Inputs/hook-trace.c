/* A tracing hook for the hook= tests (site ABI): every event's thread, site
 * and address, printed at exit thread by thread, each thread's events in
 * order (threads interleave as the scheduler pleases), as
 *   <thread> <kind> <file>:<line>:<column> <function> <address>
 * with addresses outside the arena of Inputs/elide-prog.c shown as
 * "outside" (they depend on the build: stack frames, code).  Threads are
 * numbered by their first event. */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

#define MAX_EVENTS (1u << 20)
#define ARENA 0x3a0000000000ull
#define ARENA_SIZE (1ull << 22)

static struct {
  uintptr_t addr;
  const struct ptrhook_site *site;
  unsigned thread;
} events[MAX_EVENTS];
static uint64_t n;
static unsigned threads;
static _Thread_local unsigned thread;

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  uint64_t i = __atomic_fetch_add(&n, 1, __ATOMIC_RELAXED);
  if (thread == 0)
    thread = __atomic_add_fetch(&threads, 1, __ATOMIC_RELAXED);
  if (i < MAX_EVENTS) {
    events[i].addr = addr;
    events[i].site = site;
    events[i].thread = thread;
  }
}

__attribute__((destructor)) static void dump(void) {
  FILE *f = stderr;
  for (unsigned t = 1; t <= threads; t++)
    for (uint64_t i = 0; i < n && i < MAX_EVENTS; i++) {
      const struct ptrhook_site *s = events[i].site;
      if (events[i].thread != t)
        continue;
      fprintf(f, "%u %s %s:%u:%u %s ", t,
              ptrhook_kind_name(ptrhook_site_kind(s)), ptrhook_site_file(s),
              ptrhook_site_line(s), ptrhook_site_column(s),
              ptrhook_site_function(s));
      if (events[i].addr - ARENA < ARENA_SIZE)
        fprintf(f, "%#llx\n", (unsigned long long)events[i].addr);
      else
        fputs("outside\n", f);
    }
  fprintf(f, "%llu events\n", (unsigned long long)n);
}
