/* For sites-tcc.test: two instrumented functions, each in its own section
 * (-ffunction-sections), each with its own block of descriptors. */
#include <stdio.h>

void sites_report(void); /* sites-tcc-hook.c */

__attribute__((noinline)) int *dead(int *p, int i) { return p + i * 3; }
__attribute__((noinline)) int *live(int *p, int i) {
  int *q = p;
  return q + i;
}

int main(void) {
  int a[4] = {5, 6, 7, 8};
  printf("live %d\n", *live(a, 1));
  sites_report();
  return 0;
}
