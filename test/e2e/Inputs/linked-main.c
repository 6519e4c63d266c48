/* An instrumented executable linked against an instrumented DSO: both report
 * to the executable's runtime; the DSO's copy of the runtime stays silent. */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

long lib_walk(void);

int main(void) {
  FILE *out = stdout; /* loaded (one event) before the total is taken */
  uint64_t before = ptrhook_thread_events();
  long s = lib_walk();
  uint64_t in_lib = ptrhook_thread_events() - before;
  /* No pointer select here: it would be one more event after the total. */
  fprintf(out, "lib_walk=%ld lib-events-nonzero=%d total=%llu\n", s,
          in_lib > 0, (unsigned long long)ptrhook_total_events());
  fflush(out);
  return 0;
}
