#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  char *best = NULL;
  for (int i = 1; i < argc; i++)
    if (!best || strlen(argv[i]) > strlen(best)) {
      free(best);
#ifdef HAVE_STRDUP
      best = strdup(argv[i]);
#else
      best = malloc(strlen(argv[i]) + 1);
      strcpy(best, argv[i]);
#endif
    }
  printf("longest: %s\n", best ? best : "");
  free(best);
  return 0;
}
