/* Link-time tests: an instrumented unit calling into an uninstrumented one. */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

long foreign_walk(void);

int main(void) {
  FILE *out = stdout;
  uint64_t before = ptrhook_thread_events();
  long s = foreign_walk();
  uint64_t in_foreign = ptrhook_thread_events() - before;
  fprintf(out, "s=%ld foreign-events=%llu\n", s, (unsigned long long)in_foreign);
  fflush(out);
  return 0;
}
