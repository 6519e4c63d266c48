/*===-- options.c - the command line of ptrhook-report ---------------------===*
 *
 * See options.h.  The two parts parse their own options, so that each
 * rejects the other's (--binary with --check, --check with DATA's) with
 * the same messages as ever.
 *===----------------------------------------------------------------------===*/
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"
#include "ptrhook_trace_format.h"
#include "report_config.h"

/* Whether ARGV has --check (before any "--"): the two parts parse their
 * own options. */
static bool check_mode(int argc, char **argv) {
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "--check") == 0)
      return true;
  return false;
}

/* --check FILE...: FILEs may come before, between and after options;
 * "--" ends the options. */
static enum options_action parse_check(struct report *st, int argc,
                                       char **argv) {
  bool only_files = false;

  st->check_paths =
      util_xmalloc((size_t)(argc > 0 ? argc : 1) * sizeof(char *));
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || a[1] == '\0')
      st->check_paths[st->n_check_paths++] = argv[i];
    else if (strcmp(a, "--") == 0)
      only_files = true;
    else if (strcmp(a, "--check") == 0)
      st->mode = REPORT_CHECK;
    else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
      st->verbose = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
      return OPTIONS_HELP;
    else if (strcmp(a, "--version") == 0)
      return OPTIONS_VERSION;
    else {
      util_error("unknown option '%s' (see --help)", a);
      return OPTIONS_USAGE;
    }
  }
  if (st->mode != REPORT_CHECK) {
    util_error("no action given: use --check FILE... (see --help)");
    return OPTIONS_USAGE;
  }
  if (st->n_check_paths == 0) {
    util_error("--check needs at least one FILE (see --help)");
    return OPTIONS_USAGE;
  }
  return OPTIONS_RUN;
}

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

/* [OPTIONS] DATA: one DATA, options before or after it; "--" ends the
 * options. */
static enum options_action parse_profile(struct report *st, int argc,
                                         char **argv) {
  bool only_files = false;
  const char *v;
  uint64_t n;

  st->top = 10;
  st->exact_limit = (uint64_t)1 << 22;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || a[1] == '\0') {
      if (st->data_path != NULL) {
        util_error("one DATA file at a time ('%s' and '%s'); give binaries "
                   "with --binary (see --help)",
                   st->data_path, a);
        return OPTIONS_USAGE;
      }
      st->data_path = a;
    } else if (strcmp(a, "--") == 0) {
      only_files = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      return OPTIONS_HELP;
    } else if (strcmp(a, "--version") == 0) {
      return OPTIONS_VERSION;
    } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
      st->verbose = true;
    } else if (strcmp(a, "--never-executed") == 0) {
      st->never = true;
    } else if ((v = option_value(argc, argv, &i, "--binary")) ||
               (v = option_value(argc, argv, &i, "-b"))) {
      if (!*v)
        return OPTIONS_USAGE;
      UTIL_PUSH(st->binary_paths, v);
    } else if ((v = option_value(argc, argv, &i, "--format"))) {
      if (!strcmp(v, "text"))
        st->format = REPORT_TEXT;
      else if (!strcmp(v, "json"))
        st->format = REPORT_JSON;
      else if (!strcmp(v, "csv"))
        st->format = REPORT_CSV;
      else {
        util_error("--format: '%s' is not text, json or csv", v);
        return OPTIONS_USAGE;
      }
    } else if ((v = option_value(argc, argv, &i, "--top"))) {
      if (!parse_count(v, &n) || n > UINT32_MAX) {
        util_error("--top: '%s' is not a number of sites (0: all)", v);
        return OPTIONS_USAGE;
      }
      st->top = (unsigned)n;
    } else if ((v = option_value(argc, argv, &i, "--exact-limit"))) {
      if (!parse_count(v, &st->exact_limit) ||
          st->exact_limit > ((uint64_t)1 << 32)) {
        util_error("--exact-limit: '%s' is not a number of addresses "
                   "(0 to 4294967296)",
                   v);
        return OPTIONS_USAGE;
      }
    } else if ((v = option_value(argc, argv, &i, "--html"))) {
      if (!*v)
        return OPTIONS_USAGE;
      st->html_dir = v;
    } else if ((v = option_value(argc, argv, &i, "--source-root"))) {
      if (!*v)
        return OPTIONS_USAGE;
      UTIL_PUSH(st->source_roots, v);
    } else if ((v = option_value(argc, argv, &i, "--prefix-map"))) {
      const char *eq = strchr(v, '=');
      char *from;
      if (eq == NULL || eq == v) {
        util_error("--prefix-map: '%s' is not OLD=NEW", v);
        return OPTIONS_USAGE;
      }
      from = util_xstrdup(v);
      from[eq - v] = '\0';
      UTIL_PUSH(st->prefix_from, from);
      UTIL_PUSH(st->prefix_to, util_xstrdup(eq + 1));
    } else {
      util_error("unknown option '%s' (see --help)", a);
      return OPTIONS_USAGE;
    }
  }
  if (st->data_path == NULL) {
    util_error("no DATA file: give a trace or a counts file, or --check "
               "FILE... (see --help)");
    return OPTIONS_USAGE;
  }
  return OPTIONS_RUN;
}

