/*===-- collect.h - read one input of ptrhook-report -----------------------===*
 *
 * Phase 2a: runs the ELF reader (elfread.h) over every object of one
 * input file (the file, or each member of an archive) and copies what it
 * finds into the state's report_input: provenance records, file symbols,
 * function symbols, the functions that have hook sites, .comment strings
 * and the hook symbol.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_COLLECT_H
#define PTRHOOK_REPORT_COLLECT_H

#include "report_state.h"

/* Empties ST->in and fills it from PATH.  Returns 0, or -1 if PATH cannot
 * be read as ELF or an archive (missing, unreadable, another format,
 * corrupt): ST->in.error says why, naming the file.  An archive member that
 * cannot be read is not an error: it is listed in ST->in.bad_members. */
int collect_input(struct report_state *st, const char *path);

/* Frees everything ST->in holds and zeroes it. */
void collect_free(struct report_input *in);

#endif /* PTRHOOK_REPORT_COLLECT_H */
