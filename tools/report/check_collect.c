/*===-- check_collect.c - --check, a: what the ELF reader finds ------------===*
 *
 * See check.h.  Strings handed out by the reader live only as long as
 * their object (an archive member), so everything kept is copied.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"

/* The PTRHOOK_CALLS_* bits of the hooks OBJ defines itself: a hook
 * symbol that is defined and is not the runtime's default, which the
 * runtime's hidden alias of it marks (rt_hook.h), or, where the symbol
 * table lacks the aliases, which is strong (the defaults are weak).
 * (ptrhook_abi.h, PTRHOOK_DEFAULT_HOOK_SYM ...)
 * Returns -1 on a read error. */
static int own_hooks(struct elfread_object *obj, unsigned *out) {
  static const char *const hooks[PTRHOOK_CALLS_HOOKS] = {
      PTRHOOK_HOOK_NAME,
      PTRHOOK_HOOK_SITE_NAME,
      PTRHOOK_HOOK_PRESERVE_MOST_NAME,
      PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME,
      PTRHOOK_HOOK_PRESERVE_ALL_NAME,
      PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME};
  static const char *const defaults[PTRHOOK_CALLS_HOOKS] = {
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_SYM),
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_SITE_SYM),
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_PM_SYM),
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_SITE_PM_SYM),
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_PA_SYM),
      PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_HOOK_SITE_PA_SYM)};

  *out = 0;
  for (unsigned i = 0; i < PTRHOOK_CALLS_HOOKS; i++) {
    struct elfread_symbol hook, dflt;
    int found = elfread_find_symbol(obj, hooks[i], &hook), has_default;
    if (found < 0)
      return -1;
    if (!found || !hook.defined)
      continue;
    has_default = elfread_find_symbol(obj, defaults[i], &dflt);
    if (has_default < 0)
      return -1;
    if (has_default ? dflt.value != hook.value : !hook.weak)
      *out |= 1u << i;
  }
  return 0;
}

/* What the callbacks of one object need. */
struct collect_ctx {
  struct check_input *in;
  const char *member;  /* archive member, or NULL */
  size_t first_source; /* index of the object's first file symbol */
};

static int add_record(const char *record, void *arg) {
  struct collect_ctx *ctx = arg;
  struct check_module m = {0};

  if (prov_parse(record, &m.rec) != 0) {
    if (errno == ENOMEM)
      util_out_of_memory();
    UTIL_PUSH(ctx->in->bad_records, util_xstrdup(record));
    return 0;
  }
  m.object = util_xstrdup(ctx->member);
  UTIL_PUSH(ctx->in->modules, m);
  return 0;
}

static int add_site(const struct elfread_site *site, void *arg) {
  struct collect_ctx *ctx = arg;

  ctx->in->sites++;
  if (!site->function) {
    ctx->in->unresolved_sites++;
    return 0;
  }
  /* Sites come in runs of one function: skip the repeats cheaply here;
   * the rest are removed after sorting. */
  if (ctx->in->site_functions.n > 0 &&
      strcmp(ctx->in->site_functions.v[ctx->in->site_functions.n - 1],
             site->function) == 0)
    return 0;
  UTIL_PUSH(ctx->in->site_functions, util_xstrdup(site->function));
  return 0;
}

static int add_source(const struct elfread_symbol *sym, void *arg) {
  struct collect_ctx *ctx = arg;
  struct check_source s = {0};

  s.name = util_xstrdup(sym->name);
  s.object = util_xstrdup(ctx->member);
  s.cls = CHECK_SRC_PLAIN; /* until check_classify.c knows better */
  UTIL_PUSH(ctx->in->sources, s);
  return 0;
}

static int add_function(const struct elfread_symbol *sym, void *arg) {
  struct collect_ctx *ctx = arg;
  struct check_function f = {0};

  f.name = util_xstrdup(sym->name);
  f.object = util_xstrdup(ctx->member);
  f.addr = sym->value;
  f.source = sym->file_index >= 0
                 ? (long)(ctx->first_source + (size_t)sym->file_index)
                 : -1;
  UTIL_PUSH(ctx->in->functions, f);
  return 0;
}

static int add_comment(const char *s, void *arg) {
  struct collect_ctx *ctx = arg;

  for (size_t i = 0; i < ctx->in->comments.n; i++)
    if (strcmp(ctx->in->comments.v[i], s) == 0)
      return 0;
  UTIL_PUSH(ctx->in->comments, util_xstrdup(s));
  return 0;
}

/* Copies one object into IN.  Returns 0, or -1 when the reader failed
 * (its message is in elfread_error()). */
