#include <stdio.h>

void greet(const char *who);
const char *pick_name(int argc, char **argv);

int main(int argc, char **argv) {
  greet(pick_name(argc, argv));
  fflush(stdout); /* before the runtime's summary, written from a destructor */
  return 0;
}
