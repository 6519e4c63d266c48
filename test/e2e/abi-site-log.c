// Checks the runtime's default site-aware hook: it counts like the plain one,
// and PTRHOOK_OPTIONS=log=1 prints each event with its kind, file:line:column
// and function.
// RUN: %clang -O2 -g -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %s %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=log=1:summary=1 %t 2>&1 | FileCheck %s
#include <stdio.h>

__attribute__((noinline)) void *identity(void *p) {
  __asm__ volatile("" : "+r"(p));
  return p;
}

int main(void) {
  static int object;
  return identity(&object) == &object ? 0 : 1;
}
// CHECK: ptrhook: 0x{{[0-9a-f]+}} call {{.*}}abi-site-log.c:9:3 identity
// CHECK: ptrhook: 0x{{[0-9a-f]+}} call {{.*}}abi-site-log.c:15:10 main
// CHECK: ptrhook: 2 events in 1 thread
