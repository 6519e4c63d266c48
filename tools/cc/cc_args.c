/*===-- cc_args.c - classifying the arguments given to ptrhook-cc ----------===*
 *
 * The wrapper must see the arguments as the clang driver will: which words
 * are input files (and which of those get compiled), which are the values
 * of options, and whether a link step runs.  It does not need to understand
 * the rest, which clang checks anyway.
 *===----------------------------------------------------------------------===*/
#include "cc_args.h"

#include <stddef.h>
#include <string.h>

#include "cc_lang.h"
#include "cc_options.h"
#include "cc_rsp.h"
#include "cc_util.h"

/* Deeper nesting than this is a cycle; clang rejects it, so do not follow. */
#define RSP_MAX_DEPTH 32

/* Options that stop clang before the link step; some also before code
 * generation, where the pass would never run: those get no plugin, so
 * that preprocessing works as plain clang even without a built plugin. */
/* clang-format off */
static const struct stage_flag {
  const char *name;
  bool no_codegen;
} stage_flags[] = {
    {"-c", false},           {"--compile", false},
    {"-S", false},           {"--assemble", false},
    {"-r", false}, /* relocatable link: code, but no runtime */
    {"-E", true},            {"--preprocess", true},
    {"-M", true},            {"--dependencies", true},
    {"-MM", true},           {"--user-dependencies", true},
    {"-fsyntax-only", true}, {"-emit-ast", true},
    {"--precompile", true},  {"--analyze", true},
};
/* clang-format on */

/* Options whose value is the next argument (a few take the next two or
 * three).  The list is clang 14's, found by probing every spelling that
 * `clang-14 --autocomplete=-` prints, plus the legacy and Darwin spellings
 * it leaves out, with `clang-14 -### -fsyntax-only OPT file.c`: these are
 * the ones that swallow file.c.  Their joined forms (-Ifoo, -lm, --sysroot=D)
 * carry the value in the same word and need no entry. */
