/* A storm of SIGALRM (ITIMER_REAL is hrtimer-driven: every 50 us) whose
 * handler runs instrumented code (a walk) while main walks too: handlers
 * land in the middle of the runtime's appends and buffer writes.  The
 * handler stops the timer after MAX_HANDLED calls, so that a slow handler
 * cannot starve main.  Prints how many events there must be. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "walk.h"

#define MAX_HANDLED 300
static volatile sig_atomic_t handled;

PTRHOOK_NO_INSTRUMENT static void on_alarm(int sig) {
  static const struct itimerval off = {{0, 0}, {0, 0}};
  (void)sig;
  walk_once();
  if (++handled == MAX_HANDLED)
    setitimer(ITIMER_REAL, &off, NULL);
}

PTRHOOK_NO_INSTRUMENT int main(void) {
  struct sigaction sa;
  struct itimerval every = {{0, 50}, {0, 50}}, off = {{0, 0}, {0, 0}};
  long walks = 5000;

  walk_init();
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  setitimer(ITIMER_REAL, &every, NULL);
  for (long i = 0; i < walks; i++)
    walk_once();
  setitimer(ITIMER_REAL, &off, NULL);
  /* A signal may still be pending after the timer stopped (a handler that
   * ran longer than the period): block it, then read `handled` once and the
   * count, so that no handler runs between the two reads. */
  sigset_t alrm;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, NULL);
  int h = handled;
  unsigned long long counted = ptrhook_thread_events();
  printf("handled=%d expected=%llu counted=%llu\n", h,
         (unsigned long long)(300 * (walks + h)), counted);
  fflush(stdout);
  return h == 0; /* the storm must have happened */
}
