/* Link-time tests: a unit compiled without ptrhook.  foreign_walk() is not
 * inlined, so its pointers stay in a function nobody asked to instrument. */
struct fnode {
  struct fnode *next;
  long v;
};
static struct fnode fnodes[10];

__attribute__((noinline)) long foreign_walk(void) {
  for (int i = 0; i < 10; i++)
    fnodes[i].next = i + 1 < 10 ? &fnodes[i + 1] : 0;
  long s = 0;
  for (struct fnode *n = &fnodes[0]; n; n = n->next)
    s += n->v + 1;
  return s;
}
