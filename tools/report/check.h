/*===-- check.h - ptrhook-report --check: what did the plugin do? ----------===*
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
 * Each FILE goes through three phases, which fill the state's check_input
 * (struct report, section 2) in turn:
 *   a. check_collect (check_collect.c) runs the ELF reader (elfread.h) over
 *      every object of the file (the file, or each member of an archive)
 *      and copies what it finds: provenance records, file symbols, function
 *      symbols, the functions that have hook sites, .comment strings and
 *      the hook symbol;
 *   b. check_classify (check_classify.c) groups the provenance records into
 *      build configurations, counts the plugin versions, LLVM versions and
 *      option sets among them, and decides for every file and function
 *      symbol whether it was instrumented, compiled without the plugin, or
 *      is expected to be without it (the ptrhook runtime, crt files,
 *      library objects);
 *   c. check_print (check_print.c) prints the report on the file.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_CHECK_H
#define PTRHOOK_REPORT_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "elfread.h"
#include "prov.h"
#include "util.h"

struct report;

/* How a source (an STT_FILE symbol) relates to the plugin. */
enum check_source_class {
  CHECK_SRC_INSTRUMENTED, /* a provenance record names it */
  CHECK_SRC_PLAIN,        /* C/C++ compiled without the plugin: flagged */
  CHECK_SRC_RUNTIME,      /* the ptrhook runtime's own (rt_*.c) */
  CHECK_SRC_TOOLCHAIN,    /* crt files, prebuilt library objects (libc.a's
                              "printf.o"), assembly */
  CHECK_SRC_LTO           /* ld-temp.o: the output of a full LTO link */
};

/* One provenance record: one instrumented module. */
struct check_module {
  struct prov_record rec;
  char *object;  /* the archive member it came from, or NULL */
  size_t config; /* index in check_input.configs */
};

/* One distinct build configuration among the modules. */
struct check_config {
  const char *plugin, *llvm, *stage, *options; /* the first module's */
  size_t modules;
  unsigned long functions, instrumented, excluded, sites;
  unsigned long kinds[PTRHOOK_KIND_COUNT];
};

/* One file symbol. */
struct check_source {
  char *name;
  char *object; /* archive member, or NULL */
  enum check_source_class cls;
};

/* One defined function symbol. */
struct check_function {
  char *name;
  char *object; /* archive member, or NULL */
  uint64_t addr;
  long source;   /* index in check_input.sources of its file, or -1 */
  bool has_site; /* some site descriptor names it */
  bool expected; /* toolchain's or runtime's: never instrumented */
};

/* Everything about the FILE being checked. */
struct check_input {
  /* a. Collected from the ELF reader (check_collect.c). */
  const char *path;
  char *error;      /* why the file cannot be read, or NULL */
  char *site_error; /* why its sites could not all be read, or NULL */
  bool archive;
  size_t objects; /* ELF objects read (1, or archive members) */
  size_t objects_with_records;
  struct elfread_info info;     /* the first object's; strings not kept */
  bool any_static;              /* an executable without an interpreter */
  bool any_stripped;            /* an object without .symtab */
  UTIL_VEC(char *) bad_members; /* "member: reason" of unreadable members */
  UTIL_VEC(struct check_module) modules;
  UTIL_VEC(char *) bad_records; /* records that did not parse */
  UTIL_VEC(struct check_source) sources;
  UTIL_VEC(struct check_function) functions;
  UTIL_VEC(char *) site_functions; /* sorted and unique after collection */
  unsigned long sites;             /* site descriptors read */
  unsigned long unresolved_sites;  /* ... whose function name is unknown */
  UTIL_VEC(char *) comments;       /* .comment strings, unique */
  /* __injected_hook, looked up in linked objects only. */
  bool hook_found;
  struct elfread_symbol hook;
  /* The hooks a linked object defines itself, not the runtime's defaults
   * (PTRHOOK_CALLS_* bits, ptrhook_abi.h). */
  unsigned program_hooks;

  /* b. Derived (check_classify.c). */
  UTIL_VEC(struct check_config) configs;
  size_t n_plugin_versions, n_llvm_versions, n_option_sets, n_stages;
  size_t count[CHECK_SRC_LTO + 1]; /* sources per class */
  size_t functions_counted;        /* functions not expected */
  size_t functions_without_sites;  /* ... with no site */
  size_t functions_by_address;     /* static link: global functions taken
                                      for the library's by their place */
  size_t no_sites_modules;         /* modules built with no-sites */
  /* Modules with sites per entry point their code calls (PTRHOOK_CALLS_*
   * bit numbers), from their options, for the ABI check. */
  size_t calls[PTRHOOK_CALLS_COUNT];

  /* c. Printed (check_print.c). */
  unsigned warnings;
  bool abi_mismatch; /* its hooks do not match what its modules call */
};

/* Phase a: empties ST->in and fills it from PATH.  Returns 0, or -1 if
 * PATH cannot be read as ELF or an archive (missing, unreadable, another
 * format, corrupt): ST->in.error says why, naming the file.  An archive
 * member that cannot be read is not an error: it is listed in
 * ST->in.bad_members. */
int check_collect(struct report *st, const char *path);

/* Frees everything IN holds and zeroes it. */
void check_free(struct check_input *in);

/* Phase b: fills the derived part of ST->in (section b of struct
 * check_input) from what check_collect() read.  Cannot fail. */
void check_classify(struct report *st);

/* The words a report uses for a source class ("the ptrhook runtime"). */
const char *check_source_class_name(enum check_source_class cls);

/* Phase c: prints the report on ST->in to stdout and counts its warnings
 * in ST->in.warnings; for a file without any provenance record, the
 * explanation and the usual causes instead.  Cannot fail (write errors are
 * found by the caller's fflush). */
void check_print(struct report *st);

#endif /* PTRHOOK_REPORT_CHECK_H */
