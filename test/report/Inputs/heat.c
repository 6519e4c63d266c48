/* heat.c - a deterministic program for ptrhook-report's tests: pointers
 * into its stack (local), the heap (buf), its globals (table, slots) and
 * null, in loops of known trip counts, and a function it never calls.
 * Built at -O0 so that LLVM 14 and 22 give it the same hook sites. */
#include <stdlib.h>

char table[64];
char *slots[8];

static char *pick(char *base, int i) { return base + i; }

int never_called(char *p) { return p[3]; }

int main(int argc, char **argv) {
  char local[16];
  char *buf = malloc(32);
  char *none = NULL;
  int sum = 0;

  for (int i = 0; i < 100; i++)
    sum += *pick(table, i % 64);
  for (int i = 0; i < 16; i++)
    local[i] = (char)i;
  for (int i = 0; i < 8; i++)
    slots[i] = buf + i;
  for (int i = 0; i < 4; i++)
    sum += none == slots[i];
  if (argc > 5)
    sum += never_called(argv[0]);
  free(buf);
  return sum + local[3] == 3 ? 0 : 1;
}
