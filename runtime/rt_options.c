/*===-- rt_options.c - PTRHOOK_OPTIONS parsing ----------------------------===*
 *
 * rt_flags.inc is expanded three times here: into the defaults, into a table
 * the parser and `help=1` walk, and (in rt_state.h) into the struct.  The
 * table records each field's offset and kind; the kind is derived from the
 * declared type with _Generic, so a flag's type is written exactly once.
 * (The two enum types are distinct types for _Generic even though both are
 * compatible with unsigned int; unsigned int itself is not in the list.)
 *===----------------------------------------------------------------------===*/
#include "rt_options.h"
#include "rt_output.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

enum flag_kind { FLAG_BOOL, FLAG_STRING, FLAG_U64, FLAG_MODE, FLAG_KINDS };

/* Kind of a flag from its C type; a new type fails to compile here. */
#define FLAG_KIND(Type)                                                        \
  _Generic((Type)0, bool: FLAG_BOOL, const char *: FLAG_STRING,               \
           uint64_t: FLAG_U64, enum __ptrhook_mode: FLAG_MODE,                 \
           enum __ptrhook_kinds: FLAG_KINDS)

struct flag_desc {
  const char *name;
  enum flag_kind kind;
  size_t offset;    /* of the field in struct __ptrhook_options */
  const char *help;
};

static const struct flag_desc flags[] = {
#define PTRHOOK_FLAG(Type, Name, Default, Help)                                \
  {#Name, FLAG_KIND(Type), offsetof(struct __ptrhook_options, Name), Help},
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
};

static const char *const kind_names[] = {"bool", "string", "number", "mode",
                                         "kinds"};
static const char *const mode_names[] = {"count", "trace", "log", "off"};

/* The parsed texts; string flags point into them, so they outlive init. */
static char options_text[2][PTRHOOK_OPTIONS_MAX];

PTRHOOK_NO_INSTRUMENT void
__ptrhook_options_set_defaults(struct __ptrhook_options *opts) {
#define PTRHOOK_FLAG(Type, Name, Default, Help) opts->Name = Default;
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
}

PTRHOOK_NO_INSTRUMENT const char *__ptrhook_mode_name(enum __ptrhook_mode m) {
  return (unsigned)m < sizeof mode_names / sizeof mode_names[0]
             ? mode_names[m]
             : "?";
}

/* The flag called `name`, or NULL if there is none. */
PTRHOOK_NO_INSTRUMENT static const struct flag_desc *
find_flag(const char *name) {
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    if (strcmp(flags[i].name, name) == 0)
      return &flags[i];
  return NULL;
}

/* Parse a compiler-rt style bool into *out.  Returns 0, or -1 if `text` is
 * none of 0/1/true/false/yes/no (case matters, as in compiler-rt). */
PTRHOOK_NO_INSTRUMENT static int parse_bool(const char *text, bool *out) {
  if (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "yes")) {
    *out = true;
    return 0;
  }
  if (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "no")) {
    *out = false;
    return 0;
  }
  return -1;
}

/* Parse a decimal number with an optional k/m/g suffix (powers of 1024)
 * into *out.  Returns 0, or -1 if `text` is not one or overflows. */
PTRHOOK_NO_INSTRUMENT static int parse_u64(const char *text, uint64_t *out) {
  uint64_t v = 0;
  const char *p = text;

  if (*p < '0' || *p > '9')
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
      return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (*p != '\0') {
    unsigned shift = *p == 'k' || *p == 'K'   ? 10
                     : *p == 'm' || *p == 'M' ? 20
                     : *p == 'g' || *p == 'G' ? 30
                                              : 0;
    if (shift == 0 || p[1] != '\0' || v > (UINT64_MAX >> shift))
      return -1;
    v <<= shift;
  }
  *out = v;
  return 0;
}

