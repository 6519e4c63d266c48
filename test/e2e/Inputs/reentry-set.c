/* A small hash set of addresses, as an analysis keeps its own: a library of
 * the program that its hook calls.  Built with ptrhook-cc, its pointer
 * instructions (the slot address, the chain walk) call the hook. */
#include <stdint.h>
#include <stdlib.h>

struct entry {
  struct entry *next;
  uintptr_t key;
};

#define BUCKETS 1024
static struct entry *buckets[BUCKETS];
static struct entry pool[1 << 16];
static unsigned used;

/* Adds `key`; returns 1 if it was new, 0 if present (or the pool is full). */
__attribute__((noinline)) int set_insert(uintptr_t key) {
  struct entry **slot = &buckets[(key >> 3) % BUCKETS];
  for (struct entry *e = *slot; e != NULL; e = e->next)
    if (e->key == key)
      return 0;
  if (used == sizeof pool / sizeof pool[0])
    return 0;
  struct entry *n = &pool[used++];
  n->key = key;
  n->next = *slot;
  *slot = n;
  return 1;
}
