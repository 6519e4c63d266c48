/* A program whose hook records every address in a set (reentry-set.c,
 * which may be built with ptrhook) and counts the events it receives. */
#include <stdint.h>
#include <stdio.h>

int set_insert(uintptr_t key);

static uint64_t delivered, distinct;

void __injected_hook(uintptr_t addr) {
  delivered++;
  distinct += (uint64_t)set_insert(addr);
}

struct node {
  struct node *next;
  long v;
};
static struct node nodes[100];

__attribute__((noinline)) long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

int main(void) {
  for (int i = 0; i < 100; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < 100 ? &nodes[i + 1] : NULL;
  }
  long s = 0;
  for (int r = 0; r < 10; r++)
    s += walk(nodes);
  printf("sum=%ld delivered=%llu distinct=%llu\n", s,
         (unsigned long long)delivered, (unsigned long long)distinct);
  return 0;
}
