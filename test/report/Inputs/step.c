/* A function with a hook site: the GEP p + 1. */
int *step(int *p) { return p + 1; }
