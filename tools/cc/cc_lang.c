/*===-- cc_lang.c - which inputs clang compiles to code --------------------===*
 *
 * The two tables follow clang 14's Types.def / lookupTypeForExtension; each
 * entry was checked against `clang-14 -### -c` (its cc1 "-x" argument).
 *===----------------------------------------------------------------------===*/
#include "cc_lang.h"

#include <stddef.h>
#include <string.h>

#include "cc_util.h"

/* -x values (clang 14 accepts these) whose inputs reach code generation. */
static const char *const source_langs[] = {
    "c",
    "c++",
    "objective-c",
    "objective-c++",
    "cpp-output",
    "c++-cpp-output",
    "objective-c-cpp-output",
    "objc-cpp-output",
    "objective-c++-cpp-output",
    "objc++-cpp-output",
    "c-header",
    "c++-header",
    "objective-c-header",
    "objective-c++-header",
    "c++-module",
    "ir",
    "ast",
};

/* Extensions clang maps to one of the languages above. */
static const char *const source_exts[] = {
    "c",    "i",                                 /* C */
    "C",    "cc",   "CC",   "cp",  "cpp", "CPP", /* C++ */
    "cxx",  "CXX",  "c++",  "C++", "ii",         /* C++ */
    "cppm", "c++m", "cxxm", "ccm", "iim",        /* C++ module interfaces */
    "m",    "mi",   "mm",   "M",   "mii",        /* Objective-C(++) */
    "h",    "H",    "hh",   "hpp", "hxx",        /* headers, to a PCH */
    "ll",   "bc",                                /* LLVM IR, bitcode */
    "ast",                                       /* serialized AST */
};

static bool in_table(const char *s, const char *const *table, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (util_streq(s, table[i]))
      return true;
  return false;
}

bool lang_is_source(const char *lang) {
  return in_table(lang, source_langs,
                  sizeof source_langs / sizeof source_langs[0]);
}

bool lang_path_is_source(const char *path) {
  const char *base = strrchr(path, '/');
  const char *dot;

  base = base ? base + 1 : path;
  dot = strrchr(base, '.');
  if (!dot)
    return false; /* clang hands extensionless inputs to the linker */
  return in_table(dot + 1, source_exts,
                  sizeof source_exts / sizeof source_exts[0]);
}
