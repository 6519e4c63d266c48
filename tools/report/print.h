/*===-- print.h - what ptrhook-report prints -------------------------------===*
 *
 * Phase 2c: the report on one input, from what collect.c read and
 * classify.c derived; and --help, --version.  Everything goes to stdout.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_PRINT_H
#define PTRHOOK_REPORT_PRINT_H

#include "report_state.h"

/* Prints the --check report of ST->in and counts its warnings in
 * ST->in.warnings; for an input without any provenance record, the
 * explanation and the usual causes instead.  Cannot fail (write errors
 * are found by the caller's fflush). */
void print_check(struct report_state *st);

/* --help and --version.  Cannot fail. */
void print_help(void);
void print_version(void);

#endif /* PTRHOOK_REPORT_PRINT_H */
