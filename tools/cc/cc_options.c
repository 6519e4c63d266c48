/*===-- cc_options.c - the -fptrhook-* options, expanded from Options.def --===*
 *
 * See cc_options.h.  The table below is the only list of options here:
 * applying an option, checking its value, suggesting a spelling and
 * printing --help all walk it.  Values are checked the way the pass checks
 * them (pass/Options.cpp: parseChoice, parseKindList), so that what the
 * wrapper lets through the plugin accepts.
 *===----------------------------------------------------------------------===*/
#include "cc_options.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cc_util.h"
#include "ptrhook_abi.h"

/* The two spellings of a row's name N: -fptrhook-N and -fno-ptrhook-N. */
#define ON_PREFIX "-fptrhook-"
#define OFF_PREFIX "-fno-ptrhook-"

/* A misspelt option gets a suggestion this many edits away at most. */
#define SUGGEST_MAX_EDITS 2

/* --help: clang's layout (llvm::opt::OptTable::printHelp), spellings of up
 * to 23 characters share their line with the text, which starts after a
 * 2-space indent and the 24-column field. */
#define HELP_FIELD 23
#define HELP_TEXT_COLUMN 26 /* characters before the text */
#define HELP_WIDTH 80

enum row_shape { ROW_FLAG, ROW_CHOICE, ROW_KINDS, ROW_FILES, ROW_PATH };

/* One row of Options.def. */
struct row {
  enum row_shape shape;
  const char *name;   /* N */
  bool on;            /* FLAG: its default */
  const char *values; /* CHOICE: "a|b|c", the first is the default;
                         KINDS: the default, "all" or "none" */
  const char *what;   /* CHOICE, FILES, PATH: what a value is, for
                         messages */
  const char *help;   /* one sentence, without values or default */
};

static const struct row rows[] = {
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  {ROW_FLAG, Name, Default, NULL, NULL, Help},
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  {ROW_CHOICE, Name, false, Values, What, Help},
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                  \
  {ROW_KINDS, Name, false, Default, "pointer kind", Help},
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  {ROW_FILES, Name, false, NULL, What, Help},
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  {ROW_PATH, Name, false, NULL, What, Help},
#include "Options.def"
};

/* What a KINDS value may name, in the pass's order (its messages too). */
static const char *const kind_names[] = {PTRHOOK_KIND_NAMES, "all"};

/* The FLAG row that also changes what the wrapper does (cc_main.c). */
static bool is_link_time(const struct row *r) {
  return util_streq(r->name, "link-time");
}

/* The PATH row whose file the wrapper compiles first (cc_hook.c): its
 * value is a source, and the pass gets the hook definition made of it. */
static bool is_hook(const struct row *r) {
  return util_streq(r->name, "hook");
}

/*===-- Spellings ---------------------------------------------------------===*/

/* If ARG is PREFIX, then NAME, then the end or '=', returns the rest of ARG
 * ("" or "=VALUE"); else NULL. */
static const char *after_name(const char *arg, const char *prefix,
                              const char *name) {
  size_t p = strlen(prefix), n = strlen(name);

  if (strncmp(arg, prefix, p) != 0 || strncmp(arg + p, name, n) != 0)
    return NULL;
  arg += p + n;
  return *arg == '\0' || *arg == '=' ? arg : NULL;
}

/* The value part of row R's spelling, "<addr|site>", in BUF; "" for a
 * flag. */
static const char *placeholder(const struct row *r, char *buf, size_t len) {
  switch (r->shape) {
  case ROW_FLAG:
    return "";
  case ROW_CHOICE:
    snprintf(buf, len, "<%s>", r->values);
    return buf;
  case ROW_KINDS:
    return "<kind>,...";
  case ROW_FILES:
  case ROW_PATH:
    snprintf(buf, len, "<%s>", r->what);
    return buf;
  }
  return "";
}

/* "a, b, c" for the N strings of LIST, or for the '|'-separated VALUES
 * when LIST is NULL: the lists of valid values in messages.  A heap
 * string; never fails (see util_xmalloc). */
