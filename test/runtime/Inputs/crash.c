/* Dies with events buffered on two threads: a worker walks once and waits
 * for ever; main walks once and then aborts (-DABORT), faults (-DSEGV) or
 * is killed (-DTERM). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "walk.h"

static pthread_barrier_t ready;

PTRHOOK_NO_INSTRUMENT static void *worker(void *arg) {
  (void)arg;
  walk_once();
  pthread_barrier_wait(&ready);
  for (;;)
    pause();
  return NULL;
}

PTRHOOK_NO_INSTRUMENT int main(void) {
  pthread_t t;
  walk_init();
  pthread_barrier_init(&ready, NULL, 2);
  pthread_create(&t, NULL, worker, NULL);
  walk_once();
  pthread_barrier_wait(&ready);
  printf("dying\n");
  fflush(stdout);
#if defined(ABORT)
  abort();
#elif defined(SEGV)
  *(volatile int *)(uintptr_t)walk_once() = 1; /* address 4950 */
#elif defined(TERM)
  kill(getpid(), SIGTERM);
#endif
  for (;;)
    pause();
}
