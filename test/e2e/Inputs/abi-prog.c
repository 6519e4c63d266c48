/* A program for the ABI check's tests: it creates pointers (a list walk)
 * and uses no runtime API, so the runtime is linked only for the hooks
 * its modules call that the program does not define. */
#include <stdio.h>

struct item {
  struct item *next;
  long v;
};

static struct item items[64];

__attribute__((noinline)) static long total(struct item *it) {
  long s = 0;
  for (; it; it = it->next)
    s += it->v;
  return s;
}

int main(void) {
  for (int i = 0; i < 64; i++) {
    items[i].v = i;
    items[i].next = i + 1 < 64 ? &items[i + 1] : NULL;
  }
  printf("main ran: total=%ld\n", total(&items[0]));
  return 0;
}