static char *comma_list(const char *const *list, size_t n, const char *values) {
  size_t len = 1;
  char *out, *end;

  if (!list) {
    out = end = util_xmalloc(2 * strlen(values) + 1);
    for (; *values; values++) {
      if (*values == '|') {
        *end++ = ',';
        *end++ = ' ';
      } else {
        *end++ = *values;
      }
    }
    *end = '\0';
    return out;
  }
  for (size_t i = 0; i < n; i++)
    len += strlen(list[i]) + 2;
  out = end = util_xmalloc(len);
  *end = '\0';
  for (size_t i = 0; i < n; i++)
    end += sprintf(end, "%s%s", i ? ", " : "", list[i]);
  return out;
}

/*===-- Values ------------------------------------------------------------===*/

/* Checks VALUE of the CHOICE row R, given as ARG.  Returns 0, or -1 after
 * printing an error that names ARG. */
static int check_choice(const struct row *r, const char *arg,
                        const char *value) {
  size_t n = strlen(value);
  char *valid;

  for (const char *v = r->values; *v;) {
    size_t len = strcspn(v, "|");
    if (len == n && strncmp(v, value, n) == 0)
      return 0;
    v += len + (v[len] == '|');
  }
  valid = comma_list(NULL, 0, r->values);
  util_error("%s: unknown %s '%s' (valid: %s)", arg, r->what, value, valid);
  free(valid);
  return -1;
}

/* Whether NAME[0, LEN) is a pointer kind, "all" or "none" (accepted, not
 * listed: it only makes sense for a list whose default is all). */
static bool is_kind(const char *name, size_t len) {
  if (len == 4 && strncmp(name, "none", 4) == 0)
    return true;
  for (size_t i = 0; i < UTIL_COUNT(kind_names); i++)
    if (strlen(kind_names[i]) == len && strncmp(kind_names[i], name, len) == 0)
      return true;
  return false;
}

/* Checks the kind list VALUE, given as ARG: names separated by '|' or ',',
 * each trimmed of white space, as the pass's parseKindList reads it.
 * Returns 0, or -1 after printing an error that names ARG. */
static int check_kinds(const char *arg, const char *value) {
  char *valid = comma_list(kind_names, UTIL_COUNT(kind_names), NULL);
  int rc = -1;

  if (*value == '\0') {
    util_error("%s: empty pointer kind list (valid kinds: %s)", arg, valid);
    goto cleanup;
  }
  for (const char *k = value;; k++) {
    size_t len = strcspn(k, "|,");
    const char *name = k, *end = k + len;

    while (name < end && isspace((unsigned char)*name))
      name++;
    while (end > name && isspace((unsigned char)end[-1]))
      end--;
    if (!is_kind(name, (size_t)(end - name))) {
      util_error("%s: unknown pointer kind '%.*s' (valid kinds: %s)", arg,
                 (int)(end - name), name, valid);
      goto cleanup;
    }
    k += len;
    if (*k == '\0')
      break;
  }
  rc = 0;
cleanup:
  free(valid);
  return rc;
}

/* Checks VALUE of row R, given as ARG.  Returns 0, or -1 after printing an
 * error that names ARG. */
static int check_value(const struct row *r, const char *arg,
                       const char *value) {
  switch (r->shape) {
  case ROW_FLAG:
    break;
  case ROW_CHOICE:
    return check_choice(r, arg, value);
  case ROW_KINDS:
    return check_kinds(arg, value);
  case ROW_FILES:
  case ROW_PATH:
    if (*value == '\0') {
      util_error("%s needs a %s name", arg, r->what);
      return -1;
    }
    break;
  }
  return 0;
}

/*===-- Unknown options ---------------------------------------------------===*/

/* The Levenshtein distance between A[0, N) and B[0, M). */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m) {
  size_t *row = util_xmalloc((m + 1) * sizeof *row), d;

  for (size_t j = 0; j <= m; j++)
    row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0]; /* row i-1, column j-1 */
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  d = row[m];
  free(row);
  return d;
}

/* The nearest spelling to ARG so far, for "did you mean". */
struct suggestion {
  size_t edits;
  char text[256];
};

/* Compares the name part of ARG (up to '=') with the option SPELLING and
 * keeps it in *S if it is nearer; VALUE is what follows "=" in the
 * suggestion, NULL for a flag. */
