/*===-- mangen.c - option lists of the man pages and docs/, from the tables -===*
 *
 * The option lists of ptrhook-cc(1), ptrhook(7), docs/options.md and
 * docs/runtime.md, and the option table of the CMake package's
 * ptrhook_instrument(), are not written by hand: this program includes the
 * tables they come from and prints them.
 *
 *   pass/Options.def      the pass's options (X-macro rows FLAG, CHOICE,
 *                         KINDS, FILES, PATH), in their three spellings and
 *                         those of the build systems (CMake, pkg-config)
 *   runtime/rt_flags.inc  the runtime's PTRHOOK_OPTIONS flags
 *   ptrhook_abi.h         PTRHOOK_KIND_NAMES, the pointer kinds
 *
 * A page template (docs/man/<page>.in) holds roff with two kinds of
 * placeholders: @NAME@, replaced by the value of -D NAME=VALUE, and lines
 *   .\" @generated FRAGMENT
 * replaced by a generated fragment (see `fragments` below).  A Markdown file
 * holds blocks between
 *   <!-- BEGIN generated FRAGMENT ... -->  and  <!-- END generated FRAGMENT -->
 * whose contents --markdown rewrites (or, with --check, compares).
 *
 * USAGE:
 *   ptrhook-mangen [-D NAME=VALUE]... TEMPLATE OUTPUT   expand a man page
 *   ptrhook-mangen --fragment FRAGMENT                  print one (roff)
 *   ptrhook-mangen --markdown [--check] FILE...         refresh docs/ blocks
 *   ptrhook-mangen --cmake OUTPUT                       ptrhookOptions.cmake
 *
 * Built and run at build time (docs/man/CMakeLists.txt); the pages and the
 * CMake fragment it writes are installed by cmake/PtrhookInstall.cmake.
 * Exit status: 0; 1 when a file cannot be read or written, a placeholder is
 * unknown, or (--check) a block is out of date; 2 usage.
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include "ptrhook_abi.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*===----------------------------------------------------------------------===*
 * 1. The tables
 *===----------------------------------------------------------------------===*/

enum pass_shape { SHAPE_FLAG, SHAPE_CHOICE, SHAPE_KINDS, SHAPE_FILES, SHAPE_PATH };

struct pass_opt {
  enum pass_shape shape;
  const char *name;
  int default_on;     /* FLAG */
  const char *values; /* CHOICE: "a|b|c", the first the default; KINDS:
                         the default, "all" or "none" */
  const char *what;   /* CHOICE: what a value is; FILES, PATH: the
                         metavariable */
  const char *help;   /* one sentence, no final period */
};

static const struct pass_opt pass_opts[] = {
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  {SHAPE_FLAG, Name, Default, NULL, NULL, Help},
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  {SHAPE_CHOICE, Name, 0, Values, What, Help},
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                  \
  {SHAPE_KINDS, Name, 0, Default, NULL, Help},
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  {SHAPE_FILES, Name, 0, NULL, What, Help},
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  {SHAPE_PATH, Name, 0, NULL, What, Help},
#include "Options.def"
};

static const char *const kind_names[] = {PTRHOOK_KIND_NAMES};

/* A runtime flag's type, from its C type as written in rt_flags.inc (the
 * types rt_options.c knows).  The runtime's headers are not included: the
 * table is all this program needs of the runtime.  A type not listed here
 * stops the build (check_tables). */
enum rt_type { RT_BOOL, RT_STRING, RT_U64, RT_MODE, RT_KINDS, RT_UNKNOWN };

static const char *const rt_type_names[] = {
    [RT_BOOL] = "bool",
    [RT_STRING] = "const char *",
    [RT_U64] = "uint64_t",
    [RT_MODE] = "enum __ptrhook_mode",
    [RT_KINDS] = "enum __ptrhook_kinds",
};

struct rt_flag {
  const char *name;
  const char *type_text;    /* the Type column as written */
  const char *default_text; /* the Default column as written */
  const char *help;
};

static const struct rt_flag rt_flags[] = {
#define PTRHOOK_FLAG(Type, Name, Default, Help) {#Name, #Type, #Default, Help},
#include "rt_flags.inc"
#undef PTRHOOK_FLAG
};