/* clang-format off */
static const struct separate_option {
  const char *name;
  int values;
} separate_options[] = {
    /* Output, language, driver. */
    {"-o", 1}, {"--output", 1}, {"-x", 1}, {"--language", 1},
    {"-target", 1}, {"-arch", 1}, {"-working-directory", 1},
    {"--config", 1}, {"-ccc-gcc-name", 1}, {"-ccc-install-dir", 1},
    {"-resource-dir", 1}, {"-B", 1}, {"--prefix", 1}, {"-b", 1}, {"-G", 1},
    {"--param", 1}, {"-mllvm", 1}, {"-meabi", 1}, {"-mthread-model", 1},
    {"--mhwdiv", 1}, {"--rtlib", 1}, {"--stdlib", 1}, {"--encoding", 1},
    {"-ftrapv-handler", 1}, {"-fxray-instruction-threshold", 1},
    {"-fdebug-compilation-dir", 1}, {"-fmodules-user-build-path", 1},
    {"-module-dependency-dir", 1}, {"-gen-cdb-fragment-path", 1},
    {"--analyzer-output", 1}, {"-arcmt-migrate-report-output", 1},
    {"-ccc-arcmt-migrate", 1}, {"-ccc-objcmt-migrate", 1},
    {"--CLASSPATH", 1}, {"--classpath", 1}, {"--bootclasspath", 1},
    {"--extdirs", 1}, {"--resource", 1}, {"--assert", 1}, {"-A", 1},
    /* Pass-through to the tools clang drives. */
    {"-Xclang", 1}, {"-Xlinker", 1}, {"-Xassembler", 1},
    {"-Xpreprocessor", 1}, {"-Xanalyzer", 1}, {"-Xcuda-fatbinary", 1},
    {"-Xcuda-ptxas", 1}, {"-Xopenmp-target", 1},
    /* Preprocessor and include paths. */
    {"-D", 1}, {"--define-macro", 1}, {"-U", 1}, {"--undefine-macro", 1},
    {"-I", 1}, {"--include-directory", 1}, {"--include-directory-after", 1},
    {"-include", 1}, {"--include", 1}, {"-imacros", 1}, {"--imacros", 1},
    {"-include-pch", 1}, {"-isystem", 1}, {"-isystem-after", 1},
    {"-idirafter", 1}, {"-iquote", 1}, {"-isysroot", 1}, {"--sysroot", 1},
    {"-iprefix", 1}, {"--include-prefix", 1}, {"-iwithprefix", 1},
    {"--include-with-prefix", 1}, {"--include-with-prefix-after", 1},
    {"-iwithprefixbefore", 1}, {"--include-with-prefix-before", 1},
    {"-iwithsysroot", 1}, {"-iframework", 1}, {"-iframeworkwithsysroot", 1},
    {"-imultilib", 1}, {"-ivfsoverlay", 1}, {"-cxx-isystem", 1},
    {"-stdlib++-isystem", 1}, {"-F", 1}, {"--system-header-prefix", 1},
    {"--no-system-header-prefix", 1},
    /* Dependency files and diagnostics. */
    {"-MF", 1}, {"-MT", 1}, {"-MQ", 1}, {"-MJ", 1}, {"-dependency-file", 1},
    {"-dependency-dot", 1}, {"-serialize-diagnostics", 1},
    {"--serialize-diagnostics", 1},
    /* Linker. */
    {"-L", 1}, {"--library-directory", 1}, {"-l", 1}, {"-u", 1}, {"-e", 1},
    {"-z", 1}, {"-T", 1}, {"-Tbss", 1}, {"-Tdata", 1}, {"-Ttext", 1},
    {"-rpath", 1}, {"-filelist", 1}, {"--for-linker", 1},
    {"--force-link", 1}, {"--dyld-prefix", 1},
    /* Darwin linker. */
    {"-allowable_client", 1}, {"-bundle_loader", 1},
    {"-compatibility_version", 1}, {"-current_version", 1},
    {"-dsym-dir", 1}, {"-dylib_file", 1}, {"-dylinker_install_name", 1},
    {"-exported_symbols_list", 1}, {"-force_load", 1}, {"-framework", 1},
    {"-image_base", 1}, {"-init", 1}, {"-install_name", 1},
    {"-lazy_framework", 1}, {"-lazy_library", 1}, {"-multiply_defined", 1},
    {"-multiply_defined_unused", 1}, {"-pagezero_size", 1},
    {"-read_only_relocs", 1}, {"-seg1addr", 1}, {"-seg_addr_table", 1},
    {"-seg_addr_table_filename", 1}, {"-segs_read_only_addr", 1},
    {"-segs_read_write_addr", 1}, {"-sub_library", 1}, {"-sub_umbrella", 1},
    {"-umbrella", 1}, {"-undefined", 1}, {"-unexported_symbols_list", 1},
    {"-weak_framework", 1}, {"-weak_library", 1},
    {"-weak_reference_mismatches", 1}, {"-segaddr", 2},
    {"-sectobjectsymbols", 2}, {"-sectalign", 3}, {"-sectcreate", 3},
    {"-sectorder", 3}, {"-segprot", 3},
};
/* clang-format on */

/* Returns how many following arguments OPT consumes as its values. */
static int separate_values(const char *opt) {
  size_t i;

  /* -Xarch_<arch> ARG and -Xopenmp-target=<triple> ARG join one value to
   * the name and take one more. */
  if (util_starts_with(opt, "-Xarch_") ||
      util_starts_with(opt, "-Xopenmp-target="))
    return 1;
  for (i = 0; i < UTIL_COUNT(separate_options); i++)
    if (util_streq(opt, separate_options[i].name))
      return separate_options[i].values;
  return 0;
}

/* -x LANG: "none" goes back to choosing by extension. */
static void set_lang(struct cc_state *st, const char *lang) {
  st->lang = util_streq(lang, "none") ? NULL : lang;
}

static void count_input(struct cc_state *st, const char *path) {
  st->n_inputs++;
  if (st->lang ? lang_is_source(st->lang) : lang_path_is_source(path))
    st->n_sources++;
}

