/* Run-time control: walks (300 events each) with the recording switched
 * off and on from the main thread, seen by main and by a worker thread
 * that waits between its walks.  Prints what each walk counted. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"
#include "walk.h"

static pthread_barrier_t step;
static uint64_t worker_seen[3];

/* One walk, and what this thread counted for it. */
PTRHOOK_NO_INSTRUMENT static uint64_t counted_walk(void) {
  uint64_t before = ptrhook_thread_events();
  walk_once();
  return ptrhook_thread_events() - before;
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) {
    pthread_barrier_wait(&step); /* main changed the state */
    worker_seen[i] = counted_walk();
    pthread_barrier_wait(&step);
  }
  return NULL;
}

PTRHOOK_NO_INSTRUMENT int main(void) {
  pthread_t t;
  uint64_t seen[3];

  walk_init();
  pthread_barrier_init(&step, NULL, 2);
  pthread_create(&t, NULL, worker, NULL);
  /* as started */
  seen[0] = counted_walk();
  pthread_barrier_wait(&step);
  pthread_barrier_wait(&step);
  ptrhook_disable();
  seen[1] = counted_walk();
  pthread_barrier_wait(&step);
  pthread_barrier_wait(&step);
  ptrhook_enable();
  seen[2] = counted_walk();
  pthread_barrier_wait(&step);
  pthread_barrier_wait(&step);
  pthread_join(t, NULL);
  printf("main: start=%llu disabled=%llu enabled=%llu is_enabled=%d\n",
         (unsigned long long)seen[0], (unsigned long long)seen[1],
         (unsigned long long)seen[2], ptrhook_is_enabled());
  printf("worker: start=%llu disabled=%llu enabled=%llu\n",
         (unsigned long long)worker_seen[0], (unsigned long long)worker_seen[1],
         (unsigned long long)worker_seen[2]);
  fflush(stdout);
  return 0;
}
