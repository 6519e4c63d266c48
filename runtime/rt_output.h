/*===-- rt_output.h - write(2)-based output and number formatting -*- C -*-===*
 *
 * The runtime never uses stdio: it may run before stdio is set up, after it
 * is torn down, inside a signal handler, or inside the program's own stdio
 * call (an instrumented fwrite calls the hook).  Everything goes through
 * write(2) with hand-rolled decimal and hex formatting into stack buffers,
 * and each message is written with a single write() so lines from several
 * threads do not interleave.
 *
 * Layer 1 (runtime/CMakeLists.txt): uses nothing of the runtime but
 * rt_state.h.  The kind names live here, next to the log line that prints
 * them, so that options, sites and reports all find them below them.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_OUTPUT_H
#define PTRHOOK_RT_OUTPUT_H

#include "rt_state.h"

/* Buffer sizes for the formatters, terminating NUL included. */
#define PTRHOOK_DEC_MAX 21 /* "18446744073709551615" */
#define PTRHOOK_HEX_MAX 19 /* "0xffffffffffffffff" */

/* Longest message __ptrhook_print writes; longer ones are cut and end in
 * "...\n".  Large enough for an error naming a PATH_MAX path. */
#define PTRHOOK_MESSAGE_MAX 4608

/* Write all `len` bytes of `buf` to `fd`, retrying on EINTR and short
 * writes.  Returns 0, or -1 with errno set if write() failed otherwise (or
 * wrote nothing). */
PTRHOOK_HIDDEN int
__ptrhook_write_all(int fd, const char *buf, size_t len);

/* Format `value` in decimal into `out` (PTRHOOK_DEC_MAX bytes) and
 * NUL-terminate it.  Returns the length without the NUL.  Cannot fail. */
PTRHOOK_HIDDEN size_t
__ptrhook_format_dec(char *out, uint64_t value);

/* Format `value` as "0x" and lowercase hex digits, no padding ("0x0" for 0),
 * into `out` (PTRHOOK_HEX_MAX bytes) and NUL-terminate it.  Returns the
 * length without the NUL.  Cannot fail. */
PTRHOOK_HIDDEN size_t
__ptrhook_format_hex(char *out, uint64_t value);

/* Concatenate the NUL-terminated strings after `fd`, up to a NULL, and
 * write them to `fd` with one write().  Returns 0, or -1 with errno set if
 * the write failed. */
PTRHOOK_HIDDEN __attribute__((sentinel)) int
__ptrhook_print(int fd, const char *first, ...);

/* Text for an errno value that is safe to fetch in a forked child (no
 * locale lookup).  Never returns NULL. */
PTRHOOK_HIDDEN const char *
__ptrhook_strerror(int errnum);

/* Send the summary and the log to `path`.<pid> instead of stderr.  The file
 * is created (or truncated) with mode 0600, without following a symlink.
 * Returns 0, or -1 after printing an error on stderr if the file could not
 * be opened; output then stays on stderr. */
PTRHOOK_HIDDEN int
__ptrhook_output_open(const char *path);

/* In a child after fork(): reopen the output as `path`.<new pid>, so that
 * parent and child do not share one file.  A no-op when output is stderr.
 * Returns 0, or -1 (error printed, output back on stderr). */
PTRHOOK_HIDDEN int
__ptrhook_output_reopen_after_fork(void);

/* Write `base`.<pid> into `out` (`cap` bytes).  Returns 0, or -1 if it
 * does not fit (or exceeds PATH_MAX); `out` then holds what fits. */
PTRHOOK_HIDDEN int
__ptrhook_pid_path(char *out, size_t cap, const char *base);

/* The running program's path (/proc/self/exe) into `out` (`cap` bytes,
 * NUL-terminated; "" if unknown).  Returns its length. */
PTRHOOK_HIDDEN size_t
__ptrhook_program_path(char *out, size_t cap);

/* The descriptor the summary and the log go to (2 unless output= is set).
 * Cannot fail. */
PTRHOOK_HIDDEN int __ptrhook_output_fd(void);

/* Note that an output of the runtime (output=, the trace, counts=, the
 * summary, a log line) could not be opened or written; the caller has
 * reported it.  Async-signal-safe.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_output_note_failure(void);

/* Whether any output failed so far (exit_on_output_error=1 then ends the
 * program with exit status 1).  Cannot fail. */
PTRHOOK_HIDDEN bool __ptrhook_output_failed(void);

/* Name of kind `k` ("alloca" ..., from PTRHOOK_KIND_NAMES), "?" when out
 * of range.  Cannot fail. */
PTRHOOK_HIDDEN const char *
__ptrhook_kind_name(unsigned k);

/* Write one log line "ptrhook: 0x<addr>\n" to the output with one write().
 * Returns 0, or -1 with errno set if the write failed; the first failure
 * is reported on stderr (when the output is a file) and noted. */
PTRHOOK_HIDDEN int
__ptrhook_log_event(uintptr_t addr, const struct ptrhook_site *site);

#endif /* PTRHOOK_RT_OUTPUT_H */