static void consider(struct suggestion *s, const char *arg,
                     const char *spelling, const char *value) {
  size_t name_len = strcspn(arg, "=");
  size_t d = edit_distance(arg, name_len, spelling, strlen(spelling));

  if (d >= s->edits)
    return;
  s->edits = d;
  snprintf(s->text, sizeof s->text, "%s%s%s", spelling, value ? "=" : "",
           value ? value : "");
}

/* Prints "unknown option 'ARG'", with the nearest wrapper spelling if it
 * is close; a value given with ARG is kept in the suggestion. */
static void report_unknown(const char *arg) {
  struct suggestion s = {SUGGEST_MAX_EDITS + 1, ""};
  const char *eq = strchr(arg, '=');
  char spelling[128], buf[128];

  consider(&s, arg, "-fptrhook", NULL);
  consider(&s, arg, "-fno-ptrhook", NULL);
  for (size_t i = 0; i < UTIL_COUNT(rows); i++) {
    const struct row *r = &rows[i];
    snprintf(spelling, sizeof spelling, ON_PREFIX "%s", r->name);
    if (r->shape != ROW_FLAG) {
      consider(&s, arg, spelling,
               eq ? eq + 1 : placeholder(r, buf, sizeof buf));
      continue;
    }
    consider(&s, arg, spelling, NULL);
    snprintf(spelling, sizeof spelling, OFF_PREFIX "%s", r->name);
    consider(&s, arg, spelling, NULL);
  }
  if (s.edits <= SUGGEST_MAX_EDITS)
    util_error("unknown option '%s'; did you mean '%s'?", arg, s.text);
  else
    util_error("unknown option '%s'", arg);
}

/*===-- Applying options --------------------------------------------------===*/

bool options_is_wrapper_option(const char *arg) {
  return util_starts_with(arg, "-fptrhook") ||
         util_starts_with(arg, "-fno-ptrhook");
}

int options_apply(struct cc_state *st, const char *arg) {
  if (util_streq(arg, "-fptrhook") || util_streq(arg, "-fno-ptrhook")) {
    st->enabled = arg[2] != 'n';
    return 0;
  }
  for (size_t i = 0; i < UTIL_COUNT(rows); i++) {
    const struct row *r = &rows[i];
    const char *rest = after_name(arg, ON_PREFIX, r->name);
    bool on = true;

    if (!rest && r->shape == ROW_FLAG) {
      rest = after_name(arg, OFF_PREFIX, r->name);
      on = false;
    }
    if (!rest)
      continue;
    /* The right name in the wrong form: a flag with a value, or an option
     * without its value.  The suggestion shows the right one. */
    if ((r->shape == ROW_FLAG) != (*rest == '\0'))
      break;
    if (r->shape == ROW_FLAG) {
      util_vec_push(&st->plugin_flags,
                    util_concat("-ptrhook-", r->name, on ? "=true" : "=false",
                                (char *)NULL));
      if (is_link_time(r))
        st->link_time = on;
      return 0;
    }
    if (check_value(r, arg, rest + 1) != 0)
      return -1;
    if (is_hook(r)) {
      st->hook_source = rest + 1; /* the last one wins, as in the pass */
      return 0;
    }
    util_vec_push(&st->plugin_flags,
                  util_concat("-ptrhook-", r->name, rest, (char *)NULL));
    return 0;
  }
  report_unknown(arg);
  return -1;
}

/* The value the last -ptrhook-NAME=... flag for the pass gives, or NULL. */
static const char *last_value(const struct cc_state *st, const char *name) {
  size_t n = strlen(name);
  const char *value = NULL;

  for (size_t i = 0; i < st->plugin_flags.n; i++) {
    const char *f = st->plugin_flags.v[i];
    if (util_starts_with(f, "-ptrhook-") && strncmp(f + 9, name, n) == 0 &&
        f[9 + n] == '=')
      value = f + 9 + n + 1;
  }
  return value;
}

