/* A tracing hook for the hook= tests (site ABI): every event's site and
 * address, in order, printed at exit as
 *   <kind> <file>:<line>:<column> <function> <address>
 * with addresses outside the arena of Inputs/elide-prog.c shown as
 * "outside" (they depend on the build: stack frames, code).  The events are
 * printed thread by thread, threads numbered in the order of their first
 * event: at -O0 the main thread reloads a pointer between pthread_create
 * and pthread_join, and where that event falls among the new thread's is
 * up to the scheduler.  Each thread's own events are in order. */
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
static unsigned nthreads;
static _Thread_local unsigned thread_plus_1; /* 0: no event yet */

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  uint64_t i = __atomic_fetch_add(&n, 1, __ATOMIC_RELAXED);
  if (thread_plus_1 == 0)
    thread_plus_1 = __atomic_add_fetch(&nthreads, 1, __ATOMIC_RELAXED);
  if (i < MAX_EVENTS) {
    events[i].addr = addr;
    events[i].site = site;
    events[i].thread = thread_plus_1 - 1;
  }
}

__attribute__((destructor)) static void dump(void) {
  FILE *f = stderr;
  for (unsigned t = 0; t < nthreads; t++) {
    for (uint64_t i = 0; i < n && i < MAX_EVENTS; i++) {
      const struct ptrhook_site *s = events[i].site;
      if (events[i].thread != t)
        continue;
      fprintf(f, "%s %s:%u:%u %s ", ptrhook_kind_name(s->kind), s->file,
              s->line, s->column, s->function);
      if (events[i].addr - ARENA < ARENA_SIZE)
        fprintf(f, "%#llx\n", (unsigned long long)events[i].addr);
      else
        fputs("outside\n", f);
    }
  }
  fprintf(f, "%llu events\n", (unsigned long long)n);
}
