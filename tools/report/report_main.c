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
 * `ptrhook-report [OPTIONS] DATA` answers "which lines create the most
 * pointers, of what kind, and where do they point?" from a count file
 * (PTRHOOK_OPTIONS=counts=PATH) or a trace (mode=trace) and the site
 * descriptors of the binary that wrote it: see profile.h for its phases.
 *
 * USAGE: ptrhook-report --check [--verbose] FILE...
 *        ptrhook-report [--binary=FILE]... [--format=text|json|csv]
 *                       [--top=N] [--never-executed] [--html=DIR]
 *                       [--source-root=DIR] [--prefix-map=OLD=NEW]
 *                       [--exact-limit=N] [--verbose] DATA
 *===----------------------------------------------------------------------===*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "collect.h"
#include "print.h"
#include "profile.h"
#include "ptrhook_trace.h"
#include "report_state.h"
#include "util.h"

/* `ptrhook-report [OPTIONS] DATA`, at the end of this file. */
static int run_report(int argc, char **argv);

/* Whether argv has --check: the two modes parse their own options. */
static bool check_mode(int argc, char **argv) {
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "--check") == 0)
      return true;
  return false;
}

/* What parse_options() asks main() to do. */
enum report_action { ACTION_RUN, ACTION_HELP, ACTION_VERSION, ACTION_USAGE };

/* Phase 1: options.  Files may come before, between and after options;
 * "--" ends the options. */
static enum report_action parse_options(struct report_state *st, int argc,
                                        char **argv) {
  bool only_files = false;

  st->files = util_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof(char *));
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
      util_error("unknown option '%s' (see --help)", a);
      return ACTION_USAGE;
    }
  }
  if (!st->check) {
    util_error("no action given: use --check FILE... (see --help)");
    return ACTION_USAGE;
  }
  if (st->n_files == 0) {
    util_error("--check needs at least one FILE (see --help)");
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
    util_error("%s", st->in.error);
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
    util_error("cannot write to standard output: %s", strerror(errno));
    return REPORT_UNREADABLE;
  }
  return 0;
}

int main(int argc, char **argv) {
  struct report_state st = {0};
  int rc;

  if (!check_mode(argc, argv))
    return run_report(argc, argv);
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

/*===-- Reports of counts and traces --------------------------------------===*/

/* The value of option NAME at argv[*i]: "--NAME=VALUE" or "--NAME VALUE"
 * (then *i moves on).  NULL if argv[*i] is not that option; "" (after an
 * error) if its value is missing. */
static const char *option_value(int argc, char **argv, int *i,
                                const char *name) {
  size_t n = strlen(name);
  const char *a = argv[*i];

  if (strncmp(a, name, n) != 0)
    return NULL;
  if (a[n] == '=')
    return a + n + 1;
  if (a[n] != '\0')
    return NULL;
  if (*i + 1 >= argc) {
    util_error("%s needs a value (see --help)", name);
    return "";
  }
  return argv[++*i];
}

static bool parse_count(const char *s, uint64_t *out) {
  char *end;
  if (*s < '0' || *s > '9')
    return false;
  errno = 0;
  *out = strtoull(s, &end, 10);
  return errno == 0 && *end == '\0';
}

/* Options of the report mode into P.  Returns ACTION_*. */
static enum report_action parse_report_options(struct pf_profile *p, int argc,
                                               char **argv) {
  bool only_files = false;
  const char *v;
  uint64_t n;

  p->top = 10;
  p->exact_limit = (uint64_t)1 << 22;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || a[1] == '\0') {
      if (p->data_path != NULL) {
        util_error("one DATA file at a time ('%s' and '%s'); give binaries "
                  "with --binary (see --help)", p->data_path, a);
        return ACTION_USAGE;
      }
      p->data_path = a;
    } else if (strcmp(a, "--") == 0) {
      only_files = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      return ACTION_HELP;
    } else if (strcmp(a, "--version") == 0) {
      return ACTION_VERSION;
    } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
      p->verbose = true;
    } else if (strcmp(a, "--never-executed") == 0) {
      p->never = true;
    } else if ((v = option_value(argc, argv, &i, "--binary")) ||
               (v = option_value(argc, argv, &i, "-b"))) {
      if (!*v)
        return ACTION_USAGE;
      UTIL_PUSH(p->binary_paths, v);
    } else if ((v = option_value(argc, argv, &i, "--format"))) {
      if (!strcmp(v, "text"))
        p->format = PF_TEXT;
      else if (!strcmp(v, "json"))
        p->format = PF_JSON;
      else if (!strcmp(v, "csv"))
        p->format = PF_CSV;
      else {
        util_error("--format: '%s' is not text, json or csv", v);
        return ACTION_USAGE;
      }
    } else if ((v = option_value(argc, argv, &i, "--top"))) {
      if (!parse_count(v, &n) || n > UINT32_MAX) {
        util_error("--top: '%s' is not a number of sites (0: all)", v);
        return ACTION_USAGE;
      }
      p->top = (unsigned)n;
    } else if ((v = option_value(argc, argv, &i, "--exact-limit"))) {
      if (!parse_count(v, &p->exact_limit) ||
          p->exact_limit > ((uint64_t)1 << 32)) {
        util_error("--exact-limit: '%s' is not a number of addresses "
                  "(0 to 4294967296)", v);
        return ACTION_USAGE;
      }
    } else if ((v = option_value(argc, argv, &i, "--html"))) {
      if (!*v)
        return ACTION_USAGE;
      p->html_dir = v;
    } else if ((v = option_value(argc, argv, &i, "--source-root"))) {
      if (!*v)
        return ACTION_USAGE;
      UTIL_PUSH(p->source_roots, v);
    } else if ((v = option_value(argc, argv, &i, "--prefix-map"))) {
      const char *eq = strchr(v, '=');
      char *from;
      if (eq == NULL || eq == v) {
        util_error("--prefix-map: '%s' is not OLD=NEW", v);
        return ACTION_USAGE;
      }
      from = util_xstrdup(v);
      from[eq - v] = '\0';
      UTIL_PUSH(p->prefix_from, from);
      UTIL_PUSH(p->prefix_to, util_xstrdup(eq + 1));
    } else {
      util_error("unknown option '%s' (see --help)", a);
      return ACTION_USAGE;
    }
  }
  if (p->data_path == NULL) {
    util_error("no DATA file: give a trace or a counts file, or --check "
              "FILE... (see --help)");
    return ACTION_USAGE;
  }
  return ACTION_RUN;
}

