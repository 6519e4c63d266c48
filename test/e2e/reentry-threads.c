// Checks that the re-entry guard is per thread: while one thread is inside
// the hook (blocked there), another thread's events are delivered to the
// hook, as many as it gets once the first one has left; none is dropped.
// RUN: %ptrhook_cc -O2 -pthread %s -o %t
// RUN: %t 2>&1 | FileCheck %s
// RUN: %ptrhook_cc -O0 -pthread %s -o %t.O0
// RUN: %t.O0 2>&1 | FileCheck %s
// CHECK: while inside: [[N:[1-9][0-9]*]] events, after: [[N]] events
// CHECK-NOT: ptrhook:
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define MAGIC ((uintptr_t)0x5eed)

// volatile: the optimizer runs before instrumentation, and would take walk()
// for a function that leaves the counter alone.
static _Thread_local volatile uint64_t mine;
static atomic_int inside, release;

void __injected_hook(uintptr_t addr) {
  mine++;
  if (addr == MAGIC) {
    atomic_store(&inside, 1);
    while (!atomic_load(&release))
      ;
  }
}

struct node {
  struct node *next;
  long v;
};
static struct node nodes[100];
static volatile long sink;

__attribute__((noinline)) long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

__attribute__((noinline)) static uint64_t events_of_walk(void) {
  uint64_t before = mine;
  sink = walk(nodes); // used: a pure call would be removed
  return mine - before;
}

static void *stay_inside(void *arg) {
  (void)arg;
  __injected_hook(MAGIC); /* returns once main releases it */
  return NULL;
}

int main(void) {
  pthread_t t;
  for (int i = 0; i < 100; i++)
    nodes[i].next = i + 1 < 100 ? &nodes[i + 1] : NULL;
  pthread_create(&t, NULL, stay_inside, NULL);
  while (!atomic_load(&inside))
    ;
  uint64_t during = events_of_walk();
  atomic_store(&release, 1);
  pthread_join(t, NULL);
  uint64_t after = events_of_walk();
  printf("while inside: %llu events, after: %llu events\n",
         (unsigned long long)during, (unsigned long long)after);
  return 0;
}
