/* A deterministic list walk whose hook events can be counted by hand.
 * walk() runs over NODES statically allocated nodes; the caller measures the
 * events reported by this thread while walk() runs.  Expected counts (kinds
 * at their defaults, so all-zero GEPs such as &n->next are not reported):
 *   -O0: allocas n.addr, s (2) + per node: load n for the loop test, load n
 *        and GEP &n->v for s += n->v, load n and load n->next (5) + the final
 *        loop test (1)                                  = 2 + 5*100 + 1 = 503
 *   -O2: per node: phi n, GEP &n->v, load n->next (3)   = 3*100         = 300
 */
#include <stdio.h>
#include <stdint.h>

#include "ptrhook.h"

#define NODES 100

struct node {
  struct node *next;
  long v;
};

static struct node nodes[NODES];

#ifndef WALK_ATTRS
#define WALK_ATTRS
#endif

WALK_ATTRS __attribute__((noinline)) long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}

int main(void) {
  FILE *out = stdout; /* loaded (one event) before the counts are taken */
  for (int i = 0; i < NODES; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : NULL;
  }
  uint64_t before = ptrhook_thread_events();
  long s = walk(&nodes[0]);
  uint64_t after = ptrhook_thread_events();
  uint64_t total = ptrhook_total_events();
  fprintf(out, "sum=%ld walk-events=%llu total=%llu\n", s,
         (unsigned long long)(after - before), (unsigned long long)total);
  /* The runtime's summary is written from a destructor, before exit()
   * flushes stdio: flush so the two appear in program order. */
  fflush(out);
  return 0;
}
