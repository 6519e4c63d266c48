/*===-- report_main.c - ptrhook-report: what did the plugin do, what ran? --===*
 *
 * One program in two parts (report.h), each a run of phases over the one
 * state:
 *
 *   ptrhook-report --check FILE...  "why does my plugin not run?": for
 *       each FILE, what the plugin left in it (check.h);
 *   ptrhook-report [OPTIONS] DATA   "which lines create the most pointers,
 *       of what kind, and where do they point?": a count file or a trace,
 *       with the site descriptors of the binary that wrote it (profile.h).
 *
 * main() reads as the phases: 1 options; then --check: 2 collect,
 * classify and print each FILE; or DATA: 2 the binaries, 3 the data,
 * 4 the summaries, 5 the output; last, stdout flushed, DATA's diagnostics,
 * and the exit status: the worst over what was read (enum report_status).
 *
 * USAGE: see options.h.
 *===----------------------------------------------------------------------===*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "report.h"

/*===-- --check FILE... ---------------------------------------------------===*/

/* Phase 2 of --check, for one FILE: collected, classified, printed. */
static void check_file(struct report *st, const char *path) {
  if (check_collect(st, path) != 0) {
    util_error("%s", st->in.error);
    report_raise(st, REPORT_UNREADABLE);
    return;
  }
  check_classify(st);
  if (st->printed)
    putchar('\n');
  check_print(st);
  st->printed = true;
  report_raise(st, st->in.modules.n + st->in.bad_records.n > 0
                       ? REPORT_OK
                       : REPORT_NOT_INSTRUMENTED);
  if (st->in.abi_mismatch)
    report_raise(st, REPORT_ABI_MISMATCH);
}

/*===-- DATA --------------------------------------------------------------===*/

/* Phase 2 of a report of DATA (a "trace" or "counts" file, KIND): the
 * binaries given, or by default the program the data names. */
static void load_binaries(struct report *st, const char *kind) {
  if (st->binary_paths.n == 0) {
    bool readable;
    char *prog = strcmp(kind, "trace") == 0
                     ? profile_trace_program(st, &readable)
                     : profile_counts_program(st, &readable);
    if (prog != NULL && access(prog, R_OK) == 0)
      profile_load_binary(st, prog);
    else if (readable)
      report_diag(st, false, REPORT_OK,
                  "the program %s that wrote %s is not readable: no "
                  "never-executed sites, no globals (give --binary=FILE)",
                  prog ? prog : "(not recorded)", st->data_path);
    free(prog);
  }
  for (size_t i = 0; i < st->binary_paths.n; i++)
    profile_load_binary(st, st->binary_paths.v[i]);
}

/* Phase 3: the data.  Returns 0, or -1 when nothing could be read. */
static int load_data(struct report *st, const char *kind) {
  return strcmp(kind, "trace") == 0 ? profile_load_trace(st)
                                    : profile_load_counts(st);
}

/* Phase 5: the output. */
static void write_report(struct report *st) {
  if (st->html_dir != NULL)
    profile_write_html(st);
  profile_emit(st);
}

/*===-- The end -----------------------------------------------------------===*/

/* stdout must have reached its destination.  Returns 0, or
 * REPORT_UNREADABLE after an error. */
static int flush_stdout(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    util_error("cannot write to standard output: %s", strerror(errno));
    return REPORT_UNREADABLE;
  }
  return 0;
}

/* DATA's diagnostics, after the report; with --verbose, how fast the data
 * was read. */
static void print_diags(const struct report *st) {
  for (size_t i = 0; i < st->diags.n; i++) {
    if (st->diags.v[i].error)
      util_error("%s", st->diags.v[i].text);
    else
      fprintf(stderr, UTIL_PROG ": note: %s\n", st->diags.v[i].text);
  }
  if (st->verbose && st->data_kind != NULL)
    fprintf(stderr,
            UTIL_PROG ": read %llu events in %.3f s (%.1f M events/s)\n",
            (unsigned long long)st->events, st->seconds,
            st->seconds > 0 ? (double)st->events / st->seconds / 1e6 : 0.0);
}

int main(int argc, char **argv) {
  struct report st = {0};
  const char *kind;
  int rc = REPORT_USAGE;

  /* 1. Options. */
  switch (options_parse(&st, argc, argv)) {
  case OPTIONS_USAGE:
    goto cleanup;
  case OPTIONS_HELP:
    options_print_help();
    rc = flush_stdout();
    goto cleanup;
  case OPTIONS_VERSION:
    options_print_version();
    rc = flush_stdout();
    goto cleanup;
  case OPTIONS_RUN:
    break;
  }

  if (st.mode == REPORT_CHECK) {
    /* 2. Each FILE: collect, classify, print. */
    for (int i = 0; i < st.n_check_paths; i++)
      check_file(&st, st.check_paths[i]);
  } else if ((kind = profile_sniff(&st)) != NULL) {
    st.progress = isatty(STDERR_FILENO);
    load_binaries(&st, kind);        /* 2. the binaries */
    if (load_data(&st, kind) == 0) { /* 3. the data */
      profile_summarize(&st);        /* 4. the summaries */
      write_report(&st);             /* 5. the output */
    }
  }

  rc = flush_stdout();
  print_diags(&st);
  if (rc == 0)
    rc = (int)st.status;
cleanup:
  report_free(&st);
  return rc;
}
