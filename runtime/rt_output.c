/*===-- rt_output.c - write(2)-based output and number formatting ---------===*
 *
 * See rt_output.h for why there is no stdio here.  The output descriptor is
 * stderr unless `output=PATH` names a file; the file is PATH.<pid> (as
 * compiler-rt's log_path does) so that the processes of a test suite or a
 * forking server never overwrite each other's results.
 *===----------------------------------------------------------------------===*/
#include "rt_output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

/* Where the summary and the log go.  Set by init and the fork child
 * handler before other threads can log, then only read. */
static int output_fd = STDERR_FILENO;

/* The `output=` base path, kept for reopening after fork(). */
static char output_base[PATH_MAX];

/* An output failed (__ptrhook_output_note_failure); a log line failed. */
static atomic_bool output_failed;
static atomic_bool log_failed;

PTRHOOK_NO_INSTRUMENT void __ptrhook_output_note_failure(void) {
  atomic_store_explicit(&output_failed, true, memory_order_relaxed);
}

PTRHOOK_NO_INSTRUMENT bool __ptrhook_output_failed(void) {
  return atomic_load_explicit(&output_failed, memory_order_relaxed);
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_write_all(int fd, const char *buf,
                                              size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    /* write() returning 0 for a non-empty buffer would loop forever. */
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

PTRHOOK_NO_INSTRUMENT size_t __ptrhook_format_dec(char *out, uint64_t value) {
  char tmp[PTRHOOK_DEC_MAX];
  size_t n = 0;

  /* Digits come out least significant first; reverse them into `out`. */
  do {
    tmp[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (size_t i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  out[n] = '\0';
  return n;
}

PTRHOOK_NO_INSTRUMENT size_t __ptrhook_format_hex(char *out, uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  size_t len = 2;
  int shift = 60;

  out[0] = '0';
  out[1] = 'x';
  /* Skip leading zero nibbles, but keep the last one so 0 prints as 0x0. */
  while (shift > 0 && ((value >> shift) & 0xf) == 0)
    shift -= 4;
  for (; shift >= 0; shift -= 4)
    out[len++] = digits[(value >> shift) & 0xf];
  out[len] = '\0';
  return len;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_print(int fd, const char *first, ...) {
  static const char cut[] = "...\n";
  char buf[PTRHOOK_MESSAGE_MAX];
  size_t len = 0;
  va_list ap;

  va_start(ap, first);
  for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
    size_t n = strlen(s);
    if (n > sizeof buf - len)
      n = sizeof buf - len;
    memcpy(buf + len, s, n);
    len += n;
  }
  va_end(ap);
  /* A message that did not fit still ends in a newline, and says it was
   * cut rather than passing a truncated path off as the real one. */
  if (len == sizeof buf)
    memcpy(buf + sizeof buf - (sizeof cut - 1), cut, sizeof cut - 1);
  return __ptrhook_write_all(fd, buf, len);
}

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_strerror(int errnum) {
  /* strerror() translates through the locale and may take locks that
   * another thread held at fork(); strerrordesc_np (glibc 2.32+) is a
   * plain table lookup. */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
  const char *text = strerrordesc_np(errnum);
  return text != NULL ? text : "unknown error";
#else
  return strerror(errnum);
#endif
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_pid_path(char *out, size_t cap,
                                             const char *base) {
  char pid[PTRHOOK_DEC_MAX];
  size_t base_len = strlen(base);
  size_t pid_len = __ptrhook_format_dec(pid, (uint64_t)getpid());
  size_t n = base_len < cap ? base_len : cap - 1;

  /* Even when it does not fit, `out` holds as much as fits, for messages. */
  memcpy(out, base, n);
  out[n] = '\0';
  if (base_len + 1 + pid_len >= cap || base_len + 1 + pid_len >= PATH_MAX)
    return -1;
  out[base_len] = '.';
  memcpy(out + base_len + 1, pid, pid_len + 1);
  return 0;
}

PTRHOOK_NO_INSTRUMENT size_t __ptrhook_program_path(char *out, size_t cap) {
  ssize_t n = readlink("/proc/self/exe", out, cap - 1);

  if (n < 0)
    n = 0;
  out[n] = '\0';
  return (size_t)n;
}

/* Open output_base.<pid> as the output; see __ptrhook_output_open. */
PTRHOOK_NO_INSTRUMENT static int open_output_file(void) {
  char path[PATH_MAX + PTRHOOK_DEC_MAX + 1];
  int fd = -1;
  int err = ENAMETOOLONG;

  if (__ptrhook_pid_path(path, sizeof path, output_base) == 0) {
    do
      fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
                0600);
    while (fd < 0 && errno == EINTR);
    err = errno;
  }
  if (fd < 0) {
    output_fd = STDERR_FILENO;
    __ptrhook_output_note_failure();
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot open output '",
                    path, "': ", __ptrhook_strerror(err),
                    "; writing to stderr instead\n", (const char *)NULL);
    return -1;
  }
  output_fd = fd;
  return 0;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_output_open(const char *path) {
  size_t len = strlen(path);

  /* Keep the name even if it is too long, so the error below can show it;
   * open_output_file refuses anything that does not fit PATH_MAX. */
  if (len >= sizeof output_base)
    len = sizeof output_base - 1;
  memcpy(output_base, path, len);
  output_base[len] = '\0';
  return open_output_file();
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_output_reopen_after_fork(void) {
  if (output_base[0] == '\0')
    return 0;
  /* The inherited descriptor still points at the parent's file; closing
   * the child's copy leaves the parent's untouched. */
  if (output_fd != STDERR_FILENO)
    close(output_fd);
  output_fd = STDERR_FILENO;
  return open_output_file();
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_output_fd(void) { return output_fd; }

static const char *const kind_names[PTRHOOK_KIND_COUNT] = {
    PTRHOOK_KIND_NAMES};

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_kind_name(unsigned k) {
  return k < PTRHOOK_KIND_COUNT ? kind_names[k] : "?";
}

/* Append the C string S to LINE (of capacity CAP) at *LEN, truncating. */
PTRHOOK_NO_INSTRUMENT static void append(char *line, size_t cap, size_t *len,
                                         const char *s) {
  while (s != NULL && *s != '\0' && *len < cap)
    line[(*len)++] = *s++;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_log_event(uintptr_t addr,
                                              const struct ptrhook_site *site) {
  static const char prefix[] = "ptrhook: ";
  char line[1024];
  char num[PTRHOOK_DEC_MAX];
  size_t cap = sizeof line - 1; /* room for the newline */
  size_t len = sizeof prefix - 1;

  /* Built on the stack and written once: no allocation, and lines from
   * concurrent threads stay whole.  With a site (abi=site):
   * "ptrhook: 0xADDR KIND FILE:LINE:COL FUNCTION". */
  memcpy(line, prefix, len);
  len += __ptrhook_format_hex(line + len, (uint64_t)addr);
  if (site != NULL) {
    append(line, cap, &len, " ");
    append(line, cap, &len, __ptrhook_kind_name(ptrhook_site_kind(site)));
    append(line, cap, &len, " ");
    append(line, cap, &len, ptrhook_site_file(site));
    __ptrhook_format_dec(num, ptrhook_site_line(site));
    append(line, cap, &len, ":");
    append(line, cap, &len, num);
    __ptrhook_format_dec(num, ptrhook_site_column(site));
    append(line, cap, &len, ":");
    append(line, cap, &len, num);
    append(line, cap, &len, " ");
    append(line, cap, &len, ptrhook_site_function(site));
  }
  line[len++] = '\n';
  if (__ptrhook_write_all(output_fd, line, len) == 0)
    return 0;
  /* Once, and on stderr unless that is what failed: a full disk must not
   * cost a message per event. */
  int err = errno;
  __ptrhook_output_note_failure();
  if (!atomic_exchange_explicit(&log_failed, true, memory_order_relaxed) &&
      output_fd != STDERR_FILENO) {
    char path[PATH_MAX + PTRHOOK_DEC_MAX + 1];
    __ptrhook_pid_path(path, sizeof path, output_base);
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: cannot write output '",
                    path, "': ", __ptrhook_strerror(err),
                    "; log lines are lost from here on\n", (const char *)NULL);
  }
  errno = err;
  return -1;
}
