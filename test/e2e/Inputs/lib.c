/* A shared library built with ptrhook: lib_walk() creates pointers inside
 * the DSO, reported to whichever runtime is active in the process. */
#include <stddef.h>

struct lnode {
  struct lnode *next;
  long v;
};

static struct lnode lnodes[50];

__attribute__((visibility("default"))) long lib_walk(void) {
  for (int i = 0; i < 50; i++) {
    lnodes[i].v = i;
    lnodes[i].next = i + 1 < 50 ? &lnodes[i + 1] : NULL;
  }
  long s = 0;
  for (struct lnode *n = &lnodes[0]; n; n = n->next)
    s += n->v;
  return s;
}
