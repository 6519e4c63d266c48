/*===-- cc_options.h - the -fptrhook-* options, expanded from Options.def --===*
 *
 * The wrapper has no option list of its own: each row of the pass's option
 * table (pass/Options.def) is a wrapper flag that becomes the pass's -mllvm
 * flag, and --help lists the same rows.
 *
 *   FLAG N      -fptrhook-N / -fno-ptrhook-N  -> -ptrhook-N=true / =false
 *   CHOICE N    -fptrhook-N=V                 -> -ptrhook-N=V  (V one of the
 *                                                row's values)
 *   KINDS N     -fptrhook-N=K,K|K...          -> -ptrhook-N=K,K|K...
 *                                                (K a pointer kind or all)
 *   FILES N     -fptrhook-N=FILE              -> -ptrhook-N=FILE
 *   PATH N      -fptrhook-N=FILE              -> -ptrhook-N=FILE
 *
 * The wrapper checks choice values and kind lists itself, so that an error
 * names the flag as typed (the plugin would name its -mllvm spelling, and
 * only when it runs).  Besides the table: -fptrhook / -fno-ptrhook turn the
 * wrapper on and off, the FLAG row link-time also asks for the plugin at
 * the link step (cc_main.c), and the PATH row hook names a source that the
 * wrapper compiles into a hook definition first (cc_hook.c).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_OPTIONS_H
#define PTRHOOK_CC_OPTIONS_H

#include <stdio.h>

#include "cc_state.h"

/* Returns true if ARG is spelled like a wrapper option (-fptrhook...,
 * -fno-ptrhook...), known or not. */
bool options_is_wrapper_option(const char *arg);

/* Applies the wrapper option ARG to ST: sets st->enabled, st->link_time or
 * st->hook_source, or appends the pass flag to st->plugin_flags.  Returns 0,
 * or -1 after printing an error that names ARG: an unknown option (with
 * the nearest spelling, if one is close), a bad choice value or kind list,
 * an empty file name. */
int options_apply(struct cc_state *st, const char *arg);

/* Checks the combination of the wrapper options given, once all are
 * applied: -fno-ptrhook-sites with -fptrhook-abi=site is an error naming
 * both.  Returns 0, or -1 after printing the error. */
int options_check(const struct cc_state *st);

/* Prints the entries of --help's "PTRHOOK OPTIONS" section to OUT:
 * -fno-ptrhook, then one per row of the table in table order, in the
 * layout of clang's help: a line that starts with two spaces and the
 * spellings (a flag's "-fptrhook-N, -fno-ptrhook-N", "-fptrhook-N=<a|b>",
 * "-fptrhook-N=<kind>,...", "-fptrhook-N=<file>"), the text from column 27
 * (on the next line after a spelling longer than 23 characters), wrapped
 * before column 81 and ending in "(default: X)", X the spelling, value or
 * "none" in effect without the option.  Write errors are left to the
 * caller's ferror(). */
void options_print_help(FILE *out);

#endif /* PTRHOOK_CC_OPTIONS_H */
