/* Four events at -O0: allocas retval, x, p, and the load of p. */
#include <stdio.h>
int main(void) {
  int x;
  int *p = &x;
  printf("ran %d\n", *&p != 0);
  return 0;
}
