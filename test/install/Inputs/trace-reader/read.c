/* A user's own trace reader, built against the installed trace reader
 * library (ptrhook_trace.h) and the format header: reads every event of a
 * trace, checks the trace whole, and prints the counts in the form of
 * `ptrhook-trace stats`, so that the two can be compared. */
#include <stdio.h>

#include <ptrhook_trace.h>
#include <ptrhook_trace_format.h>

int main(int argc, char **argv) {
  char err[256];
  struct ptrhook_trace *t;
  struct ptrhook_trace_event ev;
  struct ptrhook_trace_summary sum;
  unsigned long long events = 0;
  int rc = 1;

  if (argc != 2) {
    fprintf(stderr, "usage: read TRACE\n");
    return 2;
  }
  t = ptrhook_trace_open(argv[1], err, sizeof err);
  if (!t) {
    fprintf(stderr, "read: %s\n", err);
    return 1;
  }
  while (ptrhook_trace_next(t, &ev) > 0)
    events++;
  if (ptrhook_trace_verify(t, &sum, err, sizeof err) != 0) {
    fprintf(stderr, "read: %s\n", err);
    goto cleanup;
  }
  printf("format\t%u of %u\n", ptrhook_trace_info(t)->version,
         PTRHOOK_TRACE_VERSION);
  printf("events\t%llu\n", events);
  printf("threads\t%llu\n", (unsigned long long)sum.threads);
  rc = 0;
cleanup:
  ptrhook_trace_close(t);
  return rc;
}
