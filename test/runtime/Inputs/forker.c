/* fork() with events buffered on both sides: the parent walks once, forks,
 * and walks again; the child walks twice and exits. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "walk.h"

PTRHOOK_NO_INSTRUMENT int main(void) {
  walk_init();
  walk_once();
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    walk_once();
    walk_once();
    printf("child=%d events=%llu\n", (int)getpid(),
           (unsigned long long)ptrhook_thread_events());
    return 0;
  }
  int status;
  waitpid(child, &status, 0);
  walk_once();
  printf("parent=%d events=%llu\n", (int)getpid(),
         (unsigned long long)ptrhook_thread_events());
  return status;
}
