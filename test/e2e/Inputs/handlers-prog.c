/* A known sequence of allocations, pointer stores and frees, for
 * test/e2e/handlers-heap.test and test/e2e/handlers-runtime.test: two
 * allocations, three pointers stored into them, two frees. */
#include <stdio.h>
#include <stdlib.h>

struct node {
  struct node *next;
  long v;
};

/* Walks n nodes. */
__attribute__((noinline)) static long sum(struct node *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++, p = p->next)
    s += p->v;
  return s;
}

int main(void) {
  struct node *a = malloc(sizeof *a);      /* line 21: alloc 0, 16 bytes */
  struct node *b = calloc(2, sizeof *b);   /* line 22: alloc 1, 32 bytes */
  a->v = 1;
  a->next = b;                             /* store 1+0 into 0+0 */
  b->v = 2;
  b->next = &b[1];                         /* store 1+16 into 1+0 */
  b[1].v = 3;
  b[1].next = a;                           /* store 0+0 into 1+16 */
  printf("sum=%ld\n", sum(a, 3));
  free(b);
  free(a);
  return 0;
}
