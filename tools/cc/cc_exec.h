/*===-- cc_exec.h - building, showing and running the clang command --------===*
 *
 * The command is: clang, the wrapper's options, the user's kept arguments
 * in their original order, then the runtime library.  Options go in front
 * because after a user's "--" every word is an input; the runtime goes last
 * because the linker resolves an archive against what came before it (for
 * the one exception, see push_runtime in cc_exec.c).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_EXEC_H
#define PTRHOOK_CC_EXEC_H

#include "cc_state.h"

/* Fills st->cmd from the plan (st->add_*, st->runtime) and the kept user
 * arguments.  Never fails. */
void exec_build(struct cc_state *st);

/* Writes "ptrhook-cc: exec: <command>" to stderr, each word shell-quoted,
 * so the line can be pasted into a shell.  Never fails. */
void exec_print(const struct cc_state *st);

/* The same for any NULL-terminated ARGV, after "ptrhook-cc: WHAT:". */
void exec_print_argv(const char *what, const char *const *argv);

/* Replaces the process with st->cmd.  Returns only on failure, with errno
 * set by execv. */
void exec_run(const struct cc_state *st);

/* Runs st->cmd as a child process and waits for it, for commands after
 * which the wrapper has more to print (cc_info.h).  Returns the child's exit
 * status (128 + N if killed by signal N; 127 if it could not be run, after
 * printing why), or -1 with errno set if fork or waitpid failed. */
int exec_run_child(const struct cc_state *st);

/* Runs the program PATH with the NULL-terminated ARGV as a child process
 * and waits for it.  Returns as exec_run_child does. */
int exec_run_argv(const char *path, const char *const *argv);

#endif /* PTRHOOK_CC_EXEC_H */
