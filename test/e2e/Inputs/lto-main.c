/* First translation unit of the LTO tests: builds a heap list (calls to
 * malloc keep the loop scalar, so every pipeline reports the same pointers),
 * walks it 10 times through walk() from the other unit, which LTO inlines,
 * and prints the process total. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lto.h"
#include "ptrhook.h"

int main(void) {
  struct node *head = NULL;
  for (int i = 0; i < 100; i++) {
    struct node *n = malloc(sizeof *n);
    if (!n)
      return 1;
    n->v = i;
    n->next = head;
    head = n;
  }
  long s = 0;
  for (int r = 0; r < 10; r++)
    s += walk(head);
  printf("sum=%ld total=%llu\n", s,
         (unsigned long long)ptrhook_total_events());
  fflush(stdout);
  return 0;
}
