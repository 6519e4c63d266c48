/*===-- cc_util.c - small helpers shared by the ptrhook-cc modules ---------===*
 *
 * See cc_util.h.
 *===----------------------------------------------------------------------===*/
#include "cc_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void util_error(const char *fmt, ...) {
  va_list ap;
  fputs(UTIL_PROG ": error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void out_of_memory(void) {
  util_error("out of memory");
  exit(1);
}

void *util_xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *util_xmalloc(size_t size) { return util_xrealloc(NULL, size); }

char *util_concat(const char *first, ...) {
  va_list ap;
  size_t len = 0;
  const char *s;
  char *out, *end;

  va_start(ap, first);
  for (s = first; s; s = va_arg(ap, const char *))
    len += strlen(s);
  va_end(ap);

  out = end = util_xmalloc(len + 1);
  va_start(ap, first);
  for (s = first; s; s = va_arg(ap, const char *)) {
    size_t n = strlen(s);
    memcpy(end, s, n);
    end += n;
  }
  va_end(ap);
  *end = '\0';
  return out;
}

void util_vec_push(struct util_vec *vec, const char *s) {
  /* +2: the new element and the terminating NULL execv needs. */
  if (vec->n + 2 > vec->cap) {
    vec->cap = vec->cap ? 2 * vec->cap : 64;
    vec->v = util_xrealloc(vec->v, vec->cap * sizeof *vec->v);
  }
  vec->v[vec->n++] = s;
  vec->v[vec->n] = NULL;
}

bool util_starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool util_streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