static enum rt_type rt_type_of(const struct rt_flag *f) {
  for (unsigned t = 0; t < RT_UNKNOWN; t++)
    if (strcmp(f->type_text, rt_type_names[t]) == 0)
      return (enum rt_type)t;
  return RT_UNKNOWN;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The metavariable of a runtime flag's value (as help=1 names the types). */
static const char *rt_metavar(enum rt_type t) {
  static const char *const names[] = {"bool", "path", "number", "mode",
                                      "kinds", "value"};
  return names[t];
}

/* A runtime flag's default, for people: the Default column is C, so
 * "\"x\"" is x, "" is "not set", PTRHOOK_MODE_COUNT is count and
 * PTRHOOK_KINDS_ALL is all.  Returns a static buffer. */
static const char *rt_default(const struct rt_flag *f) {
  static char buf[256];
  const char *d = f->default_text;
  size_t n = strlen(d);

  if (rt_type_of(f) == RT_STRING && n >= 2 && d[0] == '"') {
    if (n == 2)
      return "not set";
    snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), d + 1);
    return buf;
  }
  if (rt_type_of(f) == RT_MODE || rt_type_of(f) == RT_KINDS) {
    const char *u = strrchr(d, '_');
    size_t i = 0;
    for (u = u ? u + 1 : d; *u && i + 1 < sizeof buf; u++)
      buf[i++] = (char)(*u >= 'A' && *u <= 'Z' ? *u - 'A' + 'a' : *u);
    buf[i] = '\0';
    return buf;
  }
  return d;
}

/*===----------------------------------------------------------------------===*
 * 2. Text escaping
 *===----------------------------------------------------------------------===*/

/* Roff: backslashes as \e; in a word that starts with '-' (an option),
 * every '-' as \- so that it renders as the ASCII minus a shell needs. */
static void roff_text(FILE *out, const char *s) {
  bool in_option = false;
  for (const char *p = s; *p; p++) {
    if (*p == ' ' || *p == '\t')
      in_option = false;
    else if (*p == '-' && (p == s || p[-1] == ' ' || p[-1] == '('))
      in_option = true;
    if (*p == '\\')
      fputs("\\e", out);
    else if (*p == '-' && in_option)
      fputs("\\-", out);
    else
      fputc(*p, out);
  }
}

/* Roff, bold: every '-' is part of an option or a value. */
static void roff_bold(FILE *out, const char *s) {
  fputs("\\fB", out);
  for (const char *p = s; *p; p++) {
    if (*p == '-')
      fputs("\\-", out);
    else if (*p == '\\')
      fputs("\\e", out);
    else
      fputc(*p, out);
  }
  fputs("\\fR", out);
}

/* A help sentence as a roff text line (never starting with a control
 * character), with its final period. */
static void roff_sentence(FILE *out, const char *help) {
  if (help[0] == '.' || help[0] == '\'')
    fputs("\\&", out);
  roff_text(out, help);
  fputs(".\n", out);
}

/* Markdown, in a table cell: the characters that would be read as markup
 * or end the cell. */
static void md_text(FILE *out, const char *s) {
  for (const char *p = s; *p; p++) {
    if (strchr("\\|*_`<>[]", *p))
      fputc('\\', out);
    fputc(*p, out);
  }
}

/* Markdown code span; '|' still ends a table cell, so it is escaped. */
static void md_code(FILE *out, const char *s) {
  fputc('`', out);
  for (const char *p = s; *p; p++) {
    if (*p == '|')
      fputc('\\', out);
    fputc(*p, out);
  }
  fputc('`', out);
}

/* Spellings "a, b" as code spans `a`, `b` (a ',' without a space is part
 * of a spelling). */
static void md_spellings(FILE *out, const char *s) {
  char buf[256];
  for (;;) {
    const char *sep = strstr(s, ", ");
    size_t n = sep ? (size_t)(sep - s) : strlen(s);
    snprintf(buf, sizeof buf, "%.*s", (int)n, s);
    md_code(out, buf);
    if (sep == NULL)
      return;
    fputs(", ", out);
    s = sep + 2;
  }
}

