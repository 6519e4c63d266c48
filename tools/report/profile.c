/*===-- profile.c - the sites and summaries of a report of DATA ------------===*
 *
 * See profile.h.  Strings are interned once, so a site's identity (kind,
 * function, file, line, column) is compared by value for the numbers and
 * by pointer for the strings; one open-addressing table finds a site from
 * those five fields.  The summaries sort with total orders (events, then
 * names and positions), so that equal inputs give byte-identical reports.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_trace_format.h"
#include <unistd.h>

const char *profile_class_name(enum profile_class cls) {
  static const char *const names[PROFILE_NCLASS] = {"null", "stack", "heap",
                                                    "globals", "unclassified"};
  return cls < PROFILE_NCLASS ? names[cls] : "?";
}

const char *profile_share(char buf[16], uint64_t n, uint64_t total) {
  if (total == 0)
    return "-";
  snprintf(buf, 16, "%.1f%%", 100.0 * (double)n / (double)total);
  return buf;
}

/*===-- Interned strings --------------------------------------------------===*/

static uint64_t hash_bytes(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static struct {
  char **slot;
  size_t cap, n;
} pool;

const char *profile_intern(const char *s) {
  size_t i;

  if (s == NULL || *s == '\0')
    return "";
  if (2 * (pool.n + 1) > pool.cap) {
    size_t cap = pool.cap ? 2 * pool.cap : 1024;
    char **slot = util_xcalloc(cap, sizeof *slot);
    for (size_t k = 0; k < pool.cap; k++)
      if (pool.slot[k] != NULL) {
        for (i = hash_bytes(pool.slot[k]) & (cap - 1); slot[i];
             i = (i + 1) & (cap - 1))
          ;
        slot[i] = pool.slot[k];
      }
    free(pool.slot);
    pool.slot = slot;
    pool.cap = cap;
  }
  for (i = hash_bytes(s) & (pool.cap - 1); pool.slot[i];
       i = (i + 1) & (pool.cap - 1))
    if (strcmp(pool.slot[i], s) == 0)
      return pool.slot[i];
  pool.slot[i] = util_xstrdup(s);
  pool.n++;
  return pool.slot[i];
}

/*===-- Sites -------------------------------------------------------------===*/

static struct {
  uint32_t *slot; /* index + 1; 0: empty */
  size_t cap;
} site_index;

static uint64_t site_hash(const struct profile_site *s) {
  uint64_t h =
      (uint64_t)(uintptr_t)s->function * 31 + (uint64_t)(uintptr_t)s->file;
  h = h * 0x9E3779B97F4A7C15ull + ((uint64_t)s->line << 20) + s->column;
  h = h * 0x9E3779B97F4A7C15ull + s->kind;
  return h ^ (h >> 29);
}

static bool same_site(const struct profile_site *a,
                      const struct profile_site *b) {
  return a->kind == b->kind && a->line == b->line && a->column == b->column &&
         a->function == b->function && a->file == b->file;
}

size_t profile_site_add(struct report *st, const struct profile_site *in) {
  struct profile_site s = *in;
  size_t i;

  s.function = profile_intern(s.function);
  s.file = profile_intern(s.file);
  s.directory = profile_intern(s.directory);
  if (2 * (st->sites.n + 1) > site_index.cap) {
    size_t cap = site_index.cap ? 2 * site_index.cap : 1024;
    free(site_index.slot);
    site_index.slot = util_xcalloc(cap, sizeof *site_index.slot);
    site_index.cap = cap;
    for (size_t k = 0; k < st->sites.n; k++) {
      for (i = site_hash(&st->sites.v[k]) & (cap - 1); site_index.slot[i];
           i = (i + 1) & (cap - 1))
        ;
      site_index.slot[i] = (uint32_t)k + 1;
    }
  }
  for (i = site_hash(&s) & (site_index.cap - 1); site_index.slot[i];
       i = (i + 1) & (site_index.cap - 1)) {
    struct profile_site *t = &st->sites.v[site_index.slot[i] - 1];
    if (same_site(t, &s)) {
      t->events += s.events;
      t->in_binary |= s.in_binary;
      if (*t->directory == '\0')
        t->directory = s.directory;
      return site_index.slot[i] - 1;
    }
  }
  UTIL_PUSH(st->sites, s);
  site_index.slot[i] = (uint32_t)st->sites.n;
  return st->sites.n - 1;
}

long profile_site_find(const struct report *st, const struct profile_site *s) {
  if (site_index.cap == 0)
    return -1;
  for (size_t i = site_hash(s) & (site_index.cap - 1); site_index.slot[i];
       i = (i + 1) & (site_index.cap - 1))
    if (same_site(&st->sites.v[site_index.slot[i] - 1], s))
      return (long)site_index.slot[i] - 1;
  return -1;
}

bool profile_binary_same_sites(const struct profile_binary *b,
                               const struct profile_site *v, size_t n) {
  if (n != b->desc.n)
    return false;
  for (size_t i = 0; i < n; i++) {
    const struct profile_site *x = &b->desc.v[i], *y = &v[i];
    if (x->kind != y->kind || x->line != y->line || x->column != y->column ||
        profile_intern(x->function) != profile_intern(y->function) ||
        profile_intern(x->file) != profile_intern(y->file))
      return false;
  }
  return true;
}

void profile_add_binary_sites(struct report *st) {
  for (size_t b = 0; b < st->binaries.n; b++) {
    if (!st->binaries.v[b].matched)
      continue;
    for (size_t i = 0; i < st->binaries.v[b].desc.n; i++) {
      struct profile_site s = st->binaries.v[b].desc.v[i];
      if (s.kind == PTRHOOK_TRACE_HOLE)
        continue;
      s.events = 0;
      s.in_binary = true;
      profile_site_add(st, &s);
    }
  }
}

/*===-- Summaries ---------------------------------------------------------===*/

static const struct report *sort_ctx;

/* Two sites within one file: by line, column, kind, function. */
static int site_position_cmp(const struct profile_site *x,
                             const struct profile_site *y) {
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return strcmp(x->function, y->function);
}

/* Sites: most events first, then by file, line, column, kind, function. */
static int by_events(const void *a, const void *b) {
  const struct profile_site *x = &sort_ctx->sites.v[*(const size_t *)a];
  const struct profile_site *y = &sort_ctx->sites.v[*(const size_t *)b];
  int c;

  if (x->events != y->events)
    return x->events > y->events ? -1 : 1;
  if ((c = strcmp(x->file, y->file)) != 0)
    return c;
  return site_position_cmp(x, y);
}

/* Sites of one file view: by line, column, kind, function. */
static int by_position(const void *a, const void *b) {
  return site_position_cmp(&sort_ctx->sites.v[*(const size_t *)a],
                           &sort_ctx->sites.v[*(const size_t *)b]);
}

static int group_cmp(const void *a, const void *b) {
  const struct profile_group *x = a, *y = b;
  int c;

  if (x->events != y->events)
    return x->events > y->events ? -1 : 1;
  if ((c = strcmp(x->name, y->name)) != 0)
    return c;
  return strcmp(x->file ? x->file : "", y->file ? y->file : "");
}

/* The group named NAME (and FILE) in V, added if new.  Linear in the
 * groups seen: called once per site, with a last-hit shortcut since sites
 * of one function come together. */
static struct profile_group *group_of(struct profile_groups *v,
                                      const char *name, const char *file) {
  for (size_t i = v->n; i-- > 0;)
    if (v->v[i].name == name && v->v[i].file == file)
      return &v->v[i];
  struct profile_group g = {name, file, 0, 0, 0, 0};
  UTIL_PUSH(*v, g);
  return &v->v[v->n - 1];
}

void profile_summarize(struct report *st) {
  size_t *by_file;

  sort_ctx = st;
  for (size_t i = 0; i < st->sites.n; i++)
    UTIL_PUSH(st->order, i);
  if (st->order.n > 1) /* qsort(NULL, 0, ...) is undefined */
    qsort(st->order.v, st->order.n, sizeof *st->order.v, by_events);

  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
    struct profile_group g = {
        util_kind_name(k), NULL, st->kind_events[k], 0, 0, 0};
    UTIL_PUSH(st->kinds, g);
  }
  /* Functions and files, visiting sites by file and line so that the
   * groups' linear lookup usually hits the last one. */
  by_file = util_xmalloc((st->sites.n ? st->sites.n : 1) * sizeof *by_file);
  for (size_t i = 0; i < st->sites.n; i++)
    by_file[i] = i;
  qsort(by_file, st->sites.n, sizeof *by_file, by_position);
  for (size_t j = 0; j < st->sites.n; j++) {
    const struct profile_site *s = &st->sites.v[by_file[j]];
    struct profile_group *f = group_of(&st->functions, s->function, s->file);
    struct profile_group *fl = group_of(&st->files, s->file, s->directory);
    bool ran = s->events != 0;

    st->executed_sites += ran;
    if (s->kind < PTRHOOK_KIND_COUNT) {
      st->kinds.v[s->kind].sites++;
      st->kinds.v[s->kind].executed += ran;
    }
    if (f->sites == 0 || s->line < f->line)
      f->line = s->line;
    f->events += s->events;
    f->sites++;
    f->executed += ran;
    fl->events += s->events;
    fl->sites++;
    fl->executed += ran;
  }
  if (st->functions.n > 1)
    qsort(st->functions.v, st->functions.n, sizeof *st->functions.v, group_cmp);
  if (st->files.n > 1)
    qsort(st->files.v, st->files.n, sizeof *st->files.v, group_cmp);

  /* File views for the HTML page, in the order of the files table. */
  for (size_t f = 0; f < st->files.n; f++) {
    struct profile_file_view v = {0};
    v.file = st->files.v[f].name;
    v.directory = st->files.v[f].file;
    v.events = st->files.v[f].events;
    UTIL_PUSH(st->views, v);
  }
  for (size_t j = 0; j < st->sites.n; j++) {
    const struct profile_site *s = &st->sites.v[by_file[j]];
    for (size_t f = 0; f < st->views.n; f++)
      if (st->views.v[f].file == s->file &&
          st->views.v[f].directory == s->directory) {
        struct profile_file_view *v = &st->views.v[f];
        struct profile_line *l =
            v->lines.n ? &v->lines.v[v->lines.n - 1] : NULL;
        if (l == NULL || l->line != s->line) {
          struct profile_line nl = {s->line, 0, v->sites.n, 0};
          UTIL_PUSH(v->lines, nl);
          l = &v->lines.v[v->lines.n - 1];
        }
        l->events += s->events;
        l->nsites++;
        UTIL_PUSH(v->sites, by_file[j]);
        break;
      }
  }
  free(by_file);
}

