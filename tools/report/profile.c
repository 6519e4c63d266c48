/*===-- profile.c - sites, diagnostics and summaries of ptrhook-report -----===*
 *
 * See profile.h.  Strings are interned once, so a site's identity (kind,
 * function, file, line, column) is compared by value for the numbers and
 * by pointer for the strings; one open-addressing table finds a site from
 * those five fields.  The summaries sort with total orders (events, then
 * names and positions), so that equal inputs give byte-identical reports.
 *===----------------------------------------------------------------------===*/
#include "profile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *pf_share(char buf[16], uint64_t n, uint64_t total) {
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

const char *pf_intern(const char *s) {
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

/*===-- Diagnostics -------------------------------------------------------===*/

void pf_diag(struct pf_profile *p, bool error, enum pf_status status,
             const char *fmt, ...) {
  struct pf_diag d;
  va_list ap;
  char buf[2048];

  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  d.error = error;
  d.text = util_xstrdup(buf);
  UTIL_PUSH(p->diags, d);
  if (error && status > p->status)
    p->status = status;
}

/*===-- Sites -------------------------------------------------------------===*/

static struct {
  uint32_t *slot; /* index + 1; 0: empty */
  size_t cap;
} site_index;

static uint64_t site_hash(const struct pf_site *s) {
  uint64_t h = (uint64_t)(uintptr_t)s->function * 31 +
               (uint64_t)(uintptr_t)s->file;
  h = h * 0x9E3779B97F4A7C15ull + ((uint64_t)s->line << 20) + s->column;
  h = h * 0x9E3779B97F4A7C15ull + s->kind;
  return h ^ (h >> 29);
}

static bool same_site(const struct pf_site *a, const struct pf_site *b) {
  return a->kind == b->kind && a->line == b->line && a->column == b->column &&
         a->function == b->function && a->file == b->file;
}

size_t pf_site_add(struct pf_profile *p, const struct pf_site *in) {
  struct pf_site s = *in;
  size_t i;

  s.function = pf_intern(s.function);
  s.file = pf_intern(s.file);
  s.directory = pf_intern(s.directory);
  if (2 * (p->sites.n + 1) > site_index.cap) {
    size_t cap = site_index.cap ? 2 * site_index.cap : 1024;
    free(site_index.slot);
    site_index.slot = util_xcalloc(cap, sizeof *site_index.slot);
    site_index.cap = cap;
    for (size_t k = 0; k < p->sites.n; k++) {
      for (i = site_hash(&p->sites.v[k]) & (cap - 1); site_index.slot[i];
           i = (i + 1) & (cap - 1))
        ;
      site_index.slot[i] = (uint32_t)k + 1;
    }
  }
  for (i = site_hash(&s) & (site_index.cap - 1); site_index.slot[i];
       i = (i + 1) & (site_index.cap - 1)) {
    struct pf_site *t = &p->sites.v[site_index.slot[i] - 1];
    if (same_site(t, &s)) {
      t->events += s.events;
      t->in_binary |= s.in_binary;
      if (*t->directory == '\0')
        t->directory = s.directory;
      return site_index.slot[i] - 1;
    }
  }
  UTIL_PUSH(p->sites, s);
  site_index.slot[i] = (uint32_t)p->sites.n;
  return p->sites.n - 1;
}

long pf_site_find(const struct pf_profile *p, const struct pf_site *s) {
  if (site_index.cap == 0)
    return -1;
  for (size_t i = site_hash(s) & (site_index.cap - 1); site_index.slot[i];
       i = (i + 1) & (site_index.cap - 1))
    if (same_site(&p->sites.v[site_index.slot[i] - 1], s))
      return (long)site_index.slot[i] - 1;
  return -1;
}

bool pf_binary_same_sites(const struct pf_binary *b, const struct pf_site *v,
                          size_t n) {
  if (n != b->desc.n)
    return false;
  for (size_t i = 0; i < n; i++) {
    const struct pf_site *x = &b->desc.v[i], *y = &v[i];
    if (x->kind != y->kind || x->line != y->line || x->column != y->column ||
        pf_intern(x->function) != pf_intern(y->function) ||
        pf_intern(x->file) != pf_intern(y->file))
      return false;
  }
  return true;
}

void pf_add_binary_sites(struct pf_profile *p) {
  for (size_t b = 0; b < p->binaries.n; b++) {
    if (!p->binaries.v[b].matched)
      continue;
    for (size_t i = 0; i < p->binaries.v[b].desc.n; i++) {
      struct pf_site s = p->binaries.v[b].desc.v[i];
      s.events = 0;
      s.in_binary = true;
      pf_site_add(p, &s);
    }
  }
}

void pf_free(struct pf_profile *p) {
  for (size_t b = 0; b < p->binaries.n; b++) {
    free(p->binaries.v[b].path);
    free(p->binaries.v[b].desc.v);
    free(p->binaries.v[b].seg.v);
  }
  free(p->binaries.v);
  for (size_t i = 0; i < p->diags.n; i++)
    free(p->diags.v[i].text);
  free(p->diags.v);
  for (size_t i = 0; i < p->views.n; i++) {
    free(p->views.v[i].sites.v);
    free(p->views.v[i].lines.v);
  }
  free(p->views.v);
  for (size_t i = 0; i < p->prefix_from.n; i++) {
    free(p->prefix_from.v[i]);
    free(p->prefix_to.v[i]);
  }
  free(p->prefix_from.v);
  free(p->prefix_to.v);
  free(p->binary_paths.v);
  free(p->source_roots.v);
  free(p->sites.v);
  free(p->order.v);
  free(p->kinds.v);
  free(p->functions.v);
  free(p->files.v);
  free(p->program);
  memset(p, 0, sizeof *p);
}

/*===-- Summaries ---------------------------------------------------------===*/

static const struct pf_profile *sort_ctx;

/* Two sites within one file: by line, column, kind, function. */
static int site_position_cmp(const struct pf_site *x, const struct pf_site *y) {
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
  const struct pf_site *x = &sort_ctx->sites.v[*(const size_t *)a];
  const struct pf_site *y = &sort_ctx->sites.v[*(const size_t *)b];
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
  const struct pf_group *x = a, *y = b;
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
static struct pf_group *group_of(struct pf_groups *v, const char *name,
                                 const char *file) {
  for (size_t i = v->n; i-- > 0;)
    if (v->v[i].name == name && v->v[i].file == file)
      return &v->v[i];
  struct pf_group g = {name, file, 0, 0, 0, 0};
  UTIL_PUSH(*v, g);
  return &v->v[v->n - 1];
}

void pf_summarize(struct pf_profile *p) {
  size_t *by_file;

  sort_ctx = p;
  for (size_t i = 0; i < p->sites.n; i++)
    UTIL_PUSH(p->order, i);
  if (p->order.n > 1) /* qsort(NULL, 0, ...) is undefined */
    qsort(p->order.v, p->order.n, sizeof *p->order.v, by_events);

  for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++) {
    struct pf_group g = {util_kind_name(k), NULL, p->kind_events[k], 0, 0, 0};
    UTIL_PUSH(p->kinds, g);
  }
  /* Functions and files, visiting sites by file and line so that the
   * groups' linear lookup usually hits the last one. */
  by_file = util_xmalloc((p->sites.n ? p->sites.n : 1) * sizeof *by_file);
  for (size_t i = 0; i < p->sites.n; i++)
    by_file[i] = i;
  qsort(by_file, p->sites.n, sizeof *by_file, by_position);
  for (size_t j = 0; j < p->sites.n; j++) {
    const struct pf_site *s = &p->sites.v[by_file[j]];
    struct pf_group *f = group_of(&p->functions, s->function, s->file);
    struct pf_group *fl = group_of(&p->files, s->file, s->directory);
    bool ran = s->events != 0;

    p->executed_sites += ran;
    if (s->kind < PTRHOOK_KIND_COUNT) {
      p->kinds.v[s->kind].sites++;
      p->kinds.v[s->kind].executed += ran;
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
  if (p->functions.n > 1)
    qsort(p->functions.v, p->functions.n, sizeof *p->functions.v, group_cmp);
  if (p->files.n > 1)
    qsort(p->files.v, p->files.n, sizeof *p->files.v, group_cmp);

  /* File views for the HTML page, in the order of the files table. */
  for (size_t f = 0; f < p->files.n; f++) {
    struct pf_file_view v = {0};
    v.file = p->files.v[f].name;
    v.directory = p->files.v[f].file;
    v.events = p->files.v[f].events;
    UTIL_PUSH(p->views, v);
  }
  for (size_t j = 0; j < p->sites.n; j++) {
    const struct pf_site *s = &p->sites.v[by_file[j]];
    for (size_t f = 0; f < p->views.n; f++)
      if (p->views.v[f].file == s->file &&
          p->views.v[f].directory == s->directory) {
        struct pf_file_view *v = &p->views.v[f];
        struct pf_line *l = v->lines.n ? &v->lines.v[v->lines.n - 1] : NULL;
        if (l == NULL || l->line != s->line) {
          struct pf_line nl = {s->line, 0, v->sites.n, 0};
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
static char *remap(const struct pf_profile *p, const char *path) {
  for (size_t i = 0; i < p->prefix_from.n; i++) {
    size_t n = strlen(p->prefix_from.v[i]);
    if (strncmp(path, p->prefix_from.v[i], n) == 0 &&
        (path[n] == '/' || path[n] == '\0')) {
      size_t m = strlen(p->prefix_to.v[i]) + strlen(path + n) + 1;
      char *s = util_xmalloc(m);
      snprintf(s, m, "%s%s", p->prefix_to.v[i], path + n);
      return s;
    }
  }
  return util_xstrdup(path);
}

char *pf_find_source(const struct pf_profile *p, const char *file,
                     const char *directory, char **tried) {
  char *recorded, *path;

  *tried = NULL;
  if (*file == '\0')
    return NULL;
  /* The recorded path: FILE, under DIRECTORY when relative. */
  recorded = file[0] == '/' || *directory == '\0' ? util_xstrdup(file)
                                                  : join(directory, file);
  path = remap(p, recorded);
  *tried = util_xstrdup(path);
  if (access(path, R_OK) == 0) {
    free(recorded);
    return path;
  }
  free(path);
  /* Under each --source-root: the file as recorded (relative), then the
   * recorded path with its leading '/' dropped, then its last component. */
  for (size_t r = 0; r < p->source_roots.n; r++) {
    const char *cand[3] = {file[0] != '/' ? file : NULL,
                           recorded[0] == '/' ? recorded + 1 : recorded,
                           util_basename(file)};
    for (int c = 0; c < 3; c++) {
      if (cand[c] == NULL)
        continue;
      path = join(p->source_roots.v[r], cand[c]);
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
