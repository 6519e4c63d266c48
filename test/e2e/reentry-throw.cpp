// Checks that an exception leaving a C++ hook clears the re-entry guard on
// its way out: after the hook threw (called directly, caught by main), the
// thread's events reach the hook again, as many as before the throw.
// RUN: %ptrhook_cxx -O2 %s -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: %ptrhook_cxx -O0 %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// CHECK: caught: bad address
// CHECK-NEXT: before: [[N:[1-9][0-9]*]] events, after: [[N]] events
// CHECK-NOT: ptrhook:
#include <cstdint>
#include <cstdio>
#include <stdexcept>

static const uintptr_t Bad = 0xbad;
// volatile: the optimizer runs before instrumentation, and would take walk()
// for a function that leaves the counter alone.
static volatile uint64_t seen;

extern "C" void __injected_hook(uintptr_t addr) {
  if (addr == Bad)
    throw std::runtime_error("bad address");
  seen++;
}

struct node {
  node *next;
  long v;
};
static node nodes[100];
static volatile long sink;

__attribute__((noinline)) long walk(node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

__attribute__((noinline)) static uint64_t events_of_walk() {
  uint64_t before = seen;
  sink = walk(nodes); // used: a pure call would be removed
  return seen - before;
}

int main() {
  for (int i = 0; i < 100; i++)
    nodes[i].next = i + 1 < 100 ? &nodes[i + 1] : nullptr;
  uint64_t before = events_of_walk();
  try {
    __injected_hook(Bad);
  } catch (const std::exception &e) {
    std::printf("caught: %s\n", e.what());
  }
  uint64_t after = events_of_walk();
  std::printf("before: %llu events, after: %llu events\n",
              (unsigned long long)before, (unsigned long long)after);
  return 0;
}
