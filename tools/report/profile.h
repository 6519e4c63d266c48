/*===-- profile.h - ptrhook-report's model of a run: sites, counts, addresses ===*
 *
 * Everything `ptrhook-report DATA` prints comes from one struct pf_profile,
 * filled in phases:
 *
 *   1. options              (report_main.c)
 *   2. the binaries         (pf_load_binary, binary.c): their site
 *                           descriptors, read with libelf (elfread.h),
 *                           and their PT_LOAD segments
 *   3. the data             (pf_load_counts, counts.c: a COUNTS.<pid> file
 *                           of count mode; pf_load_trace, trace_scan.c: a
 *                           trace of mode=trace, streamed with bounded
 *                           memory)
 *   4. the summaries        (pf_summarize, profile.c): kinds, sites,
 *                           functions, files, lines
 *   5. the output           (emit.c: text, JSON, CSV; html.c: --html DIR)
 *
 * A site of the report is a *source site*: the descriptors with the same
 * kind, function, file, line and column are one site (loop unrolling and
 * inlining copy descriptors; nobody can tell the copies apart in a
 * source view, and a counts file names sites by exactly those fields).
 *
 * Problems are diagnostics (pf_diag): an error sets the exit status (the
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

/* Exit statuses of a report; the worst (highest) wins. */
enum pf_status {
  PF_OK = 0,
  PF_USAGE = 1,
  PF_UNREADABLE = 2, /* DATA or a binary missing, unreadable, not ours */
  PF_NO_SITES = 3,   /* a binary without site descriptors */
  PF_DAMAGED = 4,    /* a truncated, corrupted or incomplete trace */
  PF_MISMATCH = 5    /* the data was not written by the binary */
};

enum pf_format { PF_TEXT, PF_JSON, PF_CSV };

/* Address classes of the address summary (traces only). */
enum pf_class {
  PF_CLASS_NULL,    /* below 64 KiB: null and near-null pointers */
  PF_CLASS_STACK,   /* a 64 KiB region an alloca event pointed into (or
                       less than 4 KiB below) */
  PF_CLASS_HEAP,    /* any other region outside the binaries' images */
  PF_CLASS_GLOBALS, /* inside a PT_LOAD segment of a given binary */
  PF_CLASS_UNCLASSIFIED, /* stack, heap or globals, not told apart (see
                            pf_addrs.stack_known, globals_known) */
  PF_NCLASS
};
#define PF_REGION_SHIFT 16 /* 64 KiB regions */

/* One source site. */
struct pf_site {
  unsigned kind, line, column, flags;
  const char *function, *file, *directory; /* interned; "" when unknown */
  uint64_t events;
  bool in_binary;       /* a given binary holds it */
};

/* One row of the per-function, per-file and per-kind tables. */
struct pf_group {
  const char *name; /* function, file or kind name */
  const char *file; /* functions: their file; files: their directory */
  uint64_t events;
  uint64_t sites, executed;
  unsigned line;    /* functions: their first site's line */
};

struct pf_groups {
  struct pf_group *v;
  size_t n, cap;
};

/* One source line (the HTML view). */
struct pf_line {
  unsigned line;
  uint64_t events;
  size_t first_site, nsites; /* in pf_file_view.sites */
};

struct pf_file_view {
  const char *file, *directory;
  uint64_t events;
  UTIL_VEC(size_t) sites; /* indexes in pf_profile.sites, by line, column */
  UTIL_VEC(struct pf_line) lines;
};

struct pf_diag {
  bool error;
  char *text;
};

/* One --binary. */
struct pf_binary {
  char *path;
  bool pie;                /* ET_DYN: run-time addresses = link + bias */
  uint64_t sites_addr;     /* link-time address of ptrhook_sites */
  size_t stride;           /* bytes of a descriptor */
  UTIL_VEC(struct pf_site) desc; /* in section order (not merged) */
  UTIL_VEC(uint64_t) seg;   /* PT_LOAD [lo, hi) pairs, link-time */
  bool matched;            /* found in the data */
  uint64_t bias;           /* run-time minus link-time address */
};

struct pf_addrs {
  bool present;       /* the data had addresses (a trace) */
  bool stack_known;   /* alloca events tell stack regions */
  bool globals_known; /* a binary's load address is known */
  uint64_t events[PF_NCLASS];
  uint64_t distinct[PF_NCLASS];
  uint64_t distinct_total;
  bool estimate;      /* distinct counts are HyperLogLog estimates */
  uint64_t exact_limit;
  uint64_t regions;   /* 64 KiB regions touched */
};

