/* Calls lib_walk() of a linked DSO; uses no runtime API, so an executable
 * with its own hook links no runtime. */
#include <stdio.h>

long lib_walk(void);

int main(void) {
  printf("main ran: lib_walk=%ld\n", lib_walk());
  return 0;
}