/* The kinds joined by `sep`, then, with `all`, "all" (which a kind list
 * option takes too). */
static void kind_list(char *buf, size_t cap, const char *sep, bool all) {
  buf[0] = '\0';
  for (size_t k = 0; k < COUNT(kind_names); k++) {
    if (k > 0)
      strncat(buf, sep, cap - strlen(buf) - 1);
    strncat(buf, kind_names[k], cap - strlen(buf) - 1);
  }
  if (all) {
    strncat(buf, sep, cap - strlen(buf) - 1);
    strncat(buf, "all", cap - strlen(buf) - 1);
  }
}

/*===----------------------------------------------------------------------===*
 * 3. Fragments
 *===----------------------------------------------------------------------===*/

/* The three spellings of option `o`, into `wrapper`, `param` and `llvm`
 * (each `cap` bytes); `values` gets the value part of a value option. */
static void spellings(const struct pass_opt *o, char *wrapper, char *param,
                      char *llvm, size_t cap) {
  switch (o->shape) {
  case SHAPE_FLAG:
    snprintf(wrapper, cap, "-fptrhook-%s, -fno-ptrhook-%s", o->name, o->name);
    snprintf(param, cap, "%s, no-%s", o->name, o->name);
    snprintf(llvm, cap, "-ptrhook-%s=true|false", o->name);
    break;
  case SHAPE_CHOICE:
    snprintf(wrapper, cap, "-fptrhook-%s=%s", o->name, o->values);
    snprintf(param, cap, "%s=%s", o->name, o->values);
    snprintf(llvm, cap, "-ptrhook-%s=%s", o->name, o->values);
    break;
  case SHAPE_KINDS:
    snprintf(wrapper, cap, "-fptrhook-%s=<kind>,<kind>...", o->name);
    snprintf(param, cap, "%s=<kind>|<kind>...", o->name);
    snprintf(llvm, cap, "-ptrhook-%s=<kind>,<kind>...", o->name);
    break;
  case SHAPE_FILES:
  case SHAPE_PATH:
    snprintf(wrapper, cap, "-fptrhook-%s=<%s>", o->name, o->what);
    snprintf(param, cap, "%s=<%s>", o->name, o->what);
    snprintf(llvm, cap, "-ptrhook-%s=<%s>", o->name, o->what);
    break;
  }
}

/* The default of option `o`, in words. */
static void default_text(const struct pass_opt *o, char *buf, size_t cap) {
  switch (o->shape) {
  case SHAPE_FLAG:
    snprintf(buf, cap, "%s", o->default_on ? "on" : "off");
    break;
  case SHAPE_CHOICE:
    snprintf(buf, cap, "%.*s", (int)strcspn(o->values, "|"), o->values);
    break;
  case SHAPE_KINDS:
    snprintf(buf, cap, "%s", o->values); /* the Default column */
    break;
  case SHAPE_FILES:
    snprintf(buf, cap, "none; repeatable");
    break;
  case SHAPE_PATH:
    snprintf(buf, cap, "none");
    break;
  }
}

/* A spelling in roff: the literal parts bold, <metavariables> italic. */
static void roff_spelling(FILE *out, const char *s) {
  fputs("\\fB", out);
  for (const char *p = s; *p; p++) {
    if (*p == '<') {
      fputs("\\fI", out);
      continue;
    }
    if (*p == '>') {
      fputs("\\fB", out);
      continue;
    }
    if (*p == ',' && p[1] == ' ') {
      fputs("\\fR, \\fB", out);
      p++;
      continue;
    }
    if (*p == '-')
      fputs("\\-", out);
    else
      fputc(*p, out);
  }
  fputs("\\fR", out);
}

/* ptrhook-cc(1): one .TP entry per pass option, tagged with its wrapper
 * spelling. */
