// Checks a program's own register-preserving hook: declared with
// PTRHOOK_PRESERVE_MOST (ptrhook.h), it replaces the runtime's, receives
// every address (here: counted when inside `cells`), and may call C code
// that clobbers registers (fprintf) without disturbing its callers.
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-cc=preserve_most %s %rtlib -o %t
// RUN: %t | FileCheck %s
// The same program with the plain C hook counts the same.
// RUN: %clang -O2 -DPLAIN -fpass-plugin=%plugin %s %rtlib -o %t.plain
// RUN: %t.plain | FileCheck %s
// CHECK: in-cells=1000 sum=499500
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

static long cells[1000];
/* volatile: the pass runs after the optimizer, which does not know that
 * the hook calls in sum() change it. */
static volatile unsigned long in_cells;

#ifdef PLAIN
void __injected_hook(uintptr_t a)
#else
PTRHOOK_PRESERVE_MOST void __injected_hook_preserve_most(uintptr_t a)
#endif
{
  if (a >= (uintptr_t)cells && a < (uintptr_t)(cells + 1000))
    in_cells++;
  else if (a == 0)
    fprintf(stderr, "null\n"); /* a real call, never taken */
}

__attribute__((noinline)) static long sum(long *p, long n) {
  long s = 0;
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (long i = 0; i < n; i++)
    s += p[i]; /* one GEP event per element */
  return s;
}

int main(void) {
  for (long i = 0; i < 1000; i++)
    cells[i] = i;
  in_cells = 0;
  long s = sum(cells, 1000);
  printf("in-cells=%lu sum=%ld\n", in_cells, s);
  return 0;
}
