/* A program for the elide-const-geps equivalence tests: field and element
 * accesses through loaded pointers (lists, a tree, a table of records),
 * chains of constant offsets, recursion, a call through a function pointer,
 * and two threads run one after the other.
 *
 * All its data lives in an arena mapped at a fixed address and it takes no
 * address of a local, so that the addresses it reports are the same in
 * builds whose code (and so whose stack frames, data and heap placement)
 * differ: the instrumented build with every GEP reported and the one with
 * constant-offset GEPs elided must produce the same event stream. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define ARENA ((void *)0x3a0000000000ull)
#define ARENA_SIZE (1u << 22)

static char *arena_top, *arena_end;

__attribute__((noinline)) static void *take(size_t n) {
  char *p = arena_top;
  n = (n + 15) & ~(size_t)15;
  if ((size_t)(arena_end - p) < n)
    abort();
  arena_top = p + n;
  return p;
}

struct rec {
  int32_t id;
  int64_t weight;
  struct rec *next;
  struct { int16_t lo, hi; int32_t pad[3]; } range[3];
  char tag[12];
};

struct tree {
  int key;
  struct tree *kid[2];
  int64_t sum;
};

static struct tree *insert(struct tree *t, int key) {
  if (t == NULL) {
    t = take(sizeof *t);
    t->key = key;
    t->kid[0] = t->kid[1] = NULL;
    t->sum = key;
    return t;
  }
  t->sum += key;
  t->kid[key > t->key] = insert(t->kid[key > t->key], key);
  return t;
}

static int64_t depth_sum(const struct tree *t, int depth) {
  if (t == NULL)
    return 0;
  return t->sum * depth + depth_sum(t->kid[0], depth + 1) +
         depth_sum(t->kid[1], depth + 1);
}

static int64_t score(const struct rec *r) {
  return r->weight + r->range[1].hi - r->range[2].lo + r->tag[3];
}

static int64_t walk(const struct rec *r, int64_t (*f)(const struct rec *)) {
  int64_t s = 0;
  for (; r != NULL; r = r->next)
    s += f(r) + r->range[0].pad[2] + r->id;
  return s;
}

struct job {
  int n;
  int64_t result;
};

static void *work(void *arg) {
  struct job *j = arg;
  struct rec *head = NULL;
  struct tree *t = NULL;
  unsigned x = (unsigned)j->n * 2654435761u;

  for (int i = 0; i < j->n; i++) {
    struct rec *r = take(sizeof *r);
    x = x * 1103515245u + 12345u;
    r->id = i;
    r->weight = (int64_t)(x >> 8) % 1000;
    for (int k = 0; k < 3; k++) {
      r->range[k].lo = (int16_t)(i - k);
      r->range[k].hi = (int16_t)(i + k);
      r->range[k].pad[2] = k;
    }
    for (int k = 0; k < 12; k++)
      r->tag[k] = (char)('a' + (i + k) % 26);
    r->next = head;
    head = r;
    t = insert(t, (int)(x >> 16) % 997);
  }
  j->result = walk(head, score) + depth_sum(t, 1);
  return NULL;
}

int main(void) {
  pthread_t *th;
  struct job *jobs;

  if (mmap(ARENA, ARENA_SIZE, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != ARENA)
    return 2;
  arena_top = ARENA;
  arena_end = arena_top + ARENA_SIZE;
  jobs = take(3 * sizeof *jobs);
  th = take(sizeof *th);
  jobs[0].n = 300;
  work(&jobs[0]);
  for (int i = 1; i < 3; i++) { /* one at a time: thread numbers are fixed */
    jobs[i].n = 100 * i;
    if (pthread_create(th, NULL, work, &jobs[i]) != 0 ||
        pthread_join(*th, NULL) != 0)
      return 3;
  }
  printf("%lld %lld %lld\n", (long long)jobs[0].result,
         (long long)jobs[1].result, (long long)jobs[2].result);
  return 0;
}
