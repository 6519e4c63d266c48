/* Micro workloads for runtime-micro.sh: `runtime-micro WORKLOAD N` runs
 * workload WORKLOAD (gep, chase, alloc) for N rounds and prints a checksum,
 * so that every build variant can be checked to compute the same thing.
 *
 *   gep    walk an array of structs, summing one field: a GEP per element
 *   chase  follow a shuffled singly linked ring (L1/L2-resident): a load of
 *          a pointer per step
 *   alloc  malloc/fill/free small blocks: call results, GEPs, loads
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
  long a, b;
};
struct node {
  struct node *next;
  long v;
};

/* -DHAND_COUNT: the floor of inline counting, a thread-local counter
 * incremented by hand, by as many events as the pass reports per iteration
 * at -O2 (gep: phi, asm result and two GEPs per element; chase: a load and
 * a GEP per step; alloc: the call, two GEPs and a load per round). */
#ifdef HAND_COUNT
__attribute__((used, tls_model("local-exec"))) _Thread_local uint64_t hand_count;
#define HAND(n) (hand_count += (n))
#else
#define HAND(n) ((void)0)
#endif

#define ITEMS 4096
#define NODES 4096

static struct item items[ITEMS];
static struct node nodes[NODES];

/* noinline + an opaque pointer keep the loops from being folded away. */
__attribute__((noinline)) static long gep(struct item *base, long rounds) {
  long s = 0;
  for (long r = 0; r < rounds; r++)
    for (struct item *p = base; p != base + ITEMS; p++) {
      __asm__ volatile("" : "+r"(p));
      HAND(4);
      s += p->b;
    }
  return s;
}

__attribute__((noinline)) static long chase(struct node *n, long steps) {
  long s = 0;
  for (long i = 0; i < steps; i++) {
    HAND(2);
    s += n->v;
    n = n->next;
  }
  return s;
}

__attribute__((noinline)) static long alloc(long rounds) {
  long s = 0;
  void *keep[16] = {0};
  for (long r = 0; r < rounds; r++) {
    long *p = malloc(64);
    HAND(4);
    if (p == NULL)
      abort();
    p[0] = r;
    p[7] = r * 3;
    s += p[0] + p[7];
    free(keep[r & 15]);
    keep[r & 15] = p;
  }
  for (int i = 0; i < 16; i++)
    free(keep[i]);
  return s;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s gep|chase|alloc ROUNDS\n", argv[0]);
    return 2;
  }
  long n = atol(argv[2]), s;
  unsigned x = 12345;
  for (int i = 0; i < ITEMS; i++)
    items[i].a = i, items[i].b = i * 7;
  /* A fixed-seed shuffle of the ring. */
  int perm[NODES];
  for (int i = 0; i < NODES; i++)
    perm[i] = i;
  for (int i = NODES - 1; i > 0; i--) {
    x = x * 1103515245u + 12345u;
    int j = (int)((x >> 8) % (unsigned)(i + 1)), t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (int i = 0; i < NODES; i++) {
    nodes[perm[i]].next = &nodes[perm[(i + 1) % NODES]];
    nodes[perm[i]].v = i;
  }
  if (!strcmp(argv[1], "gep"))
    s = gep(items, n);
  else if (!strcmp(argv[1], "chase"))
    s = chase(&nodes[0], n);
  else if (!strcmp(argv[1], "alloc"))
    s = alloc(n);
  else
    return 2;
  printf("%ld\n", s);
  return 0;
}