static void frag_pass_options(FILE *out) {
  char wrapper[256], param[256], llvm[256], def[64], kinds[256];

  kind_list(kinds, sizeof kinds, ", ", true);
  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    const struct pass_opt *o = &pass_opts[i];
    spellings(o, wrapper, param, llvm, sizeof wrapper);
    default_text(o, def, sizeof def);
    fputs(".TP\n", out);
    roff_spelling(out, wrapper);
    fputc('\n', out);
    roff_sentence(out, o->help);
    if (o->shape == SHAPE_KINDS) {
      fputs("A kind is one of\n", out);
      roff_bold(out, kinds);
      fputs(";\nkinds are joined by\n.B ,\nor\n.B |\n(in a pass parameter by\n.B |\nonly).\n", out);
    }
    if (o->shape == SHAPE_FILES)
      fputs("Repeatable; each occurrence adds a file.\n", out);
    else
      fprintf(out, "Default: \\fB%s\\fR.\n", def);
    fputs(".br\nPass parameter: ", out);
    roff_spelling(out, param);
    fputs("\n.br\nLLVM option: \\fB\\-mllvm\\fR ", out);
    roff_spelling(out, llvm);
    fputc('\n', out);
  }
}

/* ptrhook-cc(1) SYNOPSIS: every option as an optional item; a flag as
 * -f[no-]ptrhook-N. */
static void frag_pass_synopsis(FILE *out) {
  char wrapper[256], param[256], llvm[256];

  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    const struct pass_opt *o = &pass_opts[i];
    fputs("[", out);
    if (o->shape == SHAPE_FLAG) {
      snprintf(wrapper, sizeof wrapper, "ptrhook-%s", o->name);
      fputs("\\fB\\-f\\fR[\\fBno\\-\\fR]", out);
      roff_spelling(out, wrapper);
    } else {
      spellings(o, wrapper, param, llvm, sizeof wrapper);
      roff_spelling(out, wrapper);
    }
    fputs("]\n", out);
  }
}

/* ptrhook(7): one .TP entry per runtime flag. */
static void frag_runtime_options(FILE *out) {
  for (size_t i = 0; i < COUNT(rt_flags); i++) {
    const struct rt_flag *f = &rt_flags[i];
    fprintf(out, ".TP\n\\fB%s=\\fI%s\\fR\n", f->name, rt_metavar(rt_type_of(f)));
    const char *def = rt_default(f);
    roff_sentence(out, f->help);
    fputs("Default: ", out);
    if (rt_type_of(f) == RT_STRING && strcmp(def, "not set") == 0)
      fputs(def, out);
    else
      roff_bold(out, def);
    fputs(".\n", out);
  }
}

/* The kind names, bold, comma-separated, on one line. */
static void frag_kinds(FILE *out) {
  char kinds[256];
  kind_list(kinds, sizeof kinds, ", ", false);
  roff_bold(out, kinds);
  fputc('\n', out);
}

/* The first cells of a table row, "| a | b | c", one per spelling in
 * `cells`, as code spans. */
static void md_spelling_cells(FILE *out, const char *const *cells, size_t n) {
  for (size_t c = 0; c < n; c++) {
    fputs(c ? " | " : "| ", out);
    md_spellings(out, cells[c]);
  }
}

/* docs/options.md: a table of the pass options in their three spellings. */
static void md_pass_options(FILE *out) {
  char wrapper[256], param[256], llvm[256], def[64], kinds[256];

  kind_list(kinds, sizeof kinds, ", ", true);
  fputs("| `ptrhook-cc` flag | pass parameter `ptrhook<...>` | "
        "`-mllvm` / `opt` flag | default | meaning |\n"
        "|---|---|---|---|---|\n",
        out);
  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    const struct pass_opt *o = &pass_opts[i];
    spellings(o, wrapper, param, llvm, sizeof wrapper);
    default_text(o, def, sizeof def);
    md_spelling_cells(out, (const char *const[]){wrapper, param, llvm}, 3);
    fputs(" | ", out);
    md_text(out, def);
    fputs(" | ", out);
    md_text(out, o->help);
    if (o->shape == SHAPE_KINDS) {
      fputs("; a kind is one of ", out);
      md_code(out, kinds);
    }
    fputs(" |\n", out);
  }
}

