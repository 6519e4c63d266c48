// Checks exact per-thread counting with pthreads: 8 threads walk the list
// concurrently, each sees exactly its own events, threads that exited are
// folded into the total, and the summary agrees with the total.
// RUN: %clang -O2 -pthread -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=1 %t 2>&1 | FileCheck %s
// CHECK-COUNT-8: thread walk-events=300
// CHECK: main+threads consistent=1 total=[[T:[0-9]+]]
// CHECK: ptrhook: [[T]] events in 9 threads
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

#define NODES 100
#define THREADS 8
struct node {
  struct node *next;
  long v;
};
static struct node nodes[NODES];
static uint64_t per_thread[THREADS];

__attribute__((noinline)) long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

static void *worker(void *arg) {
  long i = (long)(intptr_t)arg;
  uint64_t before = ptrhook_thread_events();
  walk(&nodes[0]);
  per_thread[i] = ptrhook_thread_events() - before;
  return NULL;
}

int main(void) {
  FILE *out = stdout; /* loaded (one event) before the total is taken */
  pthread_t t[THREADS];
  for (int i = 0; i < NODES; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : NULL;
  }
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < THREADS; i++)
    fprintf(out, "thread walk-events=%llu\n", (unsigned long long)per_thread[i]);
  // Every worker has exited: its count now lives in the total.
  uint64_t total = ptrhook_total_events();
  uint64_t mine = ptrhook_thread_events();
  uint64_t workers = total - mine;
  /* (No pointer select here: it would be one more event after `total`.) */
  fprintf(out, "main+threads consistent=%d total=%llu\n",
          workers >= THREADS * 300, (unsigned long long)total);
  fflush(out);
  return 0;
}
