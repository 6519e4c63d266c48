/*===-- rt_options.h - PTRHOOK_OPTIONS parsing ------------------*- C -*-===*
 *
 * The runtime is configured by one environment variable, read once at init:
 *
 *   PTRHOOK_OPTIONS="name=value:name=value"
 *
 * Defaults first, then the variable, left to right (a later key wins).  An
 * unknown key is a warning; a malformed entry (no `=`, a bool that is not
 * 0/1/true/false/yes/no) is an error and init ends the process with exit
 * status 1, as compiler-rt does: a run with a misspelt option is worth
 * nothing.  The separator is `:` only and nothing is trimmed, so a value
 * cannot contain `:` (an output path with a colon is not expressible).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_OPTIONS_H
#define PTRHOOK_RT_OPTIONS_H

#include <stdbool.h>

/* The longest PTRHOOK_OPTIONS accepted, terminating NUL included.  The text
 * is copied into a static buffer of this size so that string values can
 * point into it without malloc. */
#define PTRHOOK_OPTIONS_MAX 4096

struct __ptrhook_options {
#define PTRHOOK_FLAG(Type, Name, Default, Help) Type Name;
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
};

/* Set every flag of `opts` to its default from rt_flags.inc.  Cannot fail. */
__attribute__((visibility("hidden"))) void
__ptrhook_options_set_defaults(struct __ptrhook_options *opts);

/* Apply `text` (the value of PTRHOOK_OPTIONS, may be NULL) on top of `opts`.
 * Unknown keys are reported on stderr and skipped.  String values point into
 * a static copy of `text`, so call this once per process.
 * Returns the number of unknown keys (0 when all were known), or -1 after
 * printing an error for a malformed entry or an over-long text; on -1,
 * `opts` may be partly updated and the caller is expected to exit. */
__attribute__((visibility("hidden"))) int
__ptrhook_options_parse(struct __ptrhook_options *opts, const char *text);

/* Write every flag (name, type, default, current value, help) to stderr.
 * Returns 0, or -1 if a write failed. */
__attribute__((visibility("hidden"))) int
__ptrhook_options_print_help(const struct __ptrhook_options *opts);

#endif /* PTRHOOK_RT_OPTIONS_H */
