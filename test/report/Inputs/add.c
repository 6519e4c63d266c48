/* A function the pass instruments without finding a pointer: no site. */
int add(int a, int b) { return a + b; }
