/* example.c - the program tools/demo.sh instruments with ptrhook-cc.
 *
 * A small word-frequency counter: a hash table of heap-allocated entries,
 * a stack buffer, string functions returning pointers, and a global table.
 * Every pointer it creates (stack slots, heap blocks, element addresses,
 * loaded links, returned pointers) is reported to __injected_hook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
  struct entry *next;
  char *word;
  int count;
};

#define BUCKETS 64
static struct entry *table[BUCKETS];

static unsigned hash(const char *s) {
  unsigned h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h % BUCKETS;
}

static void add(const char *word) {
  struct entry **slot = &table[hash(word)];
  for (struct entry *e = *slot; e; e = e->next)
    if (strcmp(e->word, word) == 0) {
      e->count++;
      return;
    }
  struct entry *e = malloc(sizeof *e);
  if (!e || !(e->word = strdup(word)))
    exit(1);
  e->count = 1;
  e->next = *slot;
  *slot = e;
}

int main(void) {
  char text[] = "the quick brown fox jumps over the lazy dog the fox";
  for (char *w = strtok(text, " "); w; w = strtok(NULL, " "))
    add(w);

  const struct entry *best = NULL;
  for (int b = 0; b < BUCKETS; b++)
    for (const struct entry *e = table[b]; e; e = e->next)
      if (!best || e->count > best->count)
        best = e;
  printf("most frequent word: '%s' (%d times)\n", best->word, best->count);

  for (int b = 0; b < BUCKETS; b++)
    while (table[b]) {
      struct entry *e = table[b];
      table[b] = e->next;
      free(e->word);
      free(e);
    }
  return 0;
}