int options_check(const struct cc_state *st) {
  const char *abi = last_value(st, "abi"), *sites = last_value(st, "sites");

  /* The pass refuses it too (PtrHookOptions::validate); said here in the
   * spelling the user typed, before clang runs. */
  if (abi && util_streq(abi, "site") && sites && util_streq(sites, "false")) {
    util_error(OFF_PREFIX "sites cannot be combined with " ON_PREFIX
               "abi=site: the site ABI passes a site descriptor to every "
               "hook call, and " OFF_PREFIX "sites leaves them out");
    return -1;
  }
  return 0;
}

/*===-- --help ------------------------------------------------------------===*/

/* Writes the word W[0, N) of a help text at column *COL, first breaking
 * the line if the word would reach past HELP_WIDTH. */
static void put_word(FILE *out, size_t *col, const char *w, size_t n) {
  if (*col > HELP_TEXT_COLUMN && *col + 1 + n > HELP_WIDTH) {
    fprintf(out, "\n%*s", HELP_TEXT_COLUMN, "");
    *col = HELP_TEXT_COLUMN;
  } else if (*col > HELP_TEXT_COLUMN) {
    fputc(' ', out);
    (*col)++;
  }
  fwrite(w, 1, n, out);
  *col += n;
}

/* Prints "  SPELLING", then TEXT and "(default: DEFAULT)" (kept on one
 * line) from column HELP_TEXT_COLUMN, wrapped at spaces before HELP_WIDTH;
 * a spelling wider than its field puts the text on the next line, as clang
 * does. */
static void print_entry(FILE *out, const char *spelling, const char *text,
                        const char *dflt) {
  char tail[256];
  size_t col = 2 + strlen(spelling);

  fprintf(out, "  %s", spelling);
  if (strlen(spelling) > HELP_FIELD) {
    fputc('\n', out);
    col = 0;
  }
  fprintf(out, "%*s", (int)(HELP_TEXT_COLUMN - col), "");
  col = HELP_TEXT_COLUMN;
  for (const char *w = text; *w;) {
    size_t n = strcspn(w, " ");
    put_word(out, &col, w, n);
    w += n;
    while (*w == ' ')
      w++;
  }
  if (dflt) {
    snprintf(tail, sizeof tail, "(default: %s)", dflt);
    put_word(out, &col, tail, strlen(tail));
  }
  fputc('\n', out);
}

void options_print_help(FILE *out) {
  char spelling[256], text[1024], dflt[128], buf[128];

  print_entry(out, "-fno-ptrhook", "Plain clang: no plugin, no runtime", NULL);
  for (size_t i = 0; i < UTIL_COUNT(rows); i++) {
    const struct row *r = &rows[i];
    char *kinds;

    snprintf(spelling, sizeof spelling, ON_PREFIX "%s=%s", r->name,
             placeholder(r, buf, sizeof buf));
    snprintf(text, sizeof text, "%s", r->help);
    switch (r->shape) {
    case ROW_FLAG:
      snprintf(spelling, sizeof spelling, ON_PREFIX "%s, " OFF_PREFIX "%s",
               r->name, r->name);
      snprintf(dflt, sizeof dflt, "%s%s", r->on ? ON_PREFIX : OFF_PREFIX,
               r->name);
      break;
    case ROW_CHOICE:
      snprintf(dflt, sizeof dflt, "%.*s", (int)strcspn(r->values, "|"),
               r->values);
      break;
    case ROW_KINDS:
      kinds = comma_list(kind_names, UTIL_COUNT(kind_names), NULL);
      snprintf(text, sizeof text, "%s, separated by ',' or '|': %s", r->help,
               kinds);
      free(kinds);
      snprintf(dflt, sizeof dflt, "%s", r->values); /* the Default column */
      break;
    case ROW_FILES:
      snprintf(text, sizeof text, "%s; repeatable", r->help);
      snprintf(dflt, sizeof dflt, "none");
      break;
    case ROW_PATH:
      if (is_hook(r))
        snprintf(text, sizeof text,
                 "%s. FILE is a C or C++ source (or LLVM IR), compiled once "
                 "into a hook definition and an object that the link gets",
                 r->help);
      snprintf(dflt, sizeof dflt, "none");
      break;
    }
    print_entry(out, spelling, text, dflt);
  }
}
