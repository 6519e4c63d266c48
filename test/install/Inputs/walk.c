/* A list walk with a known number of hook events (the one of
 * test/e2e/Inputs/walk.c): walk() over 100 nodes reports 503 events at -O0
 * (2 allocas + 5 per node + 1), 300 at -O2 (phi, GEP, load per node), and
 * 2 with only allocas reported.  Includes ptrhook.h, as a user program
 * reading the runtime's counters would. */
#include <stdint.h>
#include <stdio.h>

#include <ptrhook.h>

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

int main(void) {
  FILE *out = stdout; /* loaded (one event) before the counts are taken */
  for (int i = 0; i < NODES; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : NULL;
  }
  uint64_t before = ptrhook_thread_events();
  long s = walk(nodes);
  uint64_t events = ptrhook_thread_events() - before;
  fprintf(out, "sum=%ld walk-events=%llu\n", s, (unsigned long long)events);
  fflush(out); /* before the runtime's summary, written from a destructor */
  return 0;
}
