/*===-- util.h - small helpers of ptrhook-report ---------------------------===*
 *
 * Diagnostics in the one format every ptrhook-report message uses,
 * allocation that cannot fail (a report is a short-lived process: running
 * out of memory is reported and ends it with status 2), growable arrays
 * and the names of pointer kinds.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_UTIL_H
#define PTRHOOK_REPORT_UTIL_H

#include <stddef.h>

/* The name every diagnostic starts with, whatever argv[0] was. */
#define UTIL_PROG "ptrhook-report"

/* Prints "ptrhook-report: error: <message>\n" to stderr. */
void util_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Prints "out of memory" as an error and exits with status 2: what every
 * failed allocation of the report ends in. */
_Noreturn void util_out_of_memory(void);

/* malloc that prints an error and exits with status 2 instead of failing. */
void *util_xmalloc(size_t size);

/* calloc and realloc with the same contract. */
void *util_xcalloc(size_t n, size_t size);
void *util_xrealloc(void *ptr, size_t size);

/* strdup with the same contract; NULL stays NULL. */
char *util_xstrdup(const char *s);

/* Returns V, grown so that it holds at least N elements of ELEM bytes;
 * *CAP is its capacity in elements.  Never fails (see util_xmalloc). */
void *util_reserve(void *v, size_t *cap, size_t n, size_t elem);

/* A growable array of T: UTIL_VEC(struct x) v = {0}; UTIL_PUSH(v, item). */
#define UTIL_VEC(T)                                                            \
  struct {                                                                     \
    T *v;                                                                      \
    size_t n;                                                                  \
    size_t cap;                                                                \
  }
#define UTIL_PUSH(vec, item)                                                   \
  ((vec).v = util_reserve((vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v),  \
   (vec).v[(vec).n++] = (item))

/* The last path component of PATH ("walk.c" for "src/walk.c"). */
const char *util_basename(const char *path);

/* qsort comparator for an array of char *. */
int util_strcmp_ptr(const void *a, const void *b);

/* The name of pointer kind KIND (PTRHOOK_KIND_*), as the pass, the runtime
 * and their files spell it ("alloca", "gep" ...), or "?". */
const char *util_kind_name(unsigned kind);

/* The PTRHOOK_KIND_* number of the kind called NAME, or -1. */
int util_kind_number(const char *name);

#endif /* PTRHOOK_REPORT_UTIL_H */
