/* A second translation unit linked into the same executable. */
int second_unit(int *p) { return *p; }