PTRHOOK_NO_INSTRUMENT static int parse_mode(const char *text,
                                            enum __ptrhook_mode *out) {
  for (unsigned i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++)
    if (strcmp(text, mode_names[i]) == 0) {
      *out = (enum __ptrhook_mode)i;
      return 0;
    }
  return -1;
}

/* Parse "gep,load" (or "gep|load", "all", "none") into a kind mask. */
PTRHOOK_NO_INSTRUMENT static int parse_kinds(const char *text,
                                             enum __ptrhook_kinds *out) {
  unsigned mask = 0;
  const char *p = text;

  if (*p == '\0')
    return -1;
  while (*p != '\0') {
    size_t n = strcspn(p, ",|");
    unsigned k;

    if (n == 3 && strncmp(p, "all", 3) == 0)
      mask |= PTRHOOK_KINDS_ALL;
    else if (n == 4 && strncmp(p, "none", 4) == 0)
      mask |= 0;
    else {
      for (k = 0; k < PTRHOOK_KIND_COUNT; k++) {
        const char *name = __ptrhook_kind_name(k);
        if (strlen(name) == n && strncmp(p, name, n) == 0)
          break;
      }
      if (k == PTRHOOK_KIND_COUNT)
        return -1;
      mask |= 1u << k;
    }
    p += n;
    if (*p != '\0' && *++p == '\0')
      return -1; /* a trailing separator */
  }
  *out = (enum __ptrhook_kinds)mask;
  return 0;
}

/* Store `value` into the field `flag` describes.  Returns 0, or -1 after
 * printing an error if the value does not fit the flag's type. */
PTRHOOK_NO_INSTRUMENT static int set_flag(struct __ptrhook_options *opts,
                                          const struct flag_desc *flag,
                                          const char *value,
                                          const char *source) {
  void *field = (char *)opts + flag->offset;
  const char *expects = "";

  switch (flag->kind) {
  case FLAG_BOOL:
    if (parse_bool(value, (bool *)field) == 0)
      return 0;
    expects = "a boolean (0/1)";
    break;
  case FLAG_STRING:
    *(const char **)field = value;
    return 0;
  case FLAG_U64:
    if (parse_u64(value, (uint64_t *)field) == 0)
      return 0;
    expects = "a number (digits, optionally followed by k, m or g)";
    break;
  case FLAG_MODE:
    if (parse_mode(value, (enum __ptrhook_mode *)field) == 0)
      return 0;
    expects = "one of count, trace, log, off";
    break;
  case FLAG_KINDS:
    if (parse_kinds(value, (enum __ptrhook_kinds *)field) == 0)
      return 0;
    expects = "kinds joined by ',' (all, none, alloca, gep, load, call, "
              "cast, phi, select, other)";
    break;
  }
  /* The environment is the usual source and goes unnamed, as before. */
  bool env = strcmp(source, "PTRHOOK_OPTIONS") == 0;
  __ptrhook_print(STDERR_FILENO, "ptrhook: error: option '", flag->name,
                  "' expects ", expects, ", got '", value, "'",
                  env ? "" : " in ", env ? "" : source, "\n",
                  (const char *)NULL);
  return -1;
}

/* Whether `c` separates two options: ':', ',', spaces, tabs and newlines,
 * as compiler-rt's FlagParser::is_space. */
PTRHOOK_NO_INSTRUMENT static bool is_separator(char c) {
  return c == ':' || c == ',' || c == ' ' || c == '\t' || c == '\n' ||
         c == '\r';
}

/* Whether `p` starts "NAME=" (a letter or '_', then letters, digits or
 * '_'). */
PTRHOOK_NO_INSTRUMENT static bool starts_option(const char *p) {
  if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
    return false;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
         (*p >= '0' && *p <= '9') || *p == '_')
    p++;
  return *p == '=';
}

/* Whether the separator at `p` ends an unquoted value of `flag` (NULL: an
 * unknown one).  A ',' in the value of a kinds list, a path or an unknown
 * flag ends it only where "NAME=", another separator or the end follows,
 * so that "kinds=gep,load" and a path with a comma stay whole. */
