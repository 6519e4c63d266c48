/* The program of mode-mix.test: walks a list of its own, then loads the
 * instrumented DSO named by argv[1] with dlopen and calls its lib_walk().
 * Built as is whether or not the DSO is also linked in (dlopen then returns
 * the copy already loaded), so that its own events are the same in every
 * pairing of modes.  Prints the DSO's events (the process total's growth
 * across the call) and the total, which the summary must repeat. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

struct node {
  struct node *next;
  long v;
};

static struct node nodes[30];

int main(int argc, char **argv) {
  FILE *out = stdout; /* loaded (one event) before the total is taken */
  long s = 0;

  if (argc < 2)
    return 2;
  for (int i = 0; i < 30; i++) {
    nodes[i].v = i;
    nodes[i].next = i + 1 < 30 ? &nodes[i + 1] : NULL;
  }
  for (struct node *n = &nodes[0]; n; n = n->next)
    s += n->v;
  void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  long (*walk)(void) = (long (*)(void))dlsym(h, "lib_walk");
  if (!walk)
    return 1;
  uint64_t before = ptrhook_total_events();
  s += walk();
  uint64_t lib = ptrhook_total_events() - before;
  fprintf(out, "sum=%ld lib-events=%llu total=%llu\n", s,
          (unsigned long long)lib,
          (unsigned long long)ptrhook_total_events());
  fflush(out);
  return 0;
}
