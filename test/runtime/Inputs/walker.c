/* Walks the list WALKS times (default 1000: 300,000 events). */
#include <stdio.h>
#include <stdlib.h>

#include "walk.h"

PTRHOOK_NO_INSTRUMENT int main(int argc, char **argv) {
  long walks = argc > 1 ? atol(argv[1]) : 1000;
  walk_init();
  for (long i = 0; i < walks; i++)
    walk_once();
  printf("walked %ld\n", walks);
  fflush(stdout);
  return 0;
}