/* docs/runtime.md: a table of the runtime flags. */
static void md_runtime_options(FILE *out) {
  fputs("| key | value | default | meaning |\n|---|---|---|---|\n", out);
  for (size_t i = 0; i < COUNT(rt_flags); i++) {
    const struct rt_flag *f = &rt_flags[i];
    fputs("| ", out);
    md_code(out, f->name);
    fprintf(out, " | %s | ", rt_metavar(rt_type_of(f)));
    if (rt_type_of(f) == RT_STRING && strcmp(rt_default(f), "not set") == 0)
      fputs("not set", out);
    else
      md_code(out, rt_default(f));
    fputs(" | ", out);
    md_text(out, f->help);
    fputs(" |\n", out);
  }
}

static void md_kinds(FILE *out) {
  for (size_t k = 0; k < COUNT(kind_names); k++)
    fprintf(out, "%s`%s`", k ? ", " : "", kind_names[k]);
  fputc('\n', out);
}

/* The CMake keyword of option `o` (ptrhook_instrument()): its name in
 * capitals, '-' as '_'; a flag also takes NO_<keyword>. */
static void cmake_keyword(const struct pass_opt *o, char *buf, size_t cap) {
  size_t i = 0;
  for (const char *p = o->name; *p && i + 1 < cap; p++)
    buf[i++] = *p == '-' ? '_' : (*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p;
  buf[i] = '\0';
}

/* The CMake spelling of option `o`: "ABI addr|site", "SITES, NO_SITES"
 * (in the order of the wrapper's -fptrhook-sites, -fno-ptrhook-sites). */
static void cmake_spelling(const struct pass_opt *o, char *buf, size_t cap) {
  char kw[64];
  cmake_keyword(o, kw, sizeof kw);
  switch (o->shape) {
  case SHAPE_FLAG:
    snprintf(buf, cap, "%s, NO_%s", kw, kw);
    break;
  case SHAPE_CHOICE:
    snprintf(buf, cap, "%s %s", kw, o->values);
    break;
  case SHAPE_KINDS:
    snprintf(buf, cap, "%s <kind>...", kw);
    break;
  case SHAPE_FILES:
    snprintf(buf, cap, "%s <%s>...", kw, o->what);
    break;
  case SHAPE_PATH:
    snprintf(buf, cap, "%s <%s>", kw, o->what);
    break;
  }
}

/* docs/options.md: every option as the build systems spell it: the
 * wrapper's flag, ptrhook_instrument()'s keyword, and the clang flags that
 * follow `pkg-config --cflags ptrhook` (which loads the plugin early enough
 * for -mllvm). */
static void md_build_options(FILE *out) {
  char wrapper[256], param[256], llvm[256], cmake[256], mllvm[264];

  fputs("| `ptrhook-cc` flag | CMake: `ptrhook_instrument(<target> ...)` | "
        "after `$(pkg-config --cflags ptrhook)` |\n"
        "|---|---|---|\n",
        out);
  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    const struct pass_opt *o = &pass_opts[i];
    spellings(o, wrapper, param, llvm, sizeof wrapper);
    cmake_spelling(o, cmake, sizeof cmake);
    snprintf(mllvm, sizeof mllvm, "-mllvm %s", llvm);
    md_spelling_cells(out, (const char *const[]){wrapper, cmake, mllvm}, 3);
    if (o->shape == SHAPE_FILES)
      fputs(" (once per file)", out);
    fputs(" |\n", out);
  }
}

static const struct fragment {
  const char *name;
  void (*roff)(FILE *);
  void (*markdown)(FILE *);
} fragments[] = {
    {"pass-options", frag_pass_options, md_pass_options},
    {"pass-synopsis", frag_pass_synopsis, NULL},
    {"runtime-options", frag_runtime_options, md_runtime_options},
    {"kinds", frag_kinds, md_kinds},
    {"build-options", NULL, md_build_options},
};

static const struct fragment *find_fragment(const char *name, size_t len) {
  for (size_t i = 0; i < COUNT(fragments); i++)
    if (strlen(fragments[i].name) == len &&
        memcmp(fragments[i].name, name, len) == 0)
      return &fragments[i];
  return NULL;
}

