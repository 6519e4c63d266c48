/*===-- report_state.h - the one state of ptrhook-report -------------------===*
 *
 * Every phase of ptrhook-report (report_main.c) reads and fills this
 * struct: the options, then, for each input file in turn, what the ELF
 * reader found in it (collect.c), how each source and function relates to
 * the plugin (classify.c), and what was printed about it (print.c).
 * Sections appear in the order the phases fill them.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_STATE_H
#define PTRHOOK_REPORT_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "elfread.h"
#include "prov.h"
#include "util.h"

/* Exit statuses, also per input; the command exits with the worst. */
enum report_status {
  REPORT_OK = 0,          /* provenance records found (warnings or not) */
  REPORT_USAGE = 1,       /* bad command line */
  REPORT_UNREADABLE = 2,  /* missing, unreadable or non-ELF file */
  REPORT_NO_RECORDS = 3   /* nothing in it was compiled with the plugin */
};

/* How a source (an STT_FILE symbol) relates to the plugin. */
enum report_source_class {
  REPORT_SRC_INSTRUMENTED, /* a provenance record names it */
  REPORT_SRC_PLAIN,        /* C/C++ compiled without the plugin: flagged */
  REPORT_SRC_RUNTIME,      /* the ptrhook runtime's own (rt_*.c) */
  REPORT_SRC_TOOLCHAIN,    /* crt files, prebuilt library objects (libc.a's
                              "printf.o"), assembly */
  REPORT_SRC_LTO           /* ld-temp.o: the output of a full LTO link */
};

/* One provenance record: one instrumented module. */
struct report_module {
  struct prov_record rec;
  char *object; /* the archive member it came from, or NULL */
  size_t config; /* index in report_input.configs */
};

/* One distinct build configuration among the modules. */
struct report_config {
  const char *plugin, *llvm, *stage, *options; /* the first module's */
  size_t modules;
  unsigned long functions, instrumented, excluded, sites;
  unsigned long kinds[PTRHOOK_KIND_COUNT];
};

/* One file symbol. */
struct report_source {
  char *name;
  char *object; /* archive member, or NULL */
  enum report_source_class cls;
};

/* One defined function symbol. */
struct report_function {
  char *name;
  char *object;  /* archive member, or NULL */
  uint64_t addr;
  long source;   /* index in report_input.sources of its file, or -1 */
  bool has_site; /* some site descriptor names it */
  bool expected; /* toolchain's or runtime's: never instrumented */
};

/* Everything about the input file being checked. */
struct report_input {
  /* 2a. Collected by collect.c from the ELF reader. */
  const char *path;
  char *error;             /* why the file cannot be read, or NULL */
  char *site_error;        /* why its sites could not all be read, or NULL */
  bool archive;
  size_t objects;          /* ELF objects read (1, or archive members) */
  size_t objects_with_records;
  struct elfread_info info;     /* the first object's; strings not kept */
  bool any_static;         /* an executable without an interpreter */
  bool any_stripped;       /* an object without .symtab */
  UTIL_VEC(char *) bad_members; /* "member: reason" of unreadable members */
  UTIL_VEC(struct report_module) modules;
  UTIL_VEC(char *) bad_records; /* records that did not parse */
  UTIL_VEC(struct report_source) sources;
  UTIL_VEC(struct report_function) functions;
  UTIL_VEC(char *) site_functions; /* sorted and unique after collection */
  unsigned long sites;            /* site descriptors read */
  unsigned long unresolved_sites; /* ... whose function name is unknown */
  UTIL_VEC(char *) comments;       /* .comment strings, unique */
  /* __injected_hook, looked up in linked objects only. */
  bool hook_found;
  struct elfread_symbol hook;

  /* 2b. Derived by classify.c. */
  UTIL_VEC(struct report_config) configs;
  size_t n_plugin_versions, n_llvm_versions, n_option_sets, n_stages;
  size_t count[REPORT_SRC_LTO + 1]; /* sources per class */
  size_t functions_counted;         /* functions not expected */
  size_t functions_without_sites;   /* ... with no site */
  size_t functions_by_address;      /* static link: global functions taken
                                       for the library's by their place */
  size_t no_sites_modules;          /* modules built with no-sites */

  /* 2c. Printed by print.c. */
  unsigned warnings;
};

struct report_state {
  /* 1. Options (report_main.c). */
  bool check;   /* --check */
  bool verbose; /* --verbose: list names behind every count */
  char **files;
  int n_files;

  /* 2. The input being checked; emptied between inputs. */
  struct report_input in;

  /* 3. Outcome: the worst status over all inputs. */
  enum report_status status;
  bool printed; /* a report is on stdout: the next one after a blank line */
};

#endif /* PTRHOOK_REPORT_STATE_H */
