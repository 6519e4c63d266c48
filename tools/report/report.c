/*===-- report.c - the outcome of ptrhook-report and the end of its state --===*
 *
 * See report.h.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How bad S is, for report_raise(). */
static int severity(const struct report *st, enum report_status s) {
  /* --check: "2 ... (wins over 3)". */
  if (st->mode == REPORT_CHECK && s == REPORT_UNREADABLE)
    return 2 * REPORT_NOT_INSTRUMENTED + 1;
  return 2 * (int)s;
}

void report_raise(struct report *st, enum report_status s) {
  if (severity(st, s) > severity(st, st->status))
    st->status = s;
}

void report_diag(struct report *st, bool error, enum report_status status,
                 const char *fmt, ...) {
  struct report_diag d;
  va_list ap;
  char buf[2048];

  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  d.error = error;
  d.text = util_xstrdup(buf);
  UTIL_PUSH(st->diags, d);
  if (error)
    report_raise(st, status);
}

void report_free(struct report *st) {
  /* 1. Options. */
  free(st->check_paths);
  free(st->binary_paths.v);
  free(st->source_roots.v);
  for (size_t i = 0; i < st->prefix_from.n; i++) {
    free(st->prefix_from.v[i]);
    free(st->prefix_to.v[i]);
  }
  free(st->prefix_from.v);
  free(st->prefix_to.v);
  /* 2. --check. */
  check_free(&st->in);
  /* 3 to 5. DATA. */
  for (size_t b = 0; b < st->binaries.n; b++) {
    free(st->binaries.v[b].path);
    free(st->binaries.v[b].desc.v);
    free(st->binaries.v[b].seg.v);
  }
  free(st->binaries.v);
  free(st->program);
  free(st->sites.v);
  free(st->order.v);
  free(st->kinds.v);
  free(st->functions.v);
  free(st->files.v);
  for (size_t i = 0; i < st->views.n; i++) {
    free(st->views.v[i].sites.v);
    free(st->views.v[i].lines.v);
  }
  free(st->views.v);
  /* 6. Outcome. */
  for (size_t i = 0; i < st->diags.n; i++)
    free(st->diags.v[i].text);
  free(st->diags.v);
  memset(st, 0, sizeof *st);
}
