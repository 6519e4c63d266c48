#include <stdio.h>
#include <stdlib.h>
struct node { struct node *next; int v; };
__attribute__((noinline)) struct node *push(struct node *h, int v) { struct node *n = malloc(sizeof *n); n->next = h; n->v = v; return n; }
__attribute__((noinline)) int sum(struct node *h) { int s = 0; for (; h; h = h->next) s += h->v; return s; }
int main(void) { struct node *h = NULL; for (int i = 0; i < 10; i++) h = push(h, i); printf("%d\n", sum(h)); return 0; }
