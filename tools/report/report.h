/*===-- report.h - the one state of ptrhook-report -------------------------===*
 *
 * ptrhook-report is one program in two parts, and every phase of both reads
 * and fills this one struct (report_main.c runs the phases in order):
 *
 *   --check FILE...  for each FILE in turn: what the ELF reader finds in it
 *                    (check_collect.c), how each source and function
 *                    relates to the plugin (check_classify.c), the report
 *                    on it (check_print.c); see check.h.
 *   DATA             the site descriptors of the binaries
 *                    (profile_binary.c), a count file or a trace
 *                    (profile_counts.c, profile_trace.c), the summaries
 *                    (profile.c), the report as text, JSON, CSV or HTML
 *                    (profile_emit.c, profile_html.c); see profile.h.
 *
 * Sections appear in the order the phases fill them.  Both parts end in
 * one exit status, the worst over what they read (enum report_status,
 * report_raise()).
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_REPORT_H
#define PTRHOOK_REPORT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "profile.h"
#include "ptrhook_abi.h"
#include "util.h"

/* Exit statuses (ptrhook-report(1), --help).  Also per FILE, binary or
 * DATA: the command exits with the worst (report_raise). */
enum report_status {
  REPORT_OK = 0,
  REPORT_USAGE = 1,            /* bad command line */
  REPORT_UNREADABLE = 2,       /* a FILE, DATA or binary missing, unreadable,
                                  not ELF, not a trace or counts file */
  REPORT_NOT_INSTRUMENTED = 3, /* a FILE without any provenance record; a
                                  binary without site descriptors */
  REPORT_DAMAGED = 4,          /* DATA truncated, corrupted or incomplete */
  REPORT_MISMATCH = 5,         /* DATA not written by a given binary */
  REPORT_ABI_MISMATCH = 6      /* --check: a FILE that defines a hook while
                                  its modules call another (the runtime
                                  stops such a program at start-up) */
};

/* Which part runs. */
enum report_mode {
  REPORT_PROFILE, /* ptrhook-report [OPTIONS] DATA */
  REPORT_CHECK    /* ptrhook-report --check FILE... */
};

/* --format of a report of DATA. */
enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV };

/* A diagnostic about DATA, printed to stderr after the report (and in its
 * JSON and HTML forms). */
struct report_diag {
  bool error;
  char *text;
};

struct report {
  /* 1. Options (options.c). */
  enum report_mode mode;
  bool verbose;       /* --verbose, -v */
  char **check_paths; /* --check: the FILEs */
  int n_check_paths;
  const char *data_path; /* DATA */
  UTIL_VEC(const char *) binary_paths;
  enum report_format format;
  unsigned top; /* sites listed; 0: all */
  bool never;   /* list the sites never executed */
  const char *html_dir;
  UTIL_VEC(const char *) source_roots;
  UTIL_VEC(char *) prefix_from; /* --prefix-map OLD=NEW */
  UTIL_VEC(char *) prefix_to;
  uint64_t exact_limit;
  bool progress; /* stderr is a terminal */

  /* 2. --check: the FILE being checked, emptied between files (check.h). */
  struct check_input in;
  bool printed; /* a report is on stdout: the next one after a blank line */

  /* 3. DATA: the binaries (profile_binary.c). */
  UTIL_VEC(struct profile_binary) binaries;

  /* 4. DATA: what it holds (profile_counts.c, profile_trace.c). */
  const char *data_kind; /* "trace" or "counts" */
  char *program;         /* recorded program path */
  uint32_t pid;
  uint64_t events, threads;
  bool has_sites; /* events carry sites (abi=site) */
  bool complete;  /* the data is whole */
  uint64_t kind_events[PTRHOOK_KIND_COUNT];
  uint64_t plain_events;   /* events of the plain hook: no site */
  uint64_t rebuilt_events; /* elided events put back (in `events`) */
  uint64_t unknown_events; /* a site in no table (counts: unattributed) */
  uint64_t inline_events;  /* counted inline (inline=count): kind, no site */
  UTIL_VEC(struct profile_site) sites;
  struct profile_addrs addrs;
  double seconds; /* reading the data */

  /* 5. DATA: summaries, by events, descending (profile.c). */
  UTIL_VEC(size_t) order; /* sites by events, then file, line, column */
  struct profile_groups kinds, functions, files;
  UTIL_VEC(struct profile_file_view) views;
  uint64_t executed_sites;

  /* 6. Outcome: both parts. */
  UTIL_VEC(struct report_diag) diags; /* DATA's, printed at the end */
  enum report_status status;          /* the worst so far */
};

/* Raises ST->status to S if S is worse: by number, except that under
 * --check an unreadable FILE (2) is worse than one without records (3), as
 * --help says.  Cannot fail. */
void report_raise(struct report *st, enum report_status s);

/* Records a diagnostic about DATA in ST->diags (printed after the report);
 * an error raises ST->status to STATUS (report_raise).  Cannot fail (out of
 * memory ends the process, see util.h). */
void report_diag(struct report *st, bool error, enum report_status status,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Frees everything ST holds (profile_intern's strings stay) and zeroes
 * it. */
void report_free(struct report *st);

#endif /* PTRHOOK_REPORT_REPORT_H */