static int collect_object(struct check_input *in, struct elfread_input *file,
                          struct elfread_object *obj) {
  const struct elfread_info *info = elfread_object_info(obj);
  struct collect_ctx ctx = {in, info->member, in->sources.n};
  size_t records_before = in->modules.n + in->bad_records.n;

  if (in->objects++ == 0) {
    in->info = *info;
    in->info.path = NULL;
    in->info.member = NULL;
  }
  if ((info->type == ELFREAD_EXECUTABLE || info->type == ELFREAD_PIE) &&
      info->static_link)
    in->any_static = true;
  if (!info->has_symtab)
    in->any_stripped = true;

  if (elfread_foreach_provenance(obj, add_record, &ctx) < 0 ||
      elfread_foreach_file(obj, add_source, &ctx) < 0 ||
      elfread_foreach_function(obj, add_function, &ctx) < 0 ||
      elfread_foreach_string(obj, ".comment", add_comment, &ctx) < 0)
    return -1;
  if (in->modules.n + in->bad_records.n > records_before)
    in->objects_with_records++;
  /* Unreadable sites (a newer layout) leave the rest of the report valid. */
  if (elfread_foreach_site(obj, add_site, &ctx) < 0 && !in->site_error)
    in->site_error = util_xstrdup(elfread_error(file));
  if (info->type != ELFREAD_RELOCATABLE) {
    struct elfread_symbol hook;
    int found = elfread_find_symbol(obj, PTRHOOK_HOOK_NAME, &hook);
    if (found < 0)
      return -1;
    if (found) {
      in->hook_found = true;
      in->hook = hook;
      in->hook.name = PTRHOOK_HOOK_NAME;
      in->hook.file = NULL;
    }
    if (own_hooks(obj, &in->program_hooks) < 0)
      return -1;
  }
  return 0;
}

/* Sorts the site function names and drops the duplicates. */
static void unique_site_functions(struct check_input *in) {
  size_t out = 0;

  if (in->site_functions.n == 0)
    return;
  qsort(in->site_functions.v, in->site_functions.n, sizeof(char *),
        util_strcmp_ptr);
  for (size_t i = 0; i < in->site_functions.n; i++) {
    if (out > 0 &&
        strcmp(in->site_functions.v[out - 1], in->site_functions.v[i]) == 0) {
      free(in->site_functions.v[i]);
      continue;
    }
    in->site_functions.v[out++] = in->site_functions.v[i];
  }
  in->site_functions.n = out;
}

int check_collect(struct report *st, const char *path) {
  struct check_input *in = &st->in;
  struct elfread_input *file = NULL;
  struct elfread_object *obj;
  int rc = -1, next;

  check_free(in);
  in->path = path;
  if (elfread_open(path, &file) != 0) {
    in->error = util_xstrdup(*elfread_error(file) ? elfread_error(file) : path);
    goto cleanup;
  }
  in->archive = elfread_is_archive(file);
  while ((next = elfread_next_object(file, &obj)) != 0) {
    if (next < 0 || collect_object(in, file, obj) != 0) {
      if (!in->archive) {
        in->error = util_xstrdup(elfread_error(file));
        goto cleanup;
      }
      /* "lib.a(m.o): reason", the way nm and ar name members. */
      UTIL_PUSH(in->bad_members, util_xstrdup(elfread_error(file)));
    }
  }
  unique_site_functions(in);
  rc = 0;
cleanup:
  elfread_close(file);
  return rc;
}

void check_free(struct check_input *in) {
  for (size_t i = 0; i < in->bad_members.n; i++)
    free(in->bad_members.v[i]);
  for (size_t i = 0; i < in->modules.n; i++) {
    prov_free(&in->modules.v[i].rec);
    free(in->modules.v[i].object);
  }
  for (size_t i = 0; i < in->bad_records.n; i++)
    free(in->bad_records.v[i]);
  for (size_t i = 0; i < in->sources.n; i++) {
    free(in->sources.v[i].name);
    free(in->sources.v[i].object);
  }
  for (size_t i = 0; i < in->functions.n; i++) {
    free(in->functions.v[i].name);
    free(in->functions.v[i].object);
  }
  for (size_t i = 0; i < in->site_functions.n; i++)
    free(in->site_functions.v[i]);
  for (size_t i = 0; i < in->comments.n; i++)
    free(in->comments.v[i]);
  free(in->bad_members.v);
  free(in->modules.v);
  free(in->bad_records.v);
  free(in->sources.v);
  free(in->functions.v);
  free(in->site_functions.v);
  free(in->comments.v);
  free(in->configs.v);
  free(in->error);
  free(in->site_error);
  memset(in, 0, sizeof *in);
}
