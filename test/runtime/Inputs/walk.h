/* The hand-counted list walk of test/e2e/Inputs/walk.c, for the runtime's
 * tests: walk() over NODES nodes reports exactly 3 events per node at -O2
 * (phi n, GEP &n->v, load n->next; kinds phi, gep, load), 300 per call,
 * on every supported LLVM (test/e2e/count-per-kind.c checks the kinds). */
#ifndef WALK_H
#define WALK_H
#include "ptrhook.h"

#define NODES 100
struct node {
  struct node *next;
  long v;
};
static struct node nodes[NODES];

__attribute__((noinline)) long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

/* Link the nodes; not instrumented, so setup reports nothing. */
PTRHOOK_NO_INSTRUMENT static void walk_init(void) {
  for (int i = 0; i < NODES; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : 0;
  }
}

/* One walk of the whole list, which the optimizer cannot hoist out of a
 * loop (the head goes through an asm) and which reports nothing but
 * walk()'s 300 events (this function is not instrumented). */
PTRHOOK_NO_INSTRUMENT static long walk_once(void) {
  struct node *head = &nodes[0];
  __asm__ volatile("" : "+r"(head));
  return walk(head);
}
#endif
