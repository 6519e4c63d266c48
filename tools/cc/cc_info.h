/*===-- cc_info.h - ptrhook-cc --help and --version ------------------------===*
 *
 * The wrapper must stay a drop-in compiler, and build systems read what a
 * compiler prints: Meson takes the first version number of `cc --version`
 * and looks for "clang" in it, autoconf logs it, scripts grep `cc --help`
 * for an option.  So clang answers first, exactly as it would alone (same
 * arguments, same output, same exit status), and the wrapper's part comes
 * after it, only if clang succeeded:
 *
 *   --version   three lines: "ptrhook version V (LLVM L)", the plugin and
 *               the runtime the wrapper would use (" (not found)" if absent);
 *   --help      sections in clang's style: what the wrapper adds, its
 *               options, its environment variables and its files.
 *
 * --help wins over --version, as in clang.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_INFO_H
#define PTRHOOK_CC_INFO_H

#include "cc_state.h"

/* Runs st->cmd (clang with the user's arguments, built by exec_build) as a
 * child, then prints the wrapper's part of --help or --version to stdout.
 * Returns the exit status for the wrapper: clang's, or 1 if the wrapper
 * could not locate itself or write its output, after printing why. */
int info_run(struct cc_state *st);

#endif /* PTRHOOK_CC_INFO_H */
