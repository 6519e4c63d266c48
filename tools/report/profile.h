/*===-- profile.h - ptrhook-report DATA: sites, counts, addresses ----------===*
 *
 * `ptrhook-report [OPTIONS] DATA` answers "which lines create the most
 * pointers, of what kind, and where do they point?" from a count file
 * (PTRHOOK_OPTIONS=counts=PATH) or a trace (mode=trace) and the site
 * descriptors of the binary that wrote it.  Everything it prints comes from
 * the state (struct report, sections 3 to 5), filled in phases:
 *
 *   1. options       (options.c)
 *   2. the binaries  (profile_load_binary, profile_binary.c): their site
 *                    descriptors, read with libelf (elfread.h), and their
 *                    PT_LOAD segments
 *   3. the data      (profile_load_counts, profile_counts.c: a COUNTS.<pid>
 *                    file of count mode; profile_load_trace,
 *                    profile_trace.c: a trace of mode=trace, streamed with
 *                    bounded memory)
 *   4. the summaries (profile_summarize, profile.c): kinds, sites,
 *                    functions, files, lines
 *   5. the output    (profile_emit, profile_emit.c: text, JSON, CSV;
 *                    profile_write_html, profile_html.c: --html DIR)
 *
 * A site of the report is a *source site*: the descriptors with the same
 * kind, function, file, line and column are one site (loop unrolling and
 * inlining copy descriptors; nobody can tell the copies apart in a
 * source view, and a counts file names sites by exactly those fields).
 *
 * Problems are diagnostics (report_diag): an error sets the exit status (the
 * worst wins), a note does not.  Every phase keeps going with what can
 * still be trusted, and says what it dropped.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_PROFILE_H
#define PTRHOOK_REPORT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptrhook_abi.h"
#include "util.h"

struct report;

/* Address classes of the address summary (traces only). */
enum profile_class {
  PROFILE_CLASS_NULL,    /* below 64 KiB: null and near-null pointers */
  PROFILE_CLASS_STACK,   /* a 64 KiB region an alloca event pointed into (or
                       less than 4 KiB below) */
  PROFILE_CLASS_HEAP,    /* any other region outside the binaries' images */
  PROFILE_CLASS_GLOBALS, /* inside a PT_LOAD segment of a given binary */
  PROFILE_CLASS_UNCLASSIFIED, /* stack, heap or globals, not told apart (see
                            profile_addrs.stack_known, globals_known) */
  PROFILE_NCLASS
};
#define PROFILE_REGION_SHIFT 16 /* 64 KiB regions */

/* One source site. */
struct profile_site {
  unsigned kind, line, column, flags;
  const char *function, *file, *directory; /* interned; "" when unknown */
  uint64_t events;
  bool in_binary; /* a given binary holds it */
};

/* One row of the per-function, per-file and per-kind tables. */
struct profile_group {
  const char *name; /* function, file or kind name */
  const char *file; /* functions: their file; files: their directory */
  uint64_t events;
  uint64_t sites, executed;
  unsigned line; /* functions: their first site's line */
};

struct profile_groups {
  struct profile_group *v;
  size_t n, cap;
};

/* One source line (the HTML view). */
struct profile_line {
  unsigned line;
  uint64_t events;
  size_t first_site, nsites; /* in profile_file_view.sites */
};

struct profile_file_view {
  const char *file, *directory;
  uint64_t events;
  UTIL_VEC(size_t) sites; /* indexes in st->sites, by line, column */
  UTIL_VEC(struct profile_line) lines;
};

/* One --binary. */
struct profile_binary {
  char *path;
  bool pie;            /* ET_DYN: run-time addresses = link + bias */
  uint64_t sites_addr; /* link-time address of ptrhook_sites */
  size_t stride;       /* bytes of a descriptor */
  UTIL_VEC(struct profile_site) desc; /* in section order (not merged);
                                         layout 3: with holes (kind
                                         PTRHOOK_TRACE_HOLE) where records
                                         are, as in a trace's table */
  size_t ndesc;                       /* descriptors (desc without holes) */
  UTIL_VEC(uint64_t) seg;             /* PT_LOAD [lo, hi) pairs, link-time */
  bool matched;                       /* found in the data */
  uint64_t bias;                      /* run-time minus link-time address */
};