struct pf_profile {
  /* 1. Options. */
  const char *data_path;
  UTIL_VEC(const char *) binary_paths;
  enum pf_format format;
  unsigned top;        /* sites listed; 0: all */
  bool never;          /* list the sites never executed */
  const char *html_dir;
  UTIL_VEC(const char *) source_roots;
  UTIL_VEC(char *) prefix_from; /* --prefix-map OLD=NEW */
  UTIL_VEC(char *) prefix_to;
  uint64_t exact_limit;
  bool verbose;
  bool progress;       /* stderr is a terminal */

  /* 2. Binaries. */
  UTIL_VEC(struct pf_binary) binaries;

  /* 3. The data. */
  const char *data_kind; /* "trace" or "counts" */
  char *program;         /* recorded program path */
  uint32_t pid;
  uint64_t events, threads;
  bool has_sites;        /* events carry sites (abi=site) */
  bool complete;         /* the data is whole */
  uint64_t kind_events[PTRHOOK_KIND_COUNT];
  uint64_t plain_events;   /* events of the plain hook: no site */
  uint64_t rebuilt_events; /* elided events put back (in `events`) */
  uint64_t unknown_events; /* a site in no table (counts: unattributed) */
  uint64_t inline_events;  /* counted inline (inline=count): kind, no site */
  UTIL_VEC(struct pf_site) sites;
  struct pf_addrs addrs;
  double seconds;          /* reading the data */

  /* 4. Summaries, by events (descending). */
  UTIL_VEC(size_t) order;   /* sites by events, then file, line, column */
  struct pf_groups kinds, functions, files;
  UTIL_VEC(struct pf_file_view) views;
  uint64_t executed_sites;

  /* Diagnostics and the outcome. */
  UTIL_VEC(struct pf_diag) diags;
  enum pf_status status;
};

/* A copy of S that lives as long as the process, shared by equal strings
 * (so that sites compare strings by pointer).  NULL becomes "". */
const char *pf_intern(const char *s);

/* Records a diagnostic; an error raises P->status to at least STATUS. */
void pf_diag(struct pf_profile *p, bool error, enum pf_status status,
             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Index in P->sites of the site with S's kind, function, file, line and
 * column (strings interned), added with 0 events if new.  S->events,
 * S->events is added to the site's, S->in_binary or-ed into it. */
size_t pf_site_add(struct pf_profile *p, const struct pf_site *s);

/* Index in P->sites of the site with S's identity (strings interned), or
 * -1. */
long pf_site_find(const struct pf_profile *p, const struct pf_site *s);

/* Phase 2: reads the site descriptors and PT_LOAD segments of the linked
 * program or DSO at PATH into a new entry of P->binaries.  Returns 0, or -1
 * after an error diagnostic (unreadable or not linked: PF_UNREADABLE; no
 * descriptors: PF_NO_SITES), adding nothing. */
int pf_load_binary(struct pf_profile *p, const char *path);

/* Phase 3.  Each returns 0, or -1 when nothing at all could be read (a
 * diagnostic says why); damage with partial results returns 0 after an
 * error diagnostic.  Both match the data against P->binaries and add the
 * binaries' sites. */
int pf_load_counts(struct pf_profile *p);
int pf_load_trace(struct pf_profile *p);

/* Which of the two DATA is: "trace", "counts", or NULL after a diagnostic
 * (missing, unreadable, neither). */
const char *pf_sniff(struct pf_profile *p);

/* Whether the N sites V (a site table of the data, in index order) are
 * binary B's descriptors: the same number, and entry by entry the same
 * kind, line, column, function and file. */
bool pf_binary_same_sites(const struct pf_binary *b, const struct pf_site *v,
                          size_t n);

/* Adds the descriptors of every matched binary to P->sites, with no
 * events: the sites that never ran are those that got none. */
void pf_add_binary_sites(struct pf_profile *p);

/* Phase 4. */
void pf_summarize(struct pf_profile *p);

/* The path where the source FILE (recorded DIRECTORY) is found, applying
 * --prefix-map and --source-root; NULL if none is readable.  *TRIED gets
 * the first path tried (for messages).  The result is malloc'd. */
char *pf_find_source(const struct pf_profile *p, const char *file,
                     const char *directory, char **tried);

/* Phase 5. */
void pf_emit(struct pf_profile *p);
int pf_write_html(struct pf_profile *p);

/* Frees everything P holds (interned strings stay) and zeroes it. */
void pf_free(struct pf_profile *p);

/* Share of TOTAL as a percentage with one decimal, "12.3%" ("-" if TOTAL
 * is 0), in BUF. */
const char *pf_share(char buf[16], uint64_t n, uint64_t total);

#endif /* PTRHOOK_REPORT_PROFILE_H */