/*===----------------------------------------------------------------------===*
 * 4. Files
 *===----------------------------------------------------------------------===*/

/* The whole of `path`, NUL-terminated, or NULL after a message. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;

  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
      fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "ptrhook-mangen: cannot read %s\n", path);
    free(buf);
    if (f)
      fclose(f);
    return NULL;
  }
  buf[n] = '\0';
  fclose(f);
  return buf;
}

/* Write `len` bytes to `path` through a temporary file renamed into
 * place, so that a failed run never leaves half a page.  0, or -1. */
static int write_file(const char *path, const char *text, size_t len) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 5);
  FILE *f;
  int rc = -1;

  if (tmp == NULL)
    return -1;
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  f = fopen(tmp, "wb");
  if (f != NULL) {
    rc = fwrite(text, 1, len, f) == len ? 0 : -1;
    if (fclose(f) != 0)
      rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
      rc = -1;
  }
  if (rc != 0) {
    fprintf(stderr, "ptrhook-mangen: cannot write %s\n", path);
    remove(tmp);
  }
  free(tmp);
  return rc;
}

struct define {
  const char *name;
  size_t len;
  const char *value;
};

/* Expand `tmpl` into `out`: @NAME@ from `defs`, generated-fragment lines.
 * 0, or -1 after naming an unknown placeholder. */
static int expand(const char *tmpl, const char *path, FILE *out,
                  const struct define *defs, size_t ndefs) {
  static const char directive[] = ".\\\" @generated ";
  unsigned line = 1;

  for (const char *p = tmpl; *p;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);

    if (strncmp(p, directive, sizeof directive - 1) == 0) {
      const char *name = p + sizeof directive - 1;
      const struct fragment *fr =
          find_fragment(name, len - (sizeof directive - 1));
      if (fr == NULL || fr->roff == NULL) {
        fprintf(stderr, "ptrhook-mangen: %s:%u: unknown fragment '%.*s'\n",
                path, line, (int)(len - (sizeof directive - 1)), name);
        return -1;
      }
      fr->roff(out);
    } else {
      for (size_t i = 0; i < len; i++) {
        const char *at = p + i, *end;
        size_t d;
        if (*at != '@' || (end = memchr(at + 1, '@', len - i - 1)) == NULL) {
          fputc(*at, out);
          continue;
        }
        for (d = 0; d < ndefs; d++)
          if (defs[d].len == (size_t)(end - at - 1) &&
              memcmp(defs[d].name, at + 1, defs[d].len) == 0)
            break;
        if (d == ndefs) {
          fputc(*at, out);
          continue;
        }
        fputs(defs[d].value, out);
        i += defs[d].len + 1;
      }
      fputc('\n', out);
    }
    line++;
    p += len + (eol != NULL);
  }
  return 0;
}

/* Refresh (or, with `check`, compare) the generated blocks of Markdown file
 * `path`.  0 when up to date or rewritten, 1 when stale or unreadable. */
static int markdown(const char *path, bool check) {
  static const char begin[] = "<!-- BEGIN generated ";
  char *text = read_file(path), *buf = NULL;
  size_t size = 0;
  FILE *out;
  int rc = 0;

  if (text == NULL)
    return 1;
  out = open_memstream(&buf, &size);
  if (out == NULL) {
    free(text);
    return 1;
  }
  for (const char *p = text; *p;) {
    const char *b = strstr(p, begin), *name, *eol, *end;
    const struct fragment *fr;
    char endmark[96];
    size_t nlen;

    if (b == NULL) {
      fputs(p, out);
      break;
    }
    name = b + sizeof begin - 1;
    nlen = strcspn(name, " :\n");
    eol = strchr(b, '\n');
    fr = find_fragment(name, nlen);
    snprintf(endmark, sizeof endmark, "<!-- END generated %.*s -->",
             (int)nlen, name);
    end = eol ? strstr(eol, endmark) : NULL;
    if (fr == NULL || fr->markdown == NULL || end == NULL) {
      fprintf(stderr, "ptrhook-mangen: %s: bad generated block '%.*s'\n",
              path, (int)nlen, name);
      rc = 1;
      break;
    }
    fwrite(p, 1, (size_t)(eol + 1 - p), out);
    fr->markdown(out);
    p = end;
  }
  fclose(out);
  if (rc == 0 && strcmp(text, buf) != 0) {
    if (check) {
      fprintf(stderr,
              "ptrhook-mangen: %s: a generated option list is out of date "
              "with pass/Options.def or runtime/rt_flags.inc; run "
              "`cmake --build build --target ptrhook-docs`\n",
              path);
      rc = 1;
    } else if (write_file(path, buf, size) != 0) {
      rc = 1;
    }
  }
  free(buf);
  free(text);
  return rc;
}

