#include <stdio.h>

int main(int argc, char **argv) {
  printf("hello, %s\n", argc > 1 ? argv[1] : "nobody");
  fflush(stdout); /* before the runtime's summary, written from a destructor */
  return 0;
}
