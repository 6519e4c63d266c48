/*===-- util.c - small helpers of ptrhook-report ---------------------------===*
 *
 * See util.h.
 *===----------------------------------------------------------------------===*/
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"

void util_error(const char *fmt, ...) {
  va_list ap;

  fflush(stdout); /* keep the report and its errors in order */
  fputs(UTIL_PROG ": error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

_Noreturn void util_out_of_memory(void) {
  util_error("out of memory");
  exit(2);
}

void *util_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    util_out_of_memory();
  return p;
}

void *util_xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    util_out_of_memory();
  return p;
}

void *util_xmalloc(size_t size) { return util_xrealloc(NULL, size); }

char *util_xstrdup(const char *s) {
  size_t n;
  char *p;

  if (!s)
    return NULL;
  n = strlen(s) + 1;
  p = util_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

void *util_reserve(void *v, size_t *cap, size_t n, size_t elem) {
  size_t want;

  if (n <= *cap)
    return v;
  want = *cap ? *cap * 2 : 16;
  if (want < n)
    want = n;
  if (want > (size_t)-1 / elem)
    util_out_of_memory();
  v = realloc(v, want * elem);
  if (!v)
    util_out_of_memory();
  *cap = want;
  return v;
}

const char *util_basename(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

int util_strcmp_ptr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const kind_names[PTRHOOK_KIND_COUNT] = {PTRHOOK_KIND_NAMES};

const char *util_kind_name(unsigned kind) {
  return kind < PTRHOOK_KIND_COUNT ? kind_names[kind] : "?";
}

int util_kind_number(const char *name) {
  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
    if (strcmp(kind_names[k], name) == 0)
      return (int)k;
  return -1;
}
