struct node {
  struct node *next;
  long v;
};
long walk(struct node *n);
