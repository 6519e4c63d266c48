/*===-- rt_options.c - PTRHOOK_OPTIONS parsing ----------------------------===*
 *
 * rt_flags.inc is expanded three times here: into the defaults, into a table
 * the parser and `help=1` walk, and (in rt_options.h) into the struct.  The
 * table records each field's offset and kind; the kind is derived from the
 * declared type with _Generic, so a flag's type is written exactly once.
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <stddef.h>
#include <string.h>
#include <unistd.h>

enum flag_kind { FLAG_BOOL, FLAG_STRING };

/* Kind of a flag from its C type; a new type fails to compile here. */
#define FLAG_KIND(Type) _Generic((Type)0, bool: FLAG_BOOL, const char *: FLAG_STRING)

struct flag_desc {
  const char *name;
  enum flag_kind kind;
  size_t offset;             /* of the field in struct __ptrhook_options */
  const char *default_text;  /* the default as written in rt_flags.inc */
  const char *help;
};

static const struct flag_desc flags[] = {
#define PTRHOOK_FLAG(Type, Name, Default, Help)                                \
  {#Name, FLAG_KIND(Type), offsetof(struct __ptrhook_options, Name), #Default, \
   Help},
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
};

static const char *const kind_names[] = {"bool", "string"};

/* The parsed text; string flags point into it, so it must outlive init. */
static char options_text[PTRHOOK_OPTIONS_MAX];

PTRHOOK_NO_INSTRUMENT void
__ptrhook_options_set_defaults(struct __ptrhook_options *opts) {
#define PTRHOOK_FLAG(Type, Name, Default, Help) opts->Name = Default;
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
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

/* Store `value` into the field `flag` describes.  Returns 0, or -1 after
 * printing an error if the value does not fit the flag's type. */
PTRHOOK_NO_INSTRUMENT static int set_flag(struct __ptrhook_options *opts,
                                          const struct flag_desc *flag,
                                          const char *value) {
  void *field = (char *)opts + flag->offset;

  switch (flag->kind) {
  case FLAG_BOOL:
    if (parse_bool(value, (bool *)field) == 0)
      return 0;
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: option '", flag->name,
                    "' expects a boolean (0/1), got '", value, "'\n",
                    (const char *)NULL);
    return -1;
  case FLAG_STRING:
    *(const char **)field = value;
    return 0;
  }
  return -1;
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_options_parse(struct __ptrhook_options *opts,
                                                  const char *text) {
  int unknown = 0;
  char *next;

  if (text == NULL)
    return 0;
  if (strlen(text) >= sizeof options_text) {
    char max[PTRHOOK_DEC_MAX];
    __ptrhook_format_dec(max, sizeof options_text - 1);
    __ptrhook_print(STDERR_FILENO,
                    "ptrhook: error: PTRHOOK_OPTIONS is longer than ", max,
                    " bytes\n", (const char *)NULL);
    return -1;
  }
  strcpy(options_text, text);

  /* Split in place: each ':' and the first '=' of an entry become NULs, so
   * keys and values are C strings inside options_text. */
  for (char *entry = options_text; entry != NULL; entry = next) {
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
                      entry,
                      "' in PTRHOOK_OPTIONS (PTRHOOK_OPTIONS=help=1 lists "
                      "them)\n",
                      (const char *)NULL);
      unknown++;
      continue;
    }
    if (set_flag(opts, flag, eq + 1) != 0)
      return -1;
  }
  return unknown;
}

PTRHOOK_NO_INSTRUMENT int
__ptrhook_options_print_help(const struct __ptrhook_options *opts) {
  int rc = __ptrhook_print(
      STDERR_FILENO,
      "ptrhook: options, set as PTRHOOK_OPTIONS=name=value:name=value "
      "(bool: 0/1/true/false/yes/no)\n",
      (const char *)NULL);

  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    const struct flag_desc *flag = &flags[i];
    const void *field = (const char *)opts + flag->offset;
    const char *now = "";
    const char *quote = "";

    if (flag->kind == FLAG_BOOL) {
      now = *(const bool *)field ? "1" : "0";
    } else {
      now = *(const char *const *)field;
      quote = "\"";
    }
    if (__ptrhook_print(STDERR_FILENO, "ptrhook:   ", flag->name, " (",
                        kind_names[flag->kind], ", default ",
                        flag->default_text, ", now ", quote, now, quote,
                        "): ", flag->help, "\n", (const char *)NULL) != 0)
      rc = -1;
  }
  return rc;
}
