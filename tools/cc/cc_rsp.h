/*===-- cc_rsp.h - reading @file response files the way clang does ---------===*
 *
 * The wrapper reads response files only to classify their contents; clang
 * still receives the original @file argument and reads it again itself.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_RSP_H
#define PTRHOOK_CC_RSP_H

#include "cc_util.h"

/* Reads the response file PATH and appends its arguments to OUT, split as
 * clang's GNU tokenizer splits them (whitespace separates, '...' and "..."
 * group, a backslash escapes the next character, also inside quotes).  The
 * strings are heap copies.  Nested @files are left for the caller.
 * Returns 0, or -1 with errno set if the file cannot be read. */
int rsp_read(const char *path, struct util_vec *out);

#endif /* PTRHOOK_CC_RSP_H */
