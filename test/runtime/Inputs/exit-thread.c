/* exit() from a secondary thread: main walks once and blocks in
 * pthread_join; the worker walks twice and calls exit(0). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "walk.h"

static pthread_barrier_t ready;

PTRHOOK_NO_INSTRUMENT static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&ready);
  walk_once();
  walk_once();
  printf("worker exits\n");
  fflush(stdout);
  exit(0);
}

PTRHOOK_NO_INSTRUMENT int main(void) {
  pthread_t t;
  walk_init();
  pthread_barrier_init(&ready, NULL, 2);
  pthread_create(&t, NULL, worker, NULL);
  walk_once();
  pthread_barrier_wait(&ready);
  pthread_join(t, NULL);
  return 1;
}
