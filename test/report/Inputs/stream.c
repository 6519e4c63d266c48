/* stream.c - N iterations of two pointer events each over a buffer of SPAN
 * bytes (stride 7919: with SPAN a power of two, min(N, SPAN) distinct
 * addresses): traces of any size for ptrhook-report's streaming and
 * throughput.  Usage: stream [N [SPAN]] (default 40000000 4096). */
#include <stdlib.h>
#include <stdio.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 40000000;
  long span = argc > 2 ? atol(argv[2]) : 4096;
  char *buf = malloc(span);
  char *volatile sink;
  long sum = 0;
  for (long i = 0; i < n; i++) {
    char *p = buf + (i * 7919) % span;
    sink = p;
    sum += *sink;
  }
  printf("%ld\n", sum);
  return 0;
}