enum options_action options_parse(struct report *st, int argc, char **argv) {
  return check_mode(argc, argv) ? parse_check(st, argc, argv)
                                : parse_profile(st, argc, argv);
}

void options_print_help(void) {
  printf(
      "Usage: " UTIL_PROG " [OPTIONS] DATA\n"
      "       " UTIL_PROG " --check [--verbose] FILE...\n"
      "\n"
      "With DATA, a count file (PTRHOOK_OPTIONS=counts=PATH) or a trace "
      "(mode=trace),\n"
      "reports which sites create the most pointers: totals per kind, the "
      "top sites with\n"
      "file:line:col, function and kind, functions, files, address classes "
      "(stack, heap,\n"
      "globals, distinct addresses; traces only) and, on request, the sites "
      "never executed.\n"
      "Site descriptors come from the data and from the binary that wrote it "
      "(the recorded\n"
      "program, or --binary), which must match.\n"
      "\n"
      "Options:\n"
      "  --binary=FILE, -b FILE  The program (or a DSO) that wrote DATA; "
      "repeatable\n"
      "  --format=text|json|csv  Output format (default text; json and csv "
      "are stable)\n"
      "  --top=N                 Sites in the top list (default 10, 0: "
      "all executed)\n"
      "  --never-executed        Also list the sites that never ran\n"
      "  --html=DIR              Also write DIR/index.html: sources tinted "
      "by events\n"
      "  --source-root=DIR       Look for sources under DIR too "
      "(repeatable)\n"
      "  --prefix-map=OLD=NEW    Read recorded paths under OLD from NEW "
      "(repeatable)\n"
      "  --exact-limit=N         Distinct addresses counted exactly up to N "
      "(default\n"
      "                          4194304), then estimated (HyperLogLog)\n"
      "  --verbose, -v           Say how long reading took (events per "
      "second)\n"
      "\n"
      "With --check, checks what the ptrhook plugin left in each FILE (an "
      "executable, a\n"
      "shared object, a relocatable object or a static archive) to answer "
      "\"why does my\n"
      "plugin not run?\":\n"
      "  - the provenance record of every instrumented module: source, "
      "stage, plugin and\n"
      "    LLVM versions, options, functions instrumented and excluded, "
      "sites per kind;\n"
      "    several plugin versions, LLVM versions or option sets in one "
      "file are flagged;\n"
      "  - the sources compiled without the plugin (file symbols without a "
      "record), apart\n"
      "    from the expected ones: the ptrhook runtime, crt files, library "
      "objects;\n"
      "  - the functions without any hook site.\n"
      "  --check        Check FILE...\n"
      "  --verbose, -v  Also list the names behind every count\n"
      "\n"
      "  --help, -h     Print this help and exit\n"
      "  --version      Print the ptrhook and LLVM versions and exit\n"
      "\n"
      "Exit status:\n"
      "  0  provenance records were found in every FILE (with warnings or "
      "not); DATA\n"
      "     was read whole and matches its binary\n"
      "  1  usage error\n"
      "  2  a FILE or DATA is missing, unreadable, not ELF or not a trace or "
      "counts file\n"
      "     (wins over 3)\n"
      "  3  a FILE holds no provenance record: nothing in it was compiled "
      "with the plugin;\n"
      "     a binary has no site descriptors\n"
      "  4  DATA is truncated, corrupted or incomplete: the report covers "
      "what was read\n"
      "  5  DATA was not written by a given binary: the report leaves it "
      "out\n");
}

void options_print_version(void) {
  printf("ptrhook-report: ptrhook version %s (LLVM %s)\n", PTRHOOK_VERSION,
         PTRHOOK_LLVM_VERSION);
  printf("reads provenance records %s and site descriptors of layout "
         "versions 1 to %d\n",
         PTRHOOK_PROVENANCE_MAGIC, PTRHOOK_SITE_VERSION);
  printf("reads traces %s versions 1 to %u and counts files ptrhook-counts 1\n",
         PTRHOOK_TRACE_MAGIC, PTRHOOK_TRACE_VERSION);
}
