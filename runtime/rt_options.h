/*===-- rt_options.h - PTRHOOK_OPTIONS parsing ------------------*- C -*-===*
 *
 * The runtime is configured once, at init, from two strings applied in
 * order on top of the defaults of rt_flags.inc:
 *
 *   1. what the program's own __ptrhook_default_options() returns, if it
 *      defines one (like __asan_default_options);
 *   2. PTRHOOK_OPTIONS="name=value:name=value" from the environment, read
 *      with secure_getenv(), so a set-uid or set-gid program ignores it.
 *
 * Left to right, a later key wins.  Options are separated as compiler-rt's
 * are, by ':', ',', spaces, tabs or newlines; a ',' in a kinds list or a
 * path stays in the value unless "NAME=" follows it; a value in quotes ('..'
 * or "..") may hold any separator.  An unknown key is a warning (suggesting
 * the flag within two edits, if any) and the program runs; a malformed entry
 * (no `=`, a bad value for the flag's type, an unclosed quote) is an error
 * naming the key and the value, and init ends the process with exit status
 * 1, as compiler-rt does: a run with a misspelt option value is worth
 * nothing.
 *
 * Layer 2 (runtime/CMakeLists.txt): uses the output only.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_OPTIONS_H
#define PTRHOOK_RT_OPTIONS_H

#include "rt_state.h"

/* The longest option text accepted, terminating NUL included.  Each of the
 * two texts is copied into a static buffer of this size so that string
 * values can point into it without malloc. */
#define PTRHOOK_OPTIONS_MAX 4096

/* The option types (enum __ptrhook_mode, enum __ptrhook_kinds) and struct
 * __ptrhook_options are in rt_state.h: the process state holds the
 * options. */

/* Set every flag of `opts` to its default from rt_flags.inc.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_options_set_defaults(struct __ptrhook_options *opts);

/* Apply `text` (may be NULL) on top of `opts`; `source` names it in
 * messages ("PTRHOOK_OPTIONS", "__ptrhook_default_options()").  Unknown
 * keys are reported on stderr and skipped.  String values point into a
 * static copy of `text` (one per `slot`, 0 or 1), so call this at most once
 * per slot.  Returns the number of unknown keys (0 when all were known), or
 * -1 after printing an error for a malformed entry or an over-long text; on
 * -1, `opts` may be partly updated and the caller is expected to exit. */
PTRHOOK_HIDDEN int
__ptrhook_options_parse(struct __ptrhook_options *opts, const char *text,
                        const char *source, unsigned slot);

/* Write every flag (name, type, default, current value, help) to stderr.
 * Returns 0, or -1 if a write failed. */
PTRHOOK_HIDDEN int
__ptrhook_options_print_help(const struct __ptrhook_options *opts);

/* Name of mode `m` ("count" ...).  Cannot fail. */
PTRHOOK_HIDDEN const char *
__ptrhook_mode_name(enum __ptrhook_mode m);

#endif /* PTRHOOK_RT_OPTIONS_H */
