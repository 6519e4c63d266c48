/*===-- check_classify.c - --check, b: sources and functions vs the plugin -===*
 *
 * See check.h.  Sources are matched to provenance records by base name:
 * clang names its STT_FILE symbol after the module's source file without
 * its directory, while the record keeps the name as given to the compiler.
 * Two sources of one name (src/a/util.c, src/b/util.c) are matched by
 * count: with one record for two file symbols, one of them is flagged.
 * In an archive a record only matches the file symbols of its own member.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"
#include "report_config.h"

/* The runtime's sources (runtime/CMakeLists.txt), configured in. */
static const char *const runtime_sources[] = {PTRHOOK_RUNTIME_SOURCES};

/* Suffixes clang compiles to code, and so runs the plugin on. */
static const char *const source_suffixes[] = {
    ".c",   ".cc", ".cp", ".cpp", ".cxx", ".c++", ".C",  ".CC",
    ".CPP", ".m",  ".mm", ".M",   ".i",   ".ii",  ".ll", ".bc"};

/* C sources of the toolchain that are linked into every program: GCC's
 * crtbegin*.o and crtend*.o. */
static const char *const toolchain_sources[] = {"crtstuff.c"};

/* Functions of the C runtime's startup files (crt1.o, crti.o ...) and of
 * glibc's libc_nonshared.a, linked into every program, which no compiler
 * plugin ever sees; their objects have no file symbol of their own. */
static const char *const toolchain_functions[] = {"_start",
                                                  "_init",
                                                  "_fini",
                                                  "_dl_relocate_static_pie",
                                                  "__libc_csu_init",
                                                  "__libc_csu_fini",
                                                  "atexit",
                                                  "at_quick_exit",
                                                  "pthread_atfork",
                                                  "__pthread_atfork",
                                                  "__stack_chk_fail_local"};

static bool in_list(const char *name, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(name, list[i]) == 0)
      return true;
  return false;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* True for "x.c", "x.cpp" ...; false for "x.o", "x.S", "x". */
static bool is_compiled_source(const char *name) {
  for (size_t i = 0; i < sizeof source_suffixes / sizeof *source_suffixes; i++)
    if (ends_with(name, source_suffixes[i]))
      return true;
  return false;
}

/* The class of a source that no record names. */
static enum check_source_class class_of_unmatched(const char *name) {
  const char *base = util_basename(name);

  if (in_list(base, runtime_sources,
              sizeof runtime_sources / sizeof *runtime_sources))
    return CHECK_SRC_RUNTIME;
  if (strcmp(base, "ld-temp.o") == 0)
    return CHECK_SRC_LTO;
  /* Objects named after themselves ("printf.o" in libc.a, "Scrt1.o") and
   * assembly: nothing the plugin could have run on here. */
  if (!is_compiled_source(base) ||
      in_list(base, toolchain_sources,
              sizeof toolchain_sources / sizeof *toolchain_sources))
    return CHECK_SRC_TOOLCHAIN;
  return CHECK_SRC_PLAIN;
}