/* An argument that starts with '-' and is neither a value nor "-". */
static void scan_option(struct cc_state *st, const char *opt) {
  size_t i;

  for (i = 0; i < UTIL_COUNT(stage_flags); i++) {
    if (util_streq(opt, stage_flags[i].name)) {
      st->no_link = true;
      st->no_codegen |= stage_flags[i].no_codegen;
      return;
    }
  }
  if (util_streq(opt, "-shared") || util_streq(opt, "--shared"))
    st->shared = true;
  else if (util_streq(opt, "-static") || util_streq(opt, "--static") ||
           util_streq(opt, "-static-pie"))
    st->static_link = true;
  else if (util_streq(opt, "--"))
    st->after_dashdash = true;
  else if (util_streq(opt, "--help") || util_streq(opt, "-help"))
    st->print_help = true;
  else if (util_streq(opt, "--version"))
    st->print_version = true;
  else if (util_streq(opt, "-flto") || util_starts_with(opt, "-flto="))
    st->lto = true;
  else if (util_streq(opt, "-fno-lto"))
    st->lto = false;
  else if (util_starts_with(opt, "-fuse-ld="))
    st->use_lld = util_streq(opt, "-fuse-ld=lld") ||
                  util_streq(opt + sizeof "-fuse-ld=" - 1, "ld.lld");
  else if (util_starts_with(opt, "--language="))
    set_lang(st, opt + sizeof "--language=" - 1);
  else if (opt[1] == 'x' && opt[2] != '\0')
    set_lang(st, opt + 2); /* -xc: no other clang option starts with -x */
  else if (util_starts_with(opt, "--target=") || util_streq(opt, "-m32") ||
           util_streq(opt, "-m64") || util_streq(opt, "-mx32"))
    util_vec_push(&st->target_flags, opt);
  else if ((st->pending = separate_values(opt)) > 0) {
    st->lang_pending = util_streq(opt, "-x") || util_streq(opt, "--language");
    st->target_pending = util_streq(opt, "-target");
  }
}

/* Classifies one argument ARG, from the command line (RSP == NULL) or from
 * the response file RSP, nested DEPTH deep, and stores its action in *ACT.
 * Returns 0, or -1 after printing an error. */
static int classify(struct cc_state *st, const char *arg, const char *rsp,
                    int depth, enum cc_action *act) {
  *act = CC_KEEP;

  /* clang expands @file before it parses anything, even an option's value
   * or after "--"; an unreadable one stays an ordinary word. */
  if (arg[0] == '@' && arg[1] != '\0' && depth < RSP_MAX_DEPTH) {
    struct util_vec words = {0};
    enum cc_action ignored;
    size_t i;

    if (rsp_read(arg + 1, &words) == 0) {
      /* The words stay allocated: st->lang may point into them. */
      for (i = 0; i < words.n; i++)
        if (classify(st, words.v[i], arg + 1, depth + 1, &ignored) != 0)
          return -1;
      *act = CC_SCAN;
      return 0;
    }
  }

  if (st->pending > 0) {
    st->pending--;
    if (st->target_pending) {
      util_vec_push(&st->target_flags, "-target");
      util_vec_push(&st->target_flags, arg);
    }
    st->target_pending = false;
    if (st->lang_pending)
      set_lang(st, arg);
    st->lang_pending = false;
    return 0;
  }
  if (st->after_dashdash || arg[0] != '-' || arg[1] == '\0') {
    count_input(st, arg); /* "-" is standard input */
    return 0;
  }
  if (options_is_wrapper_option(arg)) {
    if (rsp) {
      /* clang would read it from the file and reject it. */
      util_error("'%s' in response file '%s': give ptrhook options on the "
                 "command line",
                 arg, rsp);
      return -1;
    }
    *act = CC_DROP;
    return options_apply(st, arg);
  }
  scan_option(st, arg);
  return 0;
}

int args_classify(struct cc_state *st) {
  int i;

  for (i = 1; i < st->argc; i++) {
    bool was_after_dashdash = st->after_dashdash;

    if (classify(st, st->argv[i], NULL, 0, &st->action[i]) != 0)
      return -1;
    if (!was_after_dashdash && st->after_dashdash && st->action[i] == CC_KEEP)
      st->dashdash_at = i; /* the "--" itself, not an @file holding it */
  }
  return 0;
}
