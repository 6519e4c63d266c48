/*===-- classify.h - relate sources and functions to the plugin ------------===*
 *
 * Phase 2b: groups the provenance records into build configurations,
 * counts the plugin versions, LLVM versions and option sets among them,
 * and decides for every file symbol and function symbol whether it was
 * instrumented, compiled without the plugin, or is expected to be without
 * it (the ptrhook runtime, crt files, library objects).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_CLASSIFY_H
#define PTRHOOK_REPORT_CLASSIFY_H

#include "report_state.h"

/* Fills the derived part of ST->in (section 2b of report_state.h) from
 * what collect_input() read.  Cannot fail. */
void classify_input(struct report_state *st);

/* The words a report uses for a source class ("the ptrhook runtime"). */
const char *classify_source_class_name(enum report_source_class cls);

#endif /* PTRHOOK_REPORT_CLASSIFY_H */
