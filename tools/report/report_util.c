/*===-- report_util.c - small helpers of ptrhook-report --------------------===*
 *
 * See report_util.h.
 *===----------------------------------------------------------------------===*/
#include "report_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rep_error(const char *fmt, ...) {
  va_list ap;

  fflush(stdout); /* keep the report and its errors in order */
  fputs(REP_PROG ": error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void out_of_memory(void) {
  rep_error("out of memory");
  exit(2);
}

void *rep_xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

char *rep_xstrdup(const char *s) {
  size_t n;
  char *p;

  if (!s)
    return NULL;
  n = strlen(s) + 1;
  p = rep_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

void *rep_reserve(void *v, size_t *cap, size_t n, size_t elem) {
  size_t want;

  if (n <= *cap)
    return v;
  want = *cap ? *cap * 2 : 16;
  if (want < n)
    want = n;
  if (want > (size_t)-1 / elem)
    out_of_memory();
  v = realloc(v, want * elem);
  if (!v)
    out_of_memory();
  *cap = want;
  return v;
}

const char *rep_basename(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

int rep_strcmp_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}