struct profile_addrs {
  bool present;       /* the data had addresses (a trace) */
  bool stack_known;   /* alloca events tell stack regions */
  bool globals_known; /* a binary's load address is known */
  uint64_t events[PROFILE_NCLASS];
  uint64_t distinct[PROFILE_NCLASS];
  uint64_t distinct_total;
  bool estimate; /* distinct counts are HyperLogLog estimates */
  uint64_t exact_limit;
  uint64_t regions; /* 64 KiB regions touched */
};

/* A copy of S that lives as long as the process, shared by equal strings
 * (so that sites compare strings by pointer).  NULL becomes "". */
const char *profile_intern(const char *s);

/* Index in ST->sites of the site with S's kind, function, file, line and
 * column (strings interned), added with 0 events if new; S->events is
 * added to the site's, S->in_binary or-ed into it.  Cannot fail. */
size_t profile_site_add(struct report *st, const struct profile_site *s);

/* Index in ST->sites of the site with S's identity (strings interned),
 * or -1. */
long profile_site_find(const struct report *st, const struct profile_site *s);

/* Phase 2: reads the site descriptors and PT_LOAD segments of the linked
 * program or DSO at PATH into a new entry of ST->binaries.  Returns 0, or -1
 * after an error diagnostic (unreadable or not linked: REPORT_UNREADABLE; no
 * descriptors: REPORT_NOT_INSTRUMENTED), adding nothing. */
int profile_load_binary(struct report *st, const char *path);

/* Phase 3: read DATA (ST->data_path), a counts file or a trace.  Each
 * returns 0, or -1 when nothing at all could be read (a diagnostic says
 * why); damage with partial results returns 0 after an error diagnostic.
 * Both match the data against ST->binaries and add the binaries' sites. */
int profile_load_counts(struct report *st);
int profile_load_trace(struct report *st);

/* The program path that DATA, a counts file or a trace, recorded, or NULL;
 * a heap string.  *READABLE is false if DATA cannot be read at all
 * (profile_load_counts or profile_load_trace says why). */
char *profile_counts_program(const struct report *st, bool *readable);
char *profile_trace_program(const struct report *st, bool *readable);

/* Which of the two DATA is: "trace", "counts", or NULL after an error
 * diagnostic (missing, unreadable). */
const char *profile_sniff(struct report *st);

/* Whether the N sites V (a site table of the data, in index order) are
 * binary B's descriptors: the same number, and entry by entry the same
 * kind, line, column, function and file. */
bool profile_binary_same_sites(const struct profile_binary *b,
                               const struct profile_site *v, size_t n);

/* Adds the descriptors of every matched binary to ST->sites, with no
 * events: the sites that never ran are those that got none. */
void profile_add_binary_sites(struct report *st);

/* Phase 4: sorts the sites by events and sums them up by kind, function,
 * file and line (ST's section 5).  Cannot fail. */
void profile_summarize(struct report *st);

/* The path where the source FILE (recorded DIRECTORY) is found, applying
 * --prefix-map and --source-root; NULL if none is readable.  *TRIED gets
 * the first path tried (for messages).  The result is malloc'd. */
char *profile_find_source(const struct report *st, const char *file,
                          const char *directory, char **tried);

/* Phase 5: the report in ST->format to stdout.  Cannot fail (write errors
 * are found by the caller's fflush). */
void profile_emit(struct report *st);

/* Phase 5, --html DIR: writes DIR/index.html.  Returns 0, or -1 after an
 * error diagnostic (REPORT_UNREADABLE) if DIR or the file cannot be
 * written. */
int profile_write_html(struct report *st);

/* N as a share of TOTAL, a percentage with one decimal, "12.3%" ("-" if
 * TOTAL is 0), in BUF. */
const char *profile_share(char buf[16], uint64_t n, uint64_t total);

/* The name of address class CLS ("stack" ...) in every output format. */
const char *profile_class_name(enum profile_class cls);

#endif /* PTRHOOK_REPORT_PROFILE_H */
