/* A hook file (-fptrhook-hook=FILE) whose hook records every address in a
 * set of the program (reentry-set.c, built with ptrhook), through a
 * function of its own that walks a list of its own: the hook file's code
 * must stay uninstrumented, and the hook gets the re-entry guard. */
#include <stdint.h>
#include <stdio.h>

int set_insert(uintptr_t key);

struct seen {
  struct seen *next;
  uint64_t n;
};
static struct seen first, second = {&first, 0};
static uint64_t distinct;

__attribute__((noinline)) static void note(uintptr_t addr) {
  for (struct seen *s = &second; s != NULL; s = s->next)
    s->n++;
  distinct += (uint64_t)set_insert(addr);
}

void __injected_hook(uintptr_t addr) { note(addr); }

__attribute__((destructor)) static void bye(void) {
  fprintf(stderr, "hook: %llu events\n", (unsigned long long)first.n);
}
