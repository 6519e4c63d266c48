/* A hook marked PTRHOOK_REENTRANT: it records each address in a set
 * (reentry-set.c, built with ptrhook), whose events it receives too, while
 * it is less than REENTRY_LEVELS deep on its thread. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ptrhook.h"

int set_insert(uintptr_t key);

static uint64_t delivered;
static _Thread_local unsigned level;
static unsigned deepest, levels; /* levels: 0 until main sets it */

PTRHOOK_REENTRANT void __injected_hook(uintptr_t addr) {
  level++;
  if (level > deepest)
    deepest = level;
  delivered++;
  if (level < levels)
    set_insert(addr);
  level--;
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
  const char *env = getenv("REENTRY_LEVELS");
  for (int i = 0; i < 100; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < 100 ? &nodes[i + 1] : NULL;
  }
  levels = env ? (unsigned)atoi(env) : 1;
  long s = walk(nodes);
  printf("sum=%ld deepest=%u delivered=%llu\n", s, deepest,
         (unsigned long long)delivered);
  return 0;
}
