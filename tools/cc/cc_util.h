/*===-- cc_util.h - small helpers shared by the ptrhook-cc modules ---------===*
 *
 * Diagnostics in the one format every ptrhook-cc message uses, allocation
 * that cannot fail (the wrapper is a short-lived process that ends in
 * execv: running out of memory is reported and ends it), and a growable
 * argument vector.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_UTIL_H
#define PTRHOOK_CC_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* The name every diagnostic starts with, whatever argv[0] was. */
#define UTIL_PROG "ptrhook-cc"

/* The number of elements of the array A. */
#define UTIL_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A NULL-terminated, growable vector of strings; the strings are borrowed. */
struct util_vec {
  const char **v;
  size_t n;
  size_t cap;
};

/* Prints "ptrhook-cc: error: <message>\n" to stderr. */
void util_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* malloc that prints an error and exits with status 1 instead of failing. */
void *util_xmalloc(size_t size);

/* realloc with the same contract as util_xmalloc. */
void *util_xrealloc(void *ptr, size_t size);

/* Returns a heap copy of the NUL-terminated strings given, concatenated;
 * the list ends with NULL.  Never fails (see util_xmalloc). */
char *util_concat(const char *first, ...);

/* Appends S to VEC, keeping VEC->v NULL-terminated.  Never fails. */
void util_vec_push(struct util_vec *vec, const char *s);

/* Returns true if S begins with PREFIX. */
bool util_starts_with(const char *s, const char *prefix);

/* Returns true if A and B are equal strings. */
bool util_streq(const char *a, const char *b);

#endif /* PTRHOOK_CC_UTIL_H */
