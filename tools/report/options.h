/*===-- options.h - the command line of ptrhook-report ---------------------===*
 *
 * Phase 1 of both parts: the options into the state (struct report,
 * section 1), and the texts of --help and --version.
 *
 * USAGE: ptrhook-report --check [--verbose] FILE...
 *        ptrhook-report [--binary=FILE]... [--format=text|json|csv]
 *                       [--top=N] [--never-executed] [--html=DIR]
 *                       [--source-root=DIR] [--prefix-map=OLD=NEW]
 *                       [--exact-limit=N] [--verbose] DATA
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_OPTIONS_H
#define PTRHOOK_REPORT_OPTIONS_H

#include "report.h"

/* What the command line asks main() to do. */
enum options_action {
  OPTIONS_RUN,     /* the options are in the state: run the part they name */
  OPTIONS_HELP,    /* --help, -h */
  OPTIONS_VERSION, /* --version */
  OPTIONS_USAGE    /* a usage error, printed: exit with REPORT_USAGE */
};

/* Parses ARGV into ST's options: --check and its FILEs (ST->mode
 * REPORT_CHECK), or DATA and the options of a report of it, with their
 * defaults.  Returns what to do; OPTIONS_USAGE after printing the error. */
enum options_action options_parse(struct report *st, int argc, char **argv);

/* Print --help and --version to stdout.  Cannot fail (write errors are
 * found by the caller's fflush). */
void options_print_help(void);
void options_print_version(void);

#endif /* PTRHOOK_REPORT_OPTIONS_H */
