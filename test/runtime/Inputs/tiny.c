/* Four events at -O0: allocas retval, x, p, and the load of p.  (The
 * load of stdout for fflush is the fifth.) */
#include <stdio.h>
int main(void) {
  int x;
  int *p = &x;
  printf("ran %d\n", *&p != 0);
  fflush(stdout); /* before the runtime's summary, even into a pipe */
  return 0;
}
