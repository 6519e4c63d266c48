/* nth() is inferred readnone before instrumentation (it only computes an
 * address); the hook call makes that false. */
long *nth(long *base, long i) { return base + i; }
