/* Second translation unit of the LTO tests: walk() is inlined into main()
 * across translation units at link time under -flto. */
#include <stddef.h>
#include "lto.h"

long walk(struct node *n) {
  long s = 0;
  while (n) {
    s += n->v;
    n = n->next;
  }
  return s;
}
