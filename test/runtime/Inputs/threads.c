/* THREADS threads each walk the list ROUNDS times (300 events per walk),
 * concurrently, then report what each counted; main adds the process
 * total.  Used by count and trace tests. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"
#include "walk.h"

#ifndef THREADS
#define THREADS 16
#endif
#ifndef ROUNDS
#define ROUNDS 3334 /* 1,000,200 events per thread */
#endif

static uint64_t per_thread[THREADS];
static pthread_barrier_t start;

static void *worker(void *arg) {
  long i = (long)(intptr_t)arg;
  long s = 0;
  pthread_barrier_wait(&start);
  uint64_t before = ptrhook_thread_events();
  for (int r = 0; r < ROUNDS; r++)
    s += walk_once();
  per_thread[i] = ptrhook_thread_events() - before;
  return (void *)(intptr_t)(s != 4950L * ROUNDS);
}

int main(void) {
  FILE *out = stdout; /* loaded (one event) before the total is taken */
  pthread_t t[THREADS];
  int bad = 0;
  walk_init();
  pthread_barrier_init(&start, NULL, THREADS);
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    bad |= r != NULL;
  }
  uint64_t sum = 0;
  for (int i = 0; i < THREADS; i++) {
    fprintf(out, "thread events=%llu\n", (unsigned long long)per_thread[i]);
    sum += per_thread[i];
  }
  fprintf(out, "workers=%llu main=%llu total=%llu bad=%d\n", (unsigned long long)sum,
         (unsigned long long)ptrhook_thread_events(),
         (unsigned long long)ptrhook_total_events(), bad);
  fflush(out);
  return bad;
}
