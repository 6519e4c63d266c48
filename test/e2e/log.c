// Checks PTRHOOK_OPTIONS=log=1: every event is printed as it happens, with
// the address the program itself sees.
// RUN: %clang -O2 -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=log=1 %t 2>&1 | FileCheck %s
// The load of `stderr` for the first fprintf:
// CHECK: ptrhook: 0x{{[0-9a-f]+}}
// CHECK-NEXT: object at [[ADDR:0x[0-9a-f]+]]
// The asm result inside identity(), then the call's result in main():
// CHECK-NEXT: ptrhook: [[ADDR]]
// CHECK-NEXT: ptrhook: [[ADDR]]
// The load of `stderr` for the second fprintf:
// CHECK-NEXT: ptrhook: 0x{{[0-9a-f]+}}
// CHECK-NEXT: done
// CHECK-NOT: ptrhook:
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void *identity(void *p) {
  __asm__ volatile("" : "+r"(p));
  return p;
}

int main(void) {
  static int object;
  fprintf(stderr, "object at %p\n", (void *)&object);
  void *p = identity(&object); // a call returning a pointer: one event
  fprintf(stderr, "done\n");
  return p == &object ? 0 : 1;
}
