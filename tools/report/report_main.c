/*===-- report_main.c - ptrhook-report: what did the plugin do to a binary? ===*
 *
 * `ptrhook-report --check FILE...` answers the most common question about
 * ptrhook, "why does my plugin not run?", from the files alone: it lists
 * the provenance record of every instrumented module (what instrumented
 * it, how, what it found), flags mixed plugin versions, LLVM versions and
 * option sets, the sources compiled without the plugin and the functions
 * without any hook site; for a file without any record it says so and
 * lists the usual causes.  FILE is an executable, a shared object, a
 * relocatable object or a static archive.
 *
 * main() reads as its phases: options, then for each file collect (ELF
 * reader), classify, print; the exit status is the worst over the files
 * (see enum report_status).
 *
 * USAGE: ptrhook-report --check [--verbose] FILE...
 *===----------------------------------------------------------------------===*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "collect.h"
#include "print.h"
#include "report_state.h"
#include "report_util.h"

/* What parse_options() asks main() to do. */
enum report_action { ACTION_RUN, ACTION_HELP, ACTION_VERSION, ACTION_USAGE };

/* Phase 1: options.  Files may come before, between and after options;
 * "--" ends the options. */
static enum report_action parse_options(struct report_state *st, int argc,
                                        char **argv) {
  bool only_files = false;

  st->files = rep_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof(char *));
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || a[1] == '\0')
      st->files[st->n_files++] = argv[i];
    else if (strcmp(a, "--") == 0)
      only_files = true;
    else if (strcmp(a, "--check") == 0)
      st->check = true;
    else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
      st->verbose = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
      return ACTION_HELP;
    else if (strcmp(a, "--version") == 0)
      return ACTION_VERSION;
    else {
      rep_error("unknown option '%s' (see --help)", a);
      return ACTION_USAGE;
    }
  }
  if (!st->check) {
    rep_error("no action given: use --check FILE... (see --help)");
    return ACTION_USAGE;
  }
  if (st->n_files == 0) {
    rep_error("--check needs at least one FILE (see --help)");
    return ACTION_USAGE;
  }
  return ACTION_RUN;
}

/* Keeps the worst status: unreadable (2) wins over no records (3), which
 * wins over OK. */
static void note_status(struct report_state *st, enum report_status s) {
  if (st->status == REPORT_UNREADABLE || s == REPORT_OK)
    return;
  if (s == REPORT_UNREADABLE || st->status == REPORT_OK)
    st->status = s;
}

/* Phase 2: one file, collected, classified, printed. */
static void check_file(struct report_state *st, const char *path) {
  if (collect_input(st, path) != 0) {
    rep_error("%s", st->in.error);
    note_status(st, REPORT_UNREADABLE);
    return;
  }
  classify_input(st);
  if (st->printed)
    putchar('\n');
  print_check(st);
  st->printed = true;
  note_status(st, st->in.modules.n + st->in.bad_records.n > 0
                      ? REPORT_OK
                      : REPORT_NO_RECORDS);
}

/* Phase 3: stdout must have reached its destination. */
static int finish(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    rep_error("cannot write to standard output: %s", strerror(errno));
    return REPORT_UNREADABLE;
  }
  return 0;
}

int main(int argc, char **argv) {
  struct report_state st = {0};
  int rc;

  switch (parse_options(&st, argc, argv)) {
  case ACTION_HELP:
    print_help();
    rc = finish();
    goto cleanup;
  case ACTION_VERSION:
    print_version();
    rc = finish();
    goto cleanup;
  case ACTION_USAGE:
    rc = REPORT_USAGE;
    goto cleanup;
  case ACTION_RUN:
    break;
  }
  for (int i = 0; i < st.n_files; i++)
    check_file(&st, st.files[i]);
  rc = finish();
  if (rc == 0)
    rc = st.status;
cleanup:
  collect_free(&st.in);
  free(st.files);
  return rc;
}
