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

PTRHOOK_NO_INSTRUMENT int __ptrhook_options_parse(struct __ptrhook_options *opts,
                                                  const char *text,
                                                  const char *source,
                                                  unsigned slot) {
  char *buf = options_text[slot & 1];
  int unknown = 0;
  char *next;

  if (text == NULL)
    return 0;
  if (strlen(text) >= sizeof options_text[0]) {
    char max[PTRHOOK_DEC_MAX];
    __ptrhook_format_dec(max, sizeof options_text[0] - 1);
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: ", source,
                    " is longer than ", max, " bytes\n", (const char *)NULL);
    return -1;
  }
  strcpy(buf, text);

  /* Split in place: each ':' and the first '=' of an entry become NULs, so
   * keys and values are C strings inside the buffer. */
  for (char *entry = buf; entry != NULL; entry = next) {
    char *colon = strchr(entry, ':');
    char *eq;
    const struct flag_desc *flag;

    next = NULL;
    if (colon != NULL) {
      *colon = '\0';
      next = colon + 1;
    }
    /* "a=1::b=2", a leading or a trailing ':' are harmless. */
    if (entry[0] == '\0')
      continue;
    eq = strchr(entry, '=');
    if (eq == NULL) {
      __ptrhook_print(STDERR_FILENO, "ptrhook: error: option '", entry,
                      "' expects '", entry, "=VALUE', got '", entry, "'\n",
                      (const char *)NULL);
      return -1;
    }
    *eq = '\0';
    flag = find_flag(entry);
    if (flag == NULL) {
      /* A warning, not an error: an option from a newer ptrhook should not
       * break a run with an older runtime. */
      __ptrhook_print(STDERR_FILENO, "ptrhook: warning: unknown option '",
                      entry, "' in ", source,
                      " (PTRHOOK_OPTIONS=help=1 lists them)\n",
                      (const char *)NULL);
      unknown++;
      continue;
    }
    if (set_flag(opts, flag, eq + 1, source) != 0)
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
      "(bool: 0/1/true/false/yes/no)\n",
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