static bool same_object(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Marks as instrumented, for each record, one file symbol of its base name
 * (in its archive member); classifies the rest by name. */
static void classify_sources(struct check_input *in) {
  size_t n = in->modules.n;
  bool *used = util_xmalloc(n * sizeof *used + 1);
  const char **bases = util_xmalloc(n * sizeof *bases + 1);

  for (size_t m = 0; m < n; m++) {
    used[m] = false;
    bases[m] = util_basename(in->modules.v[m].rec.source);
  }
  for (size_t i = 0; i < in->sources.n; i++) {
    struct check_source *s = &in->sources.v[i];
    const char *base = util_basename(s->name);
    size_t m;

    for (m = 0; m < n; m++)
      if (!used[m] && strcmp(bases[m], base) == 0 &&
          same_object(in->modules.v[m].object, s->object))
        break;
    if (m < n) {
      used[m] = true;
      s->cls = CHECK_SRC_INSTRUMENTED;
    } else {
      s->cls = class_of_unmatched(s->name);
    }
    in->count[s->cls]++;
  }
  free(bases);
  free(used);
}

/* True for the functions of the ptrhook runtime and of the startup files,
 * found by name because global symbols have no file symbol. */
static bool is_expected_function(const char *name) {
  return strcmp(name, PTRHOOK_HOOK_NAME) == 0 ||
         strcmp(name, PTRHOOK_HOOK_SITE_NAME) == 0 ||
         /* The register-preserving hooks, which every executable linked
          * with the runtime holds (runtime/CMakeLists.txt: rt_hook.o). */
         strcmp(name, PTRHOOK_HOOK_PRESERVE_MOST_NAME) == 0 ||
         strcmp(name, PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME) == 0 ||
         strcmp(name, PTRHOOK_HOOK_PRESERVE_ALL_NAME) == 0 ||
         strcmp(name, PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME) == 0 ||
         starts_with(name, PTRHOOK_RUNTIME_PREFIX) ||
         starts_with(name, PTRHOOK_DEFAULT_HOOK_PREFIX) || /* its aliases */
         starts_with(name, "ptrhook_") || /* the API of ptrhook.h */
         starts_with(name, "__x86.get_pc_thunk.") ||
         in_list(name, toolchain_functions,
                 sizeof toolchain_functions / sizeof *toolchain_functions);
}

/* Where a function stands before counting. */
enum fn_place { FN_UNKNOWN, FN_PROGRAM, FN_LIBRARY };

static int by_addr(const void *a, const void *b) {
  const struct check_function *x = *(struct check_function *const *)a;
  const struct check_function *y = *(struct check_function *const *)b;
  return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static enum fn_place place_of(const struct check_input *in,
                              const struct check_function *f) {
  enum check_source_class cls;

  if (f->has_site)
    return FN_PROGRAM;
  /* By its file first: a module's own __ptrhook_module_ctor is the
   * program's code, although expected by name. */
  if (f->source < 0)
    return f->expected ? FN_LIBRARY : FN_UNKNOWN;
  cls = in->sources.v[f->source].cls;
  return cls == CHECK_SRC_INSTRUMENTED || cls == CHECK_SRC_PLAIN ||
                 cls == CHECK_SRC_LTO
             ? FN_PROGRAM
             : FN_LIBRARY;
}

/* A static link holds the C library's global functions too, and global
 * symbols have no file symbol.  The linker lays out the program's objects
 * together, before the archive members it pulls in, so a global function
 * without sites is taken for the program's only when a function next to
 * it in the address space is the program's (has sites, or is a local of
 * one of its sources); between library functions it is the library's. */
static void place_by_address(struct check_input *in) {
  size_t n = in->functions.n;
  struct check_function **order = util_xmalloc(n * sizeof *order);
  enum fn_place *before = util_xmalloc(n * sizeof *before);
  enum fn_place last = FN_UNKNOWN;

  for (size_t i = 0; i < n; i++)
    order[i] = &in->functions.v[i];
  qsort(order, n, sizeof *order, by_addr);
  for (size_t i = 0; i < n; i++) {
    enum fn_place p = place_of(in, order[i]);
    before[i] = last;
    if (p != FN_UNKNOWN)
      last = p;
  }
  last = FN_UNKNOWN;
  for (size_t i = n; i-- > 0;) {
    enum fn_place p = place_of(in, order[i]);
    if (p == FN_UNKNOWN && before[i] != FN_PROGRAM && last != FN_PROGRAM) {
      order[i]->expected = true;
      in->functions_by_address++;
    }
    if (p != FN_UNKNOWN)
      last = p;
  }
  free(before);
  free(order);
}

static void classify_functions(struct check_input *in) {
  for (size_t i = 0; i < in->functions.n; i++) {
    struct check_function *f = &in->functions.v[i];
    enum check_source_class cls =
        f->source >= 0 ? in->sources.v[f->source].cls : CHECK_SRC_PLAIN;

    f->has_site = in->site_functions.n > 0 &&
                  bsearch(&f->name, in->site_functions.v, in->site_functions.n,
                          sizeof(char *), util_strcmp_ptr) != NULL;
    f->expected = !f->has_site &&
                  (cls == CHECK_SRC_RUNTIME || cls == CHECK_SRC_TOOLCHAIN ||
                   is_expected_function(f->name));
  }
  if (in->any_static && !in->archive)
    place_by_address(in);
  for (size_t i = 0; i < in->functions.n; i++) {
    const struct check_function *f = &in->functions.v[i];
    if (f->expected)
      continue;
    in->functions_counted++;
    if (!f->has_site)
      in->functions_without_sites++;
  }
}

/* The number of distinct values of the string at OFFSET in the configs. */
static size_t distinct(const struct check_input *in, size_t offset) {
  size_t n = 0;

  for (size_t i = 0; i < in->configs.n; i++) {
    const char *v =
        *(const char *const *)((const char *)&in->configs.v[i] + offset);
    size_t j;
    for (j = 0; j < i; j++)
      if (strcmp(v, *(const char *const *)((const char *)&in->configs.v[j] +
                                           offset)) == 0)
        break;
    n += j == i;
  }
  return n;
}

/* The entry point (a PTRHOOK_CALLS_* bit number) that code compiled with
 * OPTIONS calls, as the pass decides it (pass/PtrHook.cpp, entryPoint). */
static unsigned entry_point(const char *options) {
  unsigned cc = 0;

  if (prov_has_option(options, "inline=count"))
    return (unsigned)__builtin_ctz(PTRHOOK_CALLS_INLINE_COUNT);
  if (prov_has_option(options, "inline=runtime"))
    return (unsigned)__builtin_ctz(PTRHOOK_CALLS_INLINE_RUNTIME);
  if (prov_has_option(options, "cc=preserve_most"))
    cc = 1;
  else if (prov_has_option(options, "cc=preserve_all"))
    cc = 2;
  return (unsigned)__builtin_ctz(
      PTRHOOK_CALLS_HOOK(prov_has_option(options, "abi=site") ? 1u : 0u, cc));
}

/* Groups the modules by (plugin, LLVM, stage, options), in the order each
 * configuration first appears. */
static void group_modules(struct check_input *in) {
  for (size_t i = 0; i < in->modules.n; i++) {
    struct check_module *m = &in->modules.v[i];
    struct check_config *c;
    size_t k;

    for (k = 0; k < in->configs.n; k++) {
      c = &in->configs.v[k];
      if (strcmp(c->plugin, m->rec.plugin) == 0 &&
          strcmp(c->llvm, m->rec.llvm) == 0 &&
          strcmp(c->stage, m->rec.stage) == 0 &&
          strcmp(c->options, m->rec.options) == 0)
        break;
    }
    if (k == in->configs.n) {
      struct check_config fresh = {0};
      fresh.plugin = m->rec.plugin;
      fresh.llvm = m->rec.llvm;
      fresh.stage = m->rec.stage;
      fresh.options = m->rec.options;
      UTIL_PUSH(in->configs, fresh);
    }
    c = &in->configs.v[k];
    m->config = k;
    c->modules++;
    c->functions += m->rec.functions;
    c->instrumented += m->rec.instrumented;
    c->excluded += m->rec.excluded;
    c->sites += m->rec.sites;
    for (unsigned kind = 0; kind < PTRHOOK_KIND_COUNT; kind++)
      c->kinds[kind] += m->rec.kinds[kind];
    if (prov_has_option(m->rec.options, "no-sites"))
      in->no_sites_modules++;
    if (m->rec.sites > 0)
      in->calls[entry_point(m->rec.options)]++;
  }
  in->n_plugin_versions = distinct(in, offsetof(struct check_config, plugin));
  in->n_llvm_versions = distinct(in, offsetof(struct check_config, llvm));
  in->n_option_sets = distinct(in, offsetof(struct check_config, options));
  in->n_stages = distinct(in, offsetof(struct check_config, stage));
}

void check_classify(struct report *st) {
  group_modules(&st->in);
  classify_sources(&st->in);
  classify_functions(&st->in);
}

const char *check_source_class_name(enum check_source_class cls) {
  switch (cls) {
  case CHECK_SRC_INSTRUMENTED:
    return "instrumented";
  case CHECK_SRC_PLAIN:
    return "compiled without the plugin";
  case CHECK_SRC_RUNTIME:
    return "the ptrhook runtime";
  case CHECK_SRC_TOOLCHAIN:
    return "toolchain and library objects";
  case CHECK_SRC_LTO:
    return "LTO link output";
  }
  return "?";
}
