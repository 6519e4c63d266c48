/*===-- check_print.c - --check, c: the report on a FILE -------------------===*
 *
 * See check.h.  The report is for people: one heading line per file, then
 * sections that each start at column 0 with a keyword (provenance:,
 * sources:, hook sites:, functions without any hook site:, hook:,
 * result:), details indented below.  Every inconsistency is a line that
 * starts with "warning:" after its indentation, so that grep finds them.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <elf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"
#include "report_config.h"

/* Names shown before "... (N more; --verbose lists them)". */
#define PRINT_SHORT_LIST 8

static const char *plural(size_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

static void warn(struct check_input *in, const char *indent, const char *fmt,
                 ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Prints "<indent>warning: <message>\n" and counts it. */
static void warn(struct check_input *in, const char *indent, const char *fmt,
                 ...) {
  va_list ap;

  in->warnings++;
  printf("%swarning: ", indent);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

/*===-- The heading -------------------------------------------------------===*/

static const char *machine_name(unsigned machine) {
  switch (machine) {
  case EM_X86_64:
    return "x86-64";
  case EM_386:
    return "i386";
  case EM_AARCH64:
    return "AArch64";
  case EM_ARM:
    return "ARM";
  case EM_RISCV:
    return "RISC-V";
  case EM_PPC64:
    return "PowerPC64";
  case EM_S390:
    return "s390x";
  default:
    return NULL;
  }
}

static void print_heading(const struct check_input *in) {
  const struct elfread_info *i = &in->info;
  const char *machine = machine_name(i->machine);
  char other[32];

  if (!machine) {
    snprintf(other, sizeof other, "machine %u", i->machine);
    machine = other;
  }
  printf("%s: ", in->path);
  if (in->archive) {
    if (in->objects == 0)
      printf("static archive without ELF members\n");
    else
      printf("static archive of %zu ELF%u %s %s\n", in->objects, i->elf_class,
             machine, plural(in->objects, "object", "objects"));
    return;
  }
  printf("ELF%u %s ", i->elf_class, machine);
  switch (i->type) {
  case ELFREAD_RELOCATABLE:
    printf("relocatable object\n");
    break;
  case ELFREAD_EXECUTABLE:
    printf("executable (not PIE), %s\n",
           i->static_link ? "statically linked" : "dynamically linked");
    break;
  case ELFREAD_PIE:
    printf("PIE executable, %s\n", i->static_link
                                       ? "statically linked (static-pie)"
                                       : "dynamically linked");
    break;
  case ELFREAD_SHARED:
    printf("shared object\n");
    break;
  case ELFREAD_OTHER:
    printf("file of another ELF type (neither object, executable nor "
           "shared object)\n");
    break;
  }
}

/*===-- provenance: -------------------------------------------------------===*/

/* "alloca 1, gep 2, phi 2": the kinds with sites, or nothing. */
static void print_kinds(const unsigned long *kinds) {
  bool first = true;

  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
    if (!kinds[k])
      continue;
    printf("%s%s %lu", first ? ": " : ", ", util_kind_name(k), kinds[k]);
    first = false;
  }
}

/* Name column width: the longest "source [member]", at most 40. */
static int module_width(const struct check_input *in) {
  size_t w = 0;

  for (size_t i = 0; i < in->modules.n; i++) {
    const struct check_module *m = &in->modules.v[i];
    size_t n = strlen(m->rec.source) + (m->object ? strlen(m->object) + 3 : 0);
    if (n > w)
      w = n;
  }
  return w > 40 ? 40 : (int)w;
}

static void print_module(const struct check_module *m, int width) {
  char name[512];

  if (m->object)
    snprintf(name, sizeof name, "%s [%s]", m->rec.source, m->object);
  else
    snprintf(name, sizeof name, "%s", m->rec.source);
  printf("    %-*s  functions %lu: %lu instrumented, %lu excluded; sites %lu",
         width, name, m->rec.functions, m->rec.instrumented, m->rec.excluded,
         m->rec.sites);
  print_kinds(m->rec.kinds);
  putchar('\n');
}

/* For one field (OFFSET in struct prov_record) with more than one value:
 * "0.1.0 (2 modules), 0.2.0 (1 module)". */
static void print_values(const struct check_input *in, size_t offset) {
  for (size_t i = 0; i < in->modules.n; i++) {
    const char *v =
        *(const char *const *)((const char *)&in->modules.v[i].rec + offset);
    size_t j, n = 0;
    for (j = 0; j < i; j++)
      if (strcmp(v, *(const char *const *)((const char *)&in->modules.v[j].rec +
                                           offset)) == 0)
        break;
    if (j < i)
      continue; /* shown already */
    for (j = i; j < in->modules.n; j++)
      n +=
          strcmp(v, *(const char *const *)((const char *)&in->modules.v[j].rec +
                                           offset)) == 0;
    printf("%s%s (%zu %s)", i ? ", " : "", v, n,
           plural(n, "module", "modules"));
  }
}

static void print_consistency(struct check_input *in) {
  static const struct {
    size_t offset;
    const char *what;
  } fields[] = {
      {offsetof(struct prov_record, plugin), "plugin versions"},
      {offsetof(struct prov_record, llvm), "LLVM versions"},
      {offsetof(struct prov_record, options), "option sets"},
  };
  size_t counts[3];
  bool mixed = false;

  counts[0] = in->n_plugin_versions;
  counts[1] = in->n_llvm_versions;
  counts[2] = in->n_option_sets;
  for (size_t f = 0; f < 3; f++) {
    if (counts[f] < 2)
      continue;
    mixed = true;
    in->warnings++;
    printf("  warning: %zu %s mixed in one %s: ", counts[f], fields[f].what,
           in->archive ? "archive" : "file");
    print_values(in, fields[f].offset);
    putchar('\n');
  }
  if (in->n_stages > 1) {
    printf("  note: modules instrumented at compile time and inside the "
           "linker (link-time mode): ");
    print_values(in, offsetof(struct prov_record, stage));
    putchar('\n');
  }
  if (!mixed && in->modules.n > 1)
    printf("  consistent: one plugin version, one LLVM version, one option "
           "set\n");
}

static void print_provenance(struct report *st) {
  struct check_input *in = &st->in;
  int width = module_width(in);

  printf("provenance: %zu instrumented %s, %zu build %s\n", in->modules.n,
         plural(in->modules.n, "module", "modules"), in->configs.n,
         plural(in->configs.n, "configuration", "configurations"));
  for (size_t c = 0; c < in->configs.n; c++) {
    const struct check_config *cfg = &in->configs.v[c];
    printf("  %zu %s: plugin %s, LLVM %s, stage %s, options %s\n", cfg->modules,
           plural(cfg->modules, "module", "modules"), cfg->plugin, cfg->llvm,
           cfg->stage, cfg->options);
    for (size_t i = 0; i < in->modules.n; i++)
      if (in->modules.v[i].config == c)
        print_module(&in->modules.v[i], width);
  }
  for (size_t i = 0; i < in->modules.n; i++)
    if (in->modules.v[i].rec.version != 1) {
      printf("  note: records of format ptrhook-provenance-%u (this "
             "ptrhook-report knows format 1): fields it does not know are "
             "not shown\n",
             in->modules.v[i].rec.version);
      break;
    }
  for (size_t i = 0; i < in->bad_records.n; i++)
    warn(in, "  ",
         "section %s holds a string that is not a provenance "
         "record: \"%.60s\"",
         PTRHOOK_PROVENANCE_SECTION_NAME, in->bad_records.v[i]);
  print_consistency(in);
}

/*===-- sources: ----------------------------------------------------------===*/

static void print_source_name(const struct check_source *s) {
  if (s->object)
    printf("%s [%s]", s->name, s->object);
  else
    printf("%s", s->name);
}

/* "  expected: <class>: a, b, c" for the sources of class CLS. */
static void print_expected(const struct report *st, enum check_source_class cls,
                           const char *tail) {
  const struct check_input *in = &st->in;
  size_t shown = 0, total = in->count[cls];

  if (total == 0)
    return;
  printf("  expected: %s:", check_source_class_name(cls));
  for (size_t i = 0; i < in->sources.n; i++) {
    if (in->sources.v[i].cls != cls)
      continue;
    if (!st->verbose && shown == PRINT_SHORT_LIST) {
      printf(" ... (%zu more; --verbose lists them)", total - shown);
      break;
    }
    printf(shown ? ", " : " ");
    print_source_name(&in->sources.v[i]);
    shown++;
  }
  printf("%s\n", tail);
}

static void print_sources(struct report *st) {
  struct check_input *in = &st->in;
  size_t expected = in->count[CHECK_SRC_RUNTIME] +
                    in->count[CHECK_SRC_TOOLCHAIN] + in->count[CHECK_SRC_LTO];

  if (in->sources.n == 0) {
    printf("sources: %s\n",
           in->any_stripped
               ? "no .symtab (stripped): which sources were compiled "
                 "without the plugin cannot be told"
               : "no file symbols");
    return;
  }
  printf("sources: %zu file %s: %zu instrumented, %zu compiled without the "
         "plugin, %zu expected without it\n",
         in->sources.n, plural(in->sources.n, "symbol", "symbols"),
         in->count[CHECK_SRC_INSTRUMENTED], in->count[CHECK_SRC_PLAIN],
         expected);
  for (size_t i = 0; i < in->sources.n; i++) {
    const struct check_source *s = &in->sources.v[i];
    if (s->cls != CHECK_SRC_PLAIN)
      continue;
    in->warnings++;
    printf("  warning: compiled without the plugin: ");
    print_source_name(s);
    putchar('\n');
  }
  print_expected(st, CHECK_SRC_RUNTIME, "");
  print_expected(st, CHECK_SRC_TOOLCHAIN, "");
  print_expected(st, CHECK_SRC_LTO,
                 " (the modules of a full LTO link, listed above)");
  if (in->any_stripped && in->archive)
    printf("  note: members without .symtab were not checked for sources\n");
  if (st->verbose && in->comments.n > 0) {
    printf("  compilers named in .comment:");
    for (size_t i = 0; i < in->comments.n; i++)
      printf("%s \"%s\"", i ? "," : "", in->comments.v[i]);
    putchar('\n');
  }
}

/*===-- hook sites: and functions without any hook site: ------------------===*/

static void print_functions(struct report *st) {
  struct check_input *in = &st->in;

  unsigned long recorded = 0;

  for (size_t i = 0; i < in->modules.n; i++)
    recorded += in->modules.v[i].rec.sites;
  printf("hook sites: %lu, in %zu %s\n", in->sites, in->site_functions.n,
         plural(in->site_functions.n, "function", "functions"));
  /* Linked: one copy of each inline function, and of its sites, is kept. */
  if (in->sites < recorded && !in->site_error &&
      in->info.type != ELFREAD_RELOCATABLE && in->no_sites_modules == 0)
    printf("  note: the records count %lu: the linker kept one copy of each "
           "inline (comdat) function, with its sites, and dropped the "
           "others\n",
           recorded);
  if (in->site_error)
    warn(in, "  ", "%s", in->site_error);
  if (in->unresolved_sites)
    warn(in, "  ", "%lu hook %s whose function name could not be resolved",
         in->unresolved_sites, plural(in->unresolved_sites, "site", "sites"));

  if (in->functions_counted == 0)
    return;
  printf("functions without any hook site: %zu of %zu%s",
         in->functions_without_sites, in->functions_counted,
         in->any_stripped ? " (from .dynsym: exported functions only)" : "");
  if (in->functions_without_sites > 0)
    printf(" (a function may be instrumented and still create no pointer "
           "to report%s)",
           st->verbose ? "" : "; --verbose lists them");
  putchar('\n');
  if (in->functions_by_address > 0)
    printf("  note: a static link: %zu global %s among the library's code "
           "taken for library functions and not counted\n",
           in->functions_by_address,
           plural(in->functions_by_address, "function", "functions"));
  if (in->no_sites_modules > 0)
    printf("  note: %zu %s compiled with no-sites: no descriptors, so "
           "their functions are counted here\n",
           in->no_sites_modules,
           plural(in->no_sites_modules, "module was", "modules were"));
  if (!st->verbose)
    return;
  for (size_t i = 0; i < in->functions.n; i++) {
    const struct check_function *f = &in->functions.v[i];
    if (f->expected || f->has_site)
      continue;
    printf("    %s", f->name);
    if (f->source >= 0) {
      printf(" [");
      print_source_name(&in->sources.v[f->source]);
      putchar(']');
    } else if (f->object) {
      printf(" [%s]", f->object);
    }
    putchar('\n');
  }
}

/*===-- hook: -------------------------------------------------------------===*/

static void print_hook(const struct check_input *in) {
  if (in->archive || in->info.type == ELFREAD_RELOCATABLE || !in->hook_found)
    return;
  if (!in->hook.defined)
    printf("hook: %s is undefined here: it is bound when loaded (to the "
           "executable's, or to libptrhook_rt.so's)\n",
           PTRHOOK_HOOK_NAME);
  else if (in->hook.weak)
    printf("hook: %s is defined here, weak: the ptrhook runtime's default "
           "(a program's own strong definition would replace it)\n",
           PTRHOOK_HOOK_NAME);
  else
    printf("hook: %s is defined here, strong: the program's own hook, "
           "which replaces the runtime's\n",
           PTRHOOK_HOOK_NAME);
}

/*===-- The ABI check ------------------------------------------------------===*/

/* The wrapper flags that make modules call hook HOOK instead of entry
 * point MISSING (PTRHOOK_CALLS_* bit numbers), in BUF: those of the ABI and
 * the convention where they differ, and inline=off for inline code.  As
 * the runtime words them (rt_abi.c). */
static void fix_flags(char *buf, size_t len, unsigned hook, unsigned missing) {
  static const char *const ccs[] = {"c", "preserve_most", "preserve_all"};
  bool inl = missing >= PTRHOOK_CALLS_HOOKS;
  unsigned hook_site = hook & 1, hook_cc = hook / 2;
  size_t n = 0;

  buf[0] = '\0';
  if (inl)
    n += (size_t)snprintf(buf + n, len - n, "-fptrhook-inline=off");
  if (inl ? hook_site != 0 : hook_site != (missing & 1))
    n += (size_t)snprintf(buf + n, len - n, "%s-fptrhook-abi=%s",
                          n ? " " : "", hook_site ? "site" : "addr");
  if (inl ? hook_cc != 0 : hook_cc != missing / 2)
    snprintf(buf + n, len - n, "%s-fptrhook-cc=%s", n ? " " : "",
             ccs[hook_cc]);
}

/* A file that defines a hook while its modules call an entry point it does
 * not define: the runtime's default would receive every event.  The
 * runtime says the same at start-up, in the same words (rt_abi.c), and
 * stops.  Returns true if it printed the error. */
static bool print_abi_mismatch(const struct check_input *in) {
  static const struct {
    const char *name, *abi, *flags;
  } entries[PTRHOOK_CALLS_COUNT] = {
#define PTRHOOK_ENTRY(name, abi, flags) {name, abi, flags},
      PTRHOOK_CALLS_ENTRIES(PTRHOOK_ENTRY)
#undef PTRHOOK_ENTRY
  };
  unsigned called = 0, hook, missing;
  char fix[128];

  for (unsigned i = 0; i < PTRHOOK_CALLS_COUNT; i++)
    if (in->calls[i] != 0)
      called |= 1u << i;
  if (in->program_hooks == 0 || (called & ~in->program_hooks) == 0)
    return false;
  hook = (unsigned)__builtin_ctz(in->program_hooks);
  missing = (unsigned)__builtin_ctz(called & ~in->program_hooks);
  fix_flags(fix, sizeof fix, hook, missing);
  printf("error: this program defines %s (%s) but %zu %s %s (compiled with "
         "%s): ",
         entries[hook].name, entries[hook].abi, in->calls[missing],
         plural(in->calls[missing], "module calls", "modules call"),
         entries[missing].name, entries[missing].flags);
  if (missing < PTRHOOK_CALLS_HOOKS)
    printf("the runtime's default would receive every event. Define %s, or "
           "build with %s\n",
           entries[missing].name, fix);
  else
    printf("the runtime would receive every event. Build with %s\n", fix);
  return true;
}

/*===-- No records at all -------------------------------------------------===*/

/* The LLVM major of a .comment string such as "Debian clang version
 * 19.1.7 (...)", or 0. */
static unsigned clang_major(const char *comment) {
  const char *v = strstr(comment, "clang version ");
  return v ? (unsigned)strtoul(v + strlen("clang version "), NULL, 10) : 0;
}

/* Starts an item of the evidence list, with its heading before the
 * first one. */
static void evidence_item(bool *started) {
  if (!*started)
    printf("what the file shows:\n");
  *started = true;
  printf("  - ");
}

/* What the file itself shows about why it has no record; nothing when it
 * shows nothing (a stripped file without .comment). */
static void print_evidence(const struct check_input *in) {
  bool started = false, clang = false;

  for (size_t i = 0; i < in->comments.n; i++) {
    unsigned major = clang_major(in->comments.v[i]);
    if (major)
      clang = true;
    if (major && major != PTRHOOK_LLVM_MAJOR) {
      evidence_item(&started);
      printf("it was compiled by clang %u (\"%s\"): this ptrhook's plugin "
             "is for LLVM %d and refuses to load into another major\n",
             major, in->comments.v[i], PTRHOOK_LLVM_MAJOR);
    }
  }
  if (!clang && in->comments.n > 0) {
    evidence_item(&started);
    printf("no clang compiled any of it; .comment names only:");
    for (size_t i = 0; i < in->comments.n; i++)
      printf("%s \"%s\"", i ? "," : "", in->comments.v[i]);
    printf(" (the plugin only runs inside clang)\n");
  }
  if (in->count[CHECK_SRC_PLAIN] > 0) {
    size_t shown = 0;
    evidence_item(&started);
    printf("sources compiled without the plugin:");
    for (size_t i = 0; i < in->sources.n && shown < PRINT_SHORT_LIST; i++)
      if (in->sources.v[i].cls == CHECK_SRC_PLAIN) {
        printf(shown++ ? ", " : " ");
        print_source_name(&in->sources.v[i]);
      }
    if (in->count[CHECK_SRC_PLAIN] > shown)
      printf(" ... (%zu more)", in->count[CHECK_SRC_PLAIN] - shown);
    putchar('\n');
  }
  if (in->count[CHECK_SRC_RUNTIME] > 0) {
    evidence_item(&started);
    printf("it contains the ptrhook runtime: the runtime was linked, but no "
           "module was compiled with the plugin\n");
  }
  if (in->sites > 0) {
    evidence_item(&started);
    printf("it has %lu hook %s (section %s) but no record: instrumented by "
           "a ptrhook that wrote no provenance records (an older one)\n",
           in->sites, plural(in->sites, "site", "sites"),
           PTRHOOK_SITES_SECTION_NAME);
  }
}

static void print_no_records(const struct check_input *in) {
  printf("no ptrhook provenance record: nothing in %s was compiled with the "
         "ptrhook plugin\n",
         in->path);
  if (in->objects > 0)
    print_evidence(in);
  printf("usual causes:\n"
         "  - the compiler ran without -fpass-plugin=.../ptrhook.so: the build "
         "did not use\n"
         "    ptrhook-cc / ptrhook-c++ (check that CC and CXX reached the "
         "compile commands;\n"
         "    CMake keeps the compiler of its first configure: use a fresh "
         "build directory)\n"
         "  - the plugin was given to a clang of another LLVM major, where it "
         "refuses to load\n"
         "    (this ptrhook is for LLVM %s; ptrhook-cc runs the matching "
         "clang)\n"
         "  - the objects came from a compiler cache (ccache, sccache) or a "
         "build cache\n"
         "    filled by a build without the plugin: clear it\n"
         "  - link-time mode (-fptrhook-link-time) whose link did not run the "
         "plugin: only\n"
         "    lld loads it (LLVM 15+: ptrhook-cc -fptrhook-link-time -flto "
         "-fuse-ld=lld)\n"
         "  - every function was excluded (allowlist, ignorelist, "
         "PTRHOOK_NO_INSTRUMENT):\n"
         "    the pass writes a record only for a module it instrumented\n",
         PTRHOOK_LLVM_VERSION);
}

/*===-- Entry points ------------------------------------------------------===*/

void check_print(struct report *st) {
  struct check_input *in = &st->in;

  print_heading(in);
  for (size_t i = 0; i < in->bad_members.n; i++)
    warn(in, "", "%s", in->bad_members.v[i]);
  if (in->modules.n == 0 && in->bad_records.n == 0) {
    print_no_records(in);
    return;
  }
  print_provenance(st);
  print_sources(st);
  print_functions(st);
  print_hook(in);
  in->abi_mismatch = print_abi_mismatch(in);
  printf("result: instrumented with ptrhook (%zu %s); %u %s\n", in->modules.n,
         plural(in->modules.n, "module", "modules"), in->warnings,
         plural(in->warnings, "warning", "warnings"));
}
