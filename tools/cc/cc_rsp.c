/*===-- cc_rsp.c - reading @file response files the way clang does --------===*
 *
 * Mirrors llvm::cl::TokenizeGNUCommandLine (LLVM 14), which the clang driver
 * uses on Linux: no comments, an empty token ("") vanishes, and a backslash
 * escapes inside single quotes too.  Getting the split right matters only
 * for classification (is "-c" there, which words are inputs), never for
 * what clang receives.
 *===----------------------------------------------------------------------===*/
#include "cc_rsp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads all of PATH into a NUL-terminated heap buffer; NULL on failure. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t len = 0, cap = 0, got;
  int saved;

  if (!f)
    return NULL;
  do {
    if (cap - len < 4096) {
      cap = cap ? 2 * cap : 8192;
      buf = util_xrealloc(buf, cap);
    }
    got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
  } while (got > 0);
  if (ferror(f)) {
    saved = errno ? errno : EIO;
    fclose(f);
    free(buf);
    errno = saved;
    return NULL;
  }
  fclose(f);
  buf[len] = '\0';
  return buf;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends a heap copy of the LEN bytes at TOK to OUT, unless LEN is 0. */
static void push_token(struct util_vec *out, const char *tok, size_t len) {
  char *copy;

  if (len == 0)
    return;
  copy = util_xmalloc(len + 1);
  memcpy(copy, tok, len);
  copy[len] = '\0';
  util_vec_push(out, copy);
}

int rsp_read(const char *path, struct util_vec *out) {
  char *src = slurp(path);
  char *tok, *t;
  const char *s;

  if (!src)
    return -1;
  /* A token is never longer than the file: one buffer holds any of them. */
  tok = t = util_xmalloc(strlen(src) + 1);
  for (s = src; *s; s++) {
    if (is_space(*s)) {
      push_token(out, tok, (size_t)(t - tok));
      t = tok;
    } else if (*s == '\\' && s[1]) {
      *t++ = *++s;
    } else if (*s == '"' || *s == '\'') {
      char quote = *s++;
      for (; *s && *s != quote; s++) {
        if (*s == '\\' && s[1])
          s++;
        *t++ = *s;
      }
      if (!*s)
        break; /* unterminated quote: keep what was read, as LLVM does */
    } else {
      *t++ = *s;
    }
  }
  push_token(out, tok, (size_t)(t - tok));
  free(tok);
  free(src);
  return 0;
}
