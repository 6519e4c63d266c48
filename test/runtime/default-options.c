// Checks a program's own __ptrhook_default_options(): applied before
// PTRHOOK_OPTIONS, which wins over it; a malformed default is an error
// naming its source.
// RUN: %clang -O0 -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: env PTRHOOK_OPTIONS=summary=0 %t 2>&1 | FileCheck %s --check-prefix=ENV
// RUN: %clang -O0 -DBAD -fpass-plugin=%plugin %s %rtlib -o %t.bad
// RUN: not %t.bad 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: main ran
// CHECK: ptrhook: {{[0-9]+}} events in 1 thread
// ENV: main ran
// ENV-NOT: ptrhook:
// BAD: ptrhook: error: option 'mode' expects one of count, trace, log, off, got 'fast' in __ptrhook_default_options()
// BAD-NOT: main ran
#include <stdio.h>

#include "ptrhook.h"

const char *__ptrhook_default_options(void) {
#ifdef BAD
  return "summary=1:mode=fast";
#else
  return "summary=1:mode=count";
#endif
}

int main(void) {
  printf("main ran\n");
  fflush(stdout);
  return 0;
}
