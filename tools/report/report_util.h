/*===-- report_util.h - small helpers of ptrhook-report --------------------===*
 *
 * Diagnostics in the one format every ptrhook-report message uses,
 * allocation that cannot fail (a report is a short-lived process: running
 * out of memory is reported and ends it with status 2), and growable
 * arrays.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_UTIL_H
#define PTRHOOK_REPORT_UTIL_H

#include <stddef.h>

/* The name every diagnostic starts with, whatever argv[0] was. */
#define REP_PROG "ptrhook-report"

/* Prints "ptrhook-report: error: <message>\n" to stderr. */
void rep_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* malloc that prints an error and exits with status 2 instead of failing. */
void *rep_xmalloc(size_t size);

/* strdup with the same contract; NULL stays NULL. */
char *rep_xstrdup(const char *s);

/* Returns V, grown so that it holds at least N elements of ELEM bytes;
 * *CAP is its capacity in elements.  Never fails (see rep_xmalloc). */
void *rep_reserve(void *v, size_t *cap, size_t n, size_t elem);

/* A growable array of T: REP_VEC(struct x) v = {0}; REP_PUSH(v, item). */
#define REP_VEC(T)                                                             \
  struct {                                                                     \
    T *v;                                                                      \
    size_t n;                                                                  \
    size_t cap;                                                                \
  }
#define REP_PUSH(vec, item)                                                    \
  ((vec).v = rep_reserve((vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v),   \
   (vec).v[(vec).n++] = (item))

/* The last path component of PATH ("walk.c" for "src/walk.c"). */
const char *rep_basename(const char *path);

/* qsort comparator for an array of char *. */
int rep_strcmp_ptr(const void *a, const void *b);

#endif /* PTRHOOK_REPORT_UTIL_H */