PTRHOOK_NO_INSTRUMENT static bool ends_value(const char *p,
                                             const struct flag_desc *flag) {
  if (*p != ',' ||
      (flag != NULL && flag->kind != FLAG_KINDS && flag->kind != FLAG_STRING))
    return true;
  return p[1] == '\0' || is_separator(p[1]) || starts_option(p + 1);
}

/* The Levenshtein distance between `a` and `b`, or UINT_MAX when either is
 * longer than 64 bytes (no flag name is). */
PTRHOOK_NO_INSTRUMENT static unsigned edit_distance(const char *a,
                                                    const char *b) {
  unsigned row[65];
  size_t la = strlen(a), lb = strlen(b);

  if (la > 64 || lb > 64)
    return UINT_MAX;
  for (size_t j = 0; j <= lb; j++)
    row[j] = (unsigned)j;
  for (size_t i = 1; i <= la; i++) {
    unsigned diag = row[0]; /* row[i-1][j-1] */
    row[0] = (unsigned)i;
    for (size_t j = 1; j <= lb; j++) {
      unsigned up = row[j];
      unsigned best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The flag whose name is nearest `name`, within 2 edits and fewer edits
 * than `name` has bytes ("on" suggests nothing); NULL if none is. */
PTRHOOK_NO_INSTRUMENT static const struct flag_desc *
nearest_flag(const char *name) {
  const struct flag_desc *best = NULL;
  unsigned best_d = 3;

  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    unsigned d = edit_distance(name, flags[i].name);
    if (d < best_d && d < strlen(name)) {
      best = &flags[i];
      best_d = d;
    }
  }
  return best;
}

/* An unknown option: a warning, not an error, so that an option of a newer
 * ptrhook does not break a run with an older runtime. */
PTRHOOK_NO_INSTRUMENT static void warn_unknown(const char *name,
                                               const char *source) {
  const struct flag_desc *near = nearest_flag(name);

  __ptrhook_print(STDERR_FILENO, "ptrhook: warning: unknown option '", name,
                  "' in ", source, near ? "; did you mean '" : "",
                  near ? near->name : "", near ? "'?" : "",
                  " (PTRHOOK_OPTIONS=help=1 lists them)\n", (const char *)NULL);
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_options_parse(struct __ptrhook_options *opts,
                                                  const char *text,
                                                  const char *source,
                                                  unsigned slot) {
  char *p = options_text[slot & 1];
  int unknown = 0;

  if (text == NULL)
    return 0;
  if (strlen(text) >= sizeof options_text[0]) {
    char max[PTRHOOK_DEC_MAX];
    __ptrhook_format_dec(max, sizeof options_text[0] - 1);
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: ", source,
                    " is longer than ", max, " bytes\n", (const char *)NULL);
    return -1;
  }
  strcpy(p, text);

  /* Split in place, as compiler-rt's FlagParser reads: separators before
   * each NAME=VALUE, NAME up to '=', VALUE up to the next separator or in
   * quotes ('...' or "...").  The NULs written over the '=' and the
   * separator after a value make keys and values C strings in the buffer. */
  for (;;) {
    const struct flag_desc *flag;
    char *name, *value;

    while (is_separator(*p))
      p++;
    if (*p == '\0')
      break;
    name = p;
    while (*p != '\0' && *p != '=' && !is_separator(*p))
      p++;
    if (*p != '=') {
      *p = '\0';
      __ptrhook_print(STDERR_FILENO, "ptrhook: error: option '", name,
                      "' expects '", name, "=VALUE', got '", name, "'\n",
                      (const char *)NULL);
      return -1;
    }
    *p++ = '\0';
    flag = find_flag(name);
    if (*p == '\'' || *p == '"') {
      char *close = strchr(p + 1, *p);
      if (close == NULL || (close[1] != '\0' && !is_separator(close[1]))) {
        __ptrhook_print(STDERR_FILENO, "ptrhook: error: option '", name,
                        "' has a quoted value without ",
                        close == NULL ? "its closing quote" : "a separator after it",
                        ", got '", p, "'\n", (const char *)NULL);
        return -1;
      }
      value = p + 1;
      *close = '\0';
      p = close + 1;
    } else {
      value = p;
      while (*p != '\0' && !(is_separator(*p) && ends_value(p, flag)))
        p++;
    }
    if (*p != '\0')
      *p++ = '\0';
    if (name[0] == '\0') {
      __ptrhook_print(STDERR_FILENO, "ptrhook: error: an option in ", source,
                      " has no name, got '=", value, "'\n", (const char *)NULL);
      return -1;
    }
    if (flag == NULL) {
      warn_unknown(name, source);
      unknown++;
      continue;
    }
    if (set_flag(opts, flag, value, source) != 0)
      return -1;
  }
  return unknown;
}

/* Format the value of `flag` in `opts` for help=1 into `buf` (`cap` bytes).
 * Strings are quoted.  Returns `buf`. */
PTRHOOK_NO_INSTRUMENT static const char *
format_value(const struct __ptrhook_options *opts, const struct flag_desc *flag,
             char *buf, size_t cap) {
  const void *field = (const char *)opts + flag->offset;
  size_t len = 0;

  buf[0] = '\0';
  switch (flag->kind) {
  case FLAG_BOOL:
    return *(const bool *)field ? "1" : "0";
  case FLAG_STRING: {
    const char *s = *(const char *const *)field;
    size_t n = strlen(s);
    if (n > cap - 3)
      n = cap - 3;
    buf[0] = '"';
    memcpy(buf + 1, s, n);
    buf[n + 1] = '"';
    buf[n + 2] = '\0';
    return buf;
  }
  case FLAG_U64:
    if (cap >= PTRHOOK_DEC_MAX)
      __ptrhook_format_dec(buf, *(const uint64_t *)field);
    return buf;
  case FLAG_MODE:
    return __ptrhook_mode_name(*(const enum __ptrhook_mode *)field);
  case FLAG_KINDS: {
    unsigned mask = *(const enum __ptrhook_kinds *)field;
    if (mask == PTRHOOK_KINDS_ALL)
      return "all";
    if (mask == 0)
      return "none";
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
      const char *name = __ptrhook_kind_name(k);
      size_t n = strlen(name);
      if (!(mask & (1u << k)) || len + n + 2 > cap)
        continue;
      if (len > 0)
        buf[len++] = ',';
      memcpy(buf + len, name, n);
      len += n;
    }
    buf[len] = '\0';
    return buf;
  }
  }
  return buf;
}

PTRHOOK_NO_INSTRUMENT int
__ptrhook_options_print_help(const struct __ptrhook_options *opts) {
  struct __ptrhook_options defaults;
  int rc = __ptrhook_print(
      STDERR_FILENO,
      "ptrhook: options, set as PTRHOOK_OPTIONS=name=value:name=value "
      "(or separated by ',' or spaces; a value in quotes may hold them; "
      "bool: 0/1/true/false/yes/no)\n",
      (const char *)NULL);

  __ptrhook_options_set_defaults(&defaults);
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    const struct flag_desc *flag = &flags[i];
    char def[PTRHOOK_OPTIONS_MAX / 4];
    char now[PTRHOOK_OPTIONS_MAX / 4];

    if (__ptrhook_print(STDERR_FILENO, "ptrhook:   ", flag->name, " (",
                        kind_names[flag->kind], ", default ",
                        format_value(&defaults, flag, def, sizeof def),
                        ", now ", format_value(opts, flag, now, sizeof now),
                        "): ", flag->help, "\n", (const char *)NULL) != 0)
      rc = -1;
  }
  return rc;
}