/*===----------------------------------------------------------------------===*
 * 5. The CMake fragment
 *===----------------------------------------------------------------------===*/

/* `s` as a quoted CMake argument. */
static void cmake_quoted(FILE *out, const char *s) {
  fputc('"', out);
  for (const char *p = s; *p; p++) {
    if (strchr("\\\"$;", *p))
      fputc('\\', out);
    fputc(*p, out);
  }
  fputc('"', out);
}

/* `text` as CMake comment lines "# ...", wrapped before column 80. */
static void cmake_comment(FILE *out, const char *text) {
  size_t col = 0;
  for (const char *w = text; *w;) {
    size_t n = strcspn(w, " ");
    if (col > 0 && col + 1 + n > 79) {
      fputc('\n', out);
      col = 0;
    }
    if (col == 0) {
      fputs("#", out);
      col = 1;
    }
    fprintf(out, " %.*s", (int)n, w);
    col += 1 + n;
    w += n;
    while (*w == ' ')
      w++;
  }
  fputs(".\n", out);
}

/* ptrhookOptions.cmake: the option table as CMake variables, from which
 * ptrhook_instrument() (cmake/ptrhookConfig.cmake) makes its keywords, checks
 * the values and writes the -mllvm flags. */
static void cmake_options(FILE *out) {
  static const char *const shapes[] = {
      [SHAPE_FLAG] = "FLAG", [SHAPE_CHOICE] = "CHOICE", [SHAPE_KINDS] = "KINDS",
      [SHAPE_FILES] = "FILES", [SHAPE_PATH] = "PATH"};
  char kw[64];

  fputs("#===-- ptrhookOptions.cmake - the options of ptrhook_instrument() "
        "----------===#\n"
        "#\n"
        "# Generated by ptrhook-mangen (docs/man/mangen.c) from "
        "pass/Options.def and\n"
        "# PTRHOOK_KIND_NAMES; do not edit.  ptrhookConfig.cmake includes it "
        "in\n"
        "# ptrhook_instrument().  For each option keyword KW (the option's "
        "name N\n"
        "# in capitals, '-' as '_'):\n"
        "#   _ptrhook_option_KW_NAME     N, as in -mllvm -ptrhook-N=...\n"
        "#   _ptrhook_option_KW_SHAPE    FLAG, CHOICE, KINDS, FILES or PATH "
        "(the row)\n"
        "#   _ptrhook_option_KW_DEFAULT  FLAG: ON or OFF\n"
        "#   _ptrhook_option_KW_VALUES   CHOICE: the values, the first the "
        "default\n"
        "#   _ptrhook_option_KW_WHAT     CHOICE, FILES, PATH: what a value "
        "is\n"
        "#===------------------------------------------------------------"
        "----------===#\n\n",
        out);
  fputs("set(_ptrhook_options", out);
  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    cmake_keyword(&pass_opts[i], kw, sizeof kw);
    fprintf(out, "\n  %s", kw);
  }
  fputs(")\n", out);
  fputs("set(_ptrhook_kinds", out);
  for (size_t k = 0; k < COUNT(kind_names); k++)
    fprintf(out, " %s", kind_names[k]);
  fputs(" all)\n", out);
  for (size_t i = 0; i < COUNT(pass_opts); i++) {
    const struct pass_opt *o = &pass_opts[i];
    cmake_keyword(o, kw, sizeof kw);
    fputc('\n', out);
    cmake_comment(out, o->help);
    fprintf(out, "set(_ptrhook_option_%s_NAME ", kw);
    cmake_quoted(out, o->name);
    fprintf(out, ")\nset(_ptrhook_option_%s_SHAPE %s)\n", kw, shapes[o->shape]);
    if (o->shape == SHAPE_FLAG)
      fprintf(out, "set(_ptrhook_option_%s_DEFAULT %s)\n", kw,
              o->default_on ? "ON" : "OFF");
    if (o->shape == SHAPE_CHOICE) {
      fprintf(out, "set(_ptrhook_option_%s_VALUES", kw);
      for (const char *v = o->values; *v;) {
        size_t n = strcspn(v, "|");
        fprintf(out, " %.*s", (int)n, v);
        v += n + (v[n] == '|');
      }
      fputs(")\n", out);
    }
    if (o->what) {
      fprintf(out, "set(_ptrhook_option_%s_WHAT ", kw);
      cmake_quoted(out, o->what);
      fputs(")\n", out);
    }
  }
}