/* The program path DATA recorded, or NULL.  Malloc'd.  *READABLE is false
 * if DATA cannot be read at all (phase 3 says why). */
static char *recorded_program(struct pf_profile *p, const char *kind,
                              bool *readable) {
  char err[512], *prog = NULL;

  *readable = true;
  if (strcmp(kind, "trace") == 0) {
    struct ptrhook_trace *t = ptrhook_trace_open_stream(p->data_path, err,
                                                        sizeof err);
    *readable = t != NULL;
    if (t != NULL && *ptrhook_trace_info(t)->program)
      prog = util_xstrdup(ptrhook_trace_info(t)->program);
    ptrhook_trace_close(t);
  } else {
    FILE *f = fopen(p->data_path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    *readable = f != NULL && getline(&line, &cap, f) > 0 &&
                strcmp(line, "ptrhook-counts\t1\n") == 0;
    while (*readable && prog == NULL && (len = getline(&line, &cap, f)) > 0) {
      if (strncmp(line, "program\t", 8) == 0) {
        if (line[len - 1] == '\n')
          line[len - 1] = '\0';
        prog = util_xstrdup(line + 8);
      }
    }
    free(line);
    if (f)
      fclose(f);
  }
  return prog;
}

static int run_report(int argc, char **argv) {
  struct pf_profile p = {0};
  const char *kind;
  int rc;

  switch (parse_report_options(&p, argc, argv)) {
  case ACTION_HELP:
    print_help();
    rc = finish();
    pf_free(&p);
    return rc;
  case ACTION_VERSION:
    print_version();
    rc = finish();
    pf_free(&p);
    return rc;
  case ACTION_USAGE:
    pf_free(&p);
    return REPORT_USAGE;
  case ACTION_RUN:
    break;
  }
  p.progress = isatty(STDERR_FILENO);
  kind = pf_sniff(&p);
  if (kind != NULL) {
    /* Phase 2: the binaries; by default the program the data names. */
    if (p.binary_paths.n == 0) {
      bool readable;
      char *prog = recorded_program(&p, kind, &readable);
      if (prog != NULL && access(prog, R_OK) == 0)
        pf_load_binary(&p, prog);
      else if (readable)
        pf_diag(&p, false, PF_OK,
                "the program %s that wrote %s is not readable: no "
                "never-executed sites, no globals (give --binary=FILE)",
                prog ? prog : "(not recorded)", p.data_path);
      free(prog);
    }
    for (size_t i = 0; i < p.binary_paths.n; i++)
      pf_load_binary(&p, p.binary_paths.v[i]);
    /* Phase 3: the data. */
    rc = strcmp(kind, "trace") == 0 ? pf_load_trace(&p) : pf_load_counts(&p);
    if (rc == 0) {
      /* Phases 4 and 5. */
      pf_summarize(&p);
      if (p.html_dir != NULL)
        pf_write_html(&p);
      pf_emit(&p);
    }
  }
  rc = finish();
  for (size_t i = 0; i < p.diags.n; i++) {
    if (p.diags.v[i].error)
      util_error("%s", p.diags.v[i].text);
    else
      fprintf(stderr, UTIL_PROG ": note: %s\n", p.diags.v[i].text);
  }
  if (p.verbose && p.data_kind != NULL)
    fprintf(stderr,
            UTIL_PROG ": read %llu events in %.3f s (%.1f M events/s)\n",
            (unsigned long long)p.events, p.seconds,
            p.seconds > 0 ? (double)p.events / p.seconds / 1e6 : 0.0);
  if (rc == 0)
    rc = (int)p.status;
  pf_free(&p);
  return rc;
}
