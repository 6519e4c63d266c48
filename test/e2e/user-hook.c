// Checks that a program's own strong __injected_hook replaces the runtime's
// weak one (linked or not), receives every event, and is not instrumented
// itself (no recursion); with the runtime, the guard around it drops
// nothing (no message).
// RUN: %clang -O2 -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=1 %t 2>&1 | FileCheck %s --check-prefixes=CHECK,RT
// Without the runtime: the hook compiled without the re-entry guard, whose
// state the runtime holds.
// RUN: %clang_plugin -O2 -mllvm -ptrhook-reentry-guard=false %s -o %t.nort
// RUN: %t.nort 2>&1 | FileCheck %s
// Two allocas (x is volatile, slot escapes), and two events per identity()
// call: its inline-asm result inside, and the call's result outside.
// CHECK: user hook saw 8 events, last = stack slot
// The runtime (linked for the guard's state) counted none of them.
// RT-NEXT: ptrhook: 0 events in 0 threads
// CHECK-NOT: ptrhook:
#include <stdint.h>
#include <stdio.h>

static uint64_t seen;
static uintptr_t last;

void __injected_hook(uintptr_t addr) {
  uintptr_t local = addr; // an alloca here would recurse if instrumented
  seen++;
  last = local;
}

__attribute__((noinline)) void *identity(void *p) {
  __asm__ volatile("" : "+r"(p));
  return p;
}

int main(void) {
  int slot;
  volatile int x = 0;
  identity((void *)&x);
  identity((void *)&x);
  identity(&slot);
  printf("user hook saw %llu events, last = %s\n", (unsigned long long)seen,
         last == (uintptr_t)&slot ? "stack slot" : "?");
  fflush(stdout);
  return 0;
}