/* Write ptrhookOptions.cmake to `path`.  0, or 1 after a message. */
static int cmake_file(const char *path) {
  char *buf = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&buf, &size);
  int rc;

  if (out == NULL)
    return 1;
  cmake_options(out);
  fclose(out);
  rc = write_file(path, buf, size) == 0 ? 0 : 1;
  free(buf);
  return rc;
}

/* Every runtime flag has a type this program knows how to describe.
 * 0, or -1 after naming the flag. */
static int check_tables(void) {
  for (size_t i = 0; i < COUNT(rt_flags); i++)
    if (rt_type_of(&rt_flags[i]) == RT_UNKNOWN) {
      fprintf(stderr,
              "ptrhook-mangen: rt_flags.inc: flag '%s' has type '%s', "
              "which docs/man/mangen.c does not know\n",
              rt_flags[i].name, rt_flags[i].type_text);
      return -1;
    }
  return 0;
}

static int usage(void) {
  fputs("usage: ptrhook-mangen [-D NAME=VALUE]... TEMPLATE OUTPUT\n"
        "       ptrhook-mangen --fragment NAME\n"
        "       ptrhook-mangen --markdown [--check] FILE...\n"
        "       ptrhook-mangen --cmake OUTPUT\n",
        stderr);
  return 2;
}

int main(int argc, char **argv) {
  struct define defs[16];
  size_t ndefs = 0;
  int i = 1;

  if (check_tables() != 0)
    return 1;

  if (argc == 3 && strcmp(argv[1], "--fragment") == 0) {
    const struct fragment *fr = find_fragment(argv[2], strlen(argv[2]));
    if (fr == NULL || fr->roff == NULL)
      return usage();
    fr->roff(stdout);
    return fflush(stdout) == 0 ? 0 : 1;
  }
  if (argc == 3 && strcmp(argv[1], "--cmake") == 0)
    return cmake_file(argv[2]);
  if (argc >= 3 && strcmp(argv[1], "--markdown") == 0) {
    bool check = strcmp(argv[2], "--check") == 0;
    int rc = 0;
    for (i = check ? 3 : 2; i < argc; i++)
      rc |= markdown(argv[i], check);
    return rc;
  }
  for (; i + 1 < argc && strcmp(argv[i], "-D") == 0; i += 2) {
    const char *eq = strchr(argv[i + 1], '=');
    if (eq == NULL || ndefs == COUNT(defs))
      return usage();
    defs[ndefs++] = (struct define){argv[i + 1],
                                    (size_t)(eq - argv[i + 1]), eq + 1};
  }
  if (argc - i != 2)
    return usage();
  {
    char *tmpl = read_file(argv[i]), *buf = NULL;
    size_t size = 0;
    FILE *out;
    int rc;

    if (tmpl == NULL || (out = open_memstream(&buf, &size)) == NULL) {
      free(tmpl);
      return 1;
    }
    rc = expand(tmpl, argv[i], out, defs, ndefs);
    fclose(out);
    if (rc == 0)
      rc = write_file(argv[i + 1], buf, size);
    free(buf);
    free(tmpl);
    return rc == 0 ? 0 : 1;
  }
}
