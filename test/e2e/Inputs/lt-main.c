/* Link-time tests, first unit.  Each iteration calls nth() from the other
 * unit.  Instrumented at compile time, an iteration reports two pointers:
 * the GEP inside nth() and the pointer nth() returns.  Instrumented inside
 * the linker, after LTO inlined nth(), only the GEP is left: one. */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

volatile long *nth(volatile long *base, long i);
static volatile long arr[16];

int main(void) {
  FILE *out = stdout;
  long acc = 0;
  uint64_t before = ptrhook_thread_events();
  for (int r = 0; r < 1000; r++)
    acc += *nth(arr, r % 16);
  uint64_t loop = ptrhook_thread_events() - before;
  fprintf(out, "acc=%ld loop-events=%llu\n", acc, (unsigned long long)loop);
  fflush(out);
  return 0;
}