/*===-- Sources -----------------------------------------------------------===*/

static char *join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *s = util_xmalloc(n);
  snprintf(s, n, "%s%s%s", a, *a && a[strlen(a) - 1] != '/' ? "/" : "", b);
  return s;
}

/* PATH with the first matching --prefix-map applied, malloc'd. */
static char *remap(const struct report *st, const char *path) {
  for (size_t i = 0; i < st->prefix_from.n; i++) {
    size_t n = strlen(st->prefix_from.v[i]);
    if (strncmp(path, st->prefix_from.v[i], n) == 0 &&
        (path[n] == '/' || path[n] == '\0')) {
      size_t m = strlen(st->prefix_to.v[i]) + strlen(path + n) + 1;
      char *s = util_xmalloc(m);
      snprintf(s, m, "%s%s", st->prefix_to.v[i], path + n);
      return s;
    }
  }
  return util_xstrdup(path);
}

char *profile_find_source(const struct report *st, const char *file,
                          const char *directory, char **tried) {
  char *recorded, *path;

  *tried = NULL;
  if (*file == '\0')
    return NULL;
  /* The recorded path: FILE, under DIRECTORY when relative. */
  recorded = file[0] == '/' || *directory == '\0' ? util_xstrdup(file)
                                                  : join(directory, file);
  path = remap(st, recorded);
  *tried = util_xstrdup(path);
  if (access(path, R_OK) == 0) {
    free(recorded);
    return path;
  }
  free(path);
  /* Under each --source-root: the file as recorded (relative), then the
   * recorded path with its leading '/' dropped, then its last component. */
  for (size_t r = 0; r < st->source_roots.n; r++) {
    const char *cand[3] = {file[0] != '/' ? file : NULL,
                           recorded[0] == '/' ? recorded + 1 : recorded,
                           util_basename(file)};
    for (int c = 0; c < 3; c++) {
      if (cand[c] == NULL)
        continue;
      path = join(st->source_roots.v[r], cand[c]);
      if (access(path, R_OK) == 0) {
        free(recorded);
        return path;
      }
      free(path);
    }
  }
  free(recorded);
  return NULL;
}
