/*===-- emit.c - a report as text, JSON or CSV ------------------------------===*
 *
 * Phase 5 of a report (profile.h).  The three formats hold the same
 * tables in the same order; JSON and CSV are for scripts and their schema
 * is stable (README "Reports", ptrhook-report(1)): fields are only ever
 * added, never renamed or reordered.  Diagnostics go to stderr in every
 * format (and into JSON's "diagnostics"), so stdout is the report alone.
 *===----------------------------------------------------------------------===*/
#include "profile.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define JSON_SCHEMA "ptrhook-report-1"

static const char *const class_names[PF_NCLASS] = {
    "null", "stack", "heap", "globals", "unclassified"};

/* How many sites the top list shows: executed ones only (they come first
 * in p->order). */
static size_t top_count(const struct pf_profile *p) {
  size_t ran = (size_t)p->executed_sites;
  return p->top == 0 || p->top > ran ? ran : p->top;
}

/*===-- Text --------------------------------------------------------------===*/

static void location(char *buf, size_t len, const struct pf_site *s) {
  snprintf(buf, len, "%s:%u:%u", *s->file ? s->file : "?", s->line,
           s->column);
}

static void text_sites(const struct pf_profile *p, size_t n, bool never) {
  char loc[4096], sh[16];
  int w = 8;

  for (size_t i = 0, shown = 0; i < p->order.n && shown < n; i++) {
    const struct pf_site *s = &p->sites.v[p->order.v[i]];
    if (never && s->events != 0)
      continue;
    location(loc, sizeof loc, s);
    if ((int)strlen(loc) > w)
      w = (int)strlen(loc);
    shown++;
  }
  if (!never)
    printf("  %12s %7s  %-6s  %-*s  %s\n", "events", "share", "kind", w,
           "location", "function");
  else
    printf("  %-6s  %-*s  %s\n", "kind", w, "location", "function");
  for (size_t i = 0, shown = 0; i < p->order.n && shown < n; i++) {
    const struct pf_site *s = &p->sites.v[p->order.v[i]];
    if (never && s->events != 0)
      continue;
    location(loc, sizeof loc, s);
    if (!never)
      printf("  %12" PRIu64 " %7s  %-6s  %-*s  %s\n", s->events,
             pf_share(sh, s->events, p->events), util_kind_name(s->kind), w, loc,
             *s->function ? s->function : "?");
    else
      printf("  %-6s  %-*s  %s\n", util_kind_name(s->kind), w, loc,
             *s->function ? s->function : "?");
    shown++;
  }
}

static void text_groups(const struct pf_profile *p, const struct pf_groups *g,
                        const char *what) {
  char sh[16];

  printf("  %12s %7s %7s %9s  %s\n", "events", "share", "sites", "executed",
         what);
  for (size_t i = 0; i < g->n; i++) {
    const struct pf_group *r = &g->v[i];
    printf("  %12" PRIu64 " %7s %7" PRIu64 " %9" PRIu64 "  %s", r->events,
           pf_share(sh, r->events, p->events), r->sites, r->executed,
           *r->name ? r->name : "?");
    if (g == &p->functions)
      printf("  (%s:%u)", *r->file ? r->file : "?", r->line);
    putchar('\n');
  }
}

static void emit_text(const struct pf_profile *p) {
  char sh[16];
  size_t never = p->sites.n - p->executed_sites;

  printf("%s %s: program %s, pid %" PRIu32 "%s\n", p->data_kind, p->data_path,
         p->program && *p->program ? p->program : "?", p->pid,
         p->complete ? "" : " (incomplete: see the errors)");
  for (size_t b = 0; b < p->binaries.n; b++) {
    const struct pf_binary *bin = &p->binaries.v[b];
    printf("binary %s: %zu site descriptors, %s", bin->path, bin->desc.n,
           bin->matched ? "matches the data" : "NOT the program of the data");
    if (bin->matched && p->addrs.present)
      printf(" (load bias 0x%" PRIx64 ")", bin->bias);
    putchar('\n');
  }
  printf("events: %" PRIu64 " in %" PRIu64 " threads (%" PRIu64
         " without a site: plain hook; %" PRIu64 " at sites in no table",
         p->events, p->threads, p->plain_events, p->unknown_events);
  if (p->inline_events != 0)
    printf("; %" PRIu64 " counted inline: kind, no site", p->inline_events);
  if (p->rebuilt_events != 0)
    printf("; %" PRIu64 " of elided sites, put back", p->rebuilt_events);
  printf(")\n");
  printf("sites: %zu, executed %" PRIu64 " (%s)\n", p->sites.n,
         p->executed_sites, pf_share(sh, p->executed_sites, p->sites.n));

  printf("\nkinds:\n  %-8s %12s %7s %7s %9s\n", "kind", "events", "share",
         "sites", "executed");
  for (size_t k = 0; k < p->kinds.n; k++) {
    const struct pf_group *g = &p->kinds.v[k];
    printf("  %-8s %12" PRIu64 " %7s %7" PRIu64 " %9" PRIu64 "\n", g->name,
           g->events, pf_share(sh, g->events, p->events), g->sites,
           g->executed);
  }
  printf("  %-8s %12" PRIu64 " %7s\n", "none", p->plain_events,
         pf_share(sh, p->plain_events, p->events));

  if (!p->has_sites)
    printf("\nsites, functions, files: the events carry no site (abi=addr "
           "or inline=count); build with -fptrhook-abi=site for them\n");
  else {
    printf("\ntop %zu sites (of %" PRIu64 " executed):\n", top_count(p),
           p->executed_sites);
    text_sites(p, top_count(p), false);
    printf("\nfunctions (%zu):\n", p->functions.n);
    text_groups(p, &p->functions, "function");
    printf("\nfiles (%zu):\n", p->files.n);
    text_groups(p, &p->files, "file");
  }

  if (p->addrs.present) {
    const struct pf_addrs *a = &p->addrs;
    printf("\naddresses (distinct: %s):\n", a->estimate
                                                ? "HyperLogLog estimates, "
                                                  "about 0.8% error"
                                                : "exact");
    printf("  %-12s %12s %7s %12s\n", "class", "events", "share", "distinct");
    for (int c = 0; c < PF_NCLASS; c++)
      printf("  %-12s %12" PRIu64 " %7s %12" PRIu64 "\n", class_names[c],
             a->events[c], pf_share(sh, a->events[c], p->events),
             a->distinct[c]);
    printf("  %-12s %12" PRIu64 " %7s %12" PRIu64 "\n", "total", p->events,
           pf_share(sh, p->events, p->events), a->distinct_total);
    if (!a->stack_known)
      printf("  (no alloca event: stack and heap are not told apart)\n");
    if (!a->globals_known)
      printf("  (no binary placed in the address space: globals are not told "
             "apart)\n");
  } else {
    printf("\naddresses: a counts file has none; record a trace "
           "(PTRHOOK_OPTIONS=mode=trace) for them\n");
  }

  if (p->never && p->has_sites) {
    printf("\nnever executed (%zu sites):\n", never);
    text_sites(p, never, true);
  }
}

/*===-- JSON --------------------------------------------------------------===*/

static void json_str(const char *s) {
  putchar('"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static void json_site(const struct pf_site *s, bool events) {
  printf("{");
  if (events)
    printf("\"events\": %" PRIu64 ", ", s->events);
  printf("\"kind\": ");
  json_str(util_kind_name(s->kind));
  printf(", \"file\": ");
  json_str(s->file);
  printf(", \"directory\": ");
  json_str(s->directory);
  printf(", \"line\": %u, \"column\": %u, \"function\": ", s->line, s->column);
  json_str(s->function);
  printf("}");
}

static void json_groups(const struct pf_groups *g, const char *name_key,
                        const char *file_key) {
  printf("[");
  for (size_t i = 0; i < g->n; i++) {
    const struct pf_group *r = &g->v[i];
    printf("%s\n    {\"%s\": ", i ? "," : "", name_key);
    json_str(r->name);
    if (file_key) {
      printf(", \"%s\": ", file_key);
      json_str(r->file);
    }
    if (!strcmp(name_key, "function"))
      printf(", \"line\": %u", r->line);
    printf(", \"events\": %" PRIu64 ", \"sites\": %" PRIu64
           ", \"executed\": %" PRIu64 "}",
           r->events, r->sites, r->executed);
  }
  printf("%s]", g->n ? "\n  " : "");
}

static void emit_json(const struct pf_profile *p) {
  size_t n = top_count(p);

  printf("{\n  \"schema\": \"" JSON_SCHEMA "\",\n  \"data\": {\"kind\": ");
  json_str(p->data_kind);
  printf(", \"path\": ");
  json_str(p->data_path);
  printf(", \"program\": ");
  json_str(p->program);
  printf(", \"pid\": %" PRIu32 ", \"complete\": %s},\n", p->pid,
         p->complete ? "true" : "false");
  printf("  \"binaries\": [");
  for (size_t b = 0; b < p->binaries.n; b++) {
    const struct pf_binary *bin = &p->binaries.v[b];
    printf("%s\n    {\"path\": ", b ? "," : "");
    json_str(bin->path);
    printf(", \"descriptors\": %zu, \"matched\": %s, \"load_bias\": ",
           bin->desc.n, bin->matched ? "true" : "false");
    if (bin->matched && p->addrs.present)
      printf("%" PRIu64 "}", bin->bias);
    else
      printf("null}");
  }
  printf("%s],\n", p->binaries.n ? "\n  " : "");
  printf("  \"events\": %" PRIu64 ",\n  \"threads\": %" PRIu64
         ",\n  \"events_without_site\": %" PRIu64
         ",\n  \"events_unknown_site\": %" PRIu64
         ",\n  \"events_inline\": %" PRIu64
         ",\n  \"events_have_sites\": %s,\n  \"sites\": %zu,\n"
         "  \"sites_executed\": %" PRIu64 ",\n",
         p->events, p->threads, p->plain_events, p->unknown_events,
         p->inline_events, p->has_sites ? "true" : "false", p->sites.n,
         p->executed_sites);
  printf("  \"kinds\": ");
  json_groups(&p->kinds, "kind", NULL);
  printf(",\n  \"top_sites\": [");
  for (size_t i = 0; i < n && p->has_sites; i++) {
    printf("%s\n    ", i ? "," : "");
    json_site(&p->sites.v[p->order.v[i]], true);
  }
  printf("%s],\n  \"functions\": ", n && p->has_sites ? "\n  " : "");
  if (p->has_sites)
    json_groups(&p->functions, "function", "file");
  else
    printf("[]");
  printf(",\n  \"files\": ");
  if (p->has_sites)
    json_groups(&p->files, "file", "directory");
  else
    printf("[]");
  printf(",\n  \"addresses\": ");
  if (p->addrs.present) {
    const struct pf_addrs *a = &p->addrs;
    printf("{\"stack_known\": %s, \"globals_known\": %s, "
           "\"distinct_estimate\": %s, \"exact_limit\": %" PRIu64
           ", \"distinct\": %" PRIu64 ", \"classes\": [",
           a->stack_known ? "true" : "false",
           a->globals_known ? "true" : "false",
           a->estimate ? "true" : "false", a->exact_limit, a->distinct_total);
    for (int c = 0; c < PF_NCLASS; c++)
      printf("%s\n    {\"class\": \"%s\", \"events\": %" PRIu64
             ", \"distinct\": %" PRIu64 "}",
             c ? "," : "", class_names[c], a->events[c], a->distinct[c]);
    printf("\n  ]}");
  } else {
    printf("null");
  }
  printf(",\n  \"never_executed\": ");
  if (p->never && p->has_sites) {
    bool first = true;
    printf("[");
    for (size_t i = 0; i < p->order.n; i++) {
      const struct pf_site *s = &p->sites.v[p->order.v[i]];
      if (s->events != 0)
        continue;
      printf("%s\n    ", first ? "" : ",");
      json_site(s, false);
      first = false;
    }
    printf("%s]", first ? "" : "\n  ");
  } else {
    printf("null");
  }
  printf(",\n  \"diagnostics\": [");
  for (size_t i = 0; i < p->diags.n; i++) {
    printf("%s\n    {\"severity\": \"%s\", \"message\": ", i ? "," : "",
           p->diags.v[i].error ? "error" : "note");
    json_str(p->diags.v[i].text);
    printf("}");
  }
  printf("%s]\n}\n", p->diags.n ? "\n  " : "");
}

/*===-- CSV ---------------------------------------------------------------===*/

/* A field, quoted (RFC 4180) when it needs to be. */
static void csv_str(const char *s) {
  if (s == NULL || strpbrk(s, ",\"\n\r") == NULL) {
    fputs(s ? s : "", stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"')
      putchar('"');
    putchar(*s);
  }
  putchar('"');
}

/* record,kind,file,line,column,function,events,sites,executed,distinct */
static void csv_row(const char *record, const char *kind, const char *file,
                    long line, long column, const char *function,
                    const char *events, const char *sites,
                    const char *executed, const char *distinct) {
  const char *f[4] = {events, sites, executed, distinct};

  printf("%s,", record);
  csv_str(kind);
  putchar(',');
  csv_str(file);
  if (line >= 0)
    printf(",%ld", line);
  else
    putchar(',');
  if (column >= 0)
    printf(",%ld,", column);
  else
    printf(",,");
  csv_str(function);
  for (int i = 0; i < 4; i++)
    printf(",%s", f[i] ? f[i] : "");
  putchar('\n');
}

static const char *num(char *buf, uint64_t v) {
  snprintf(buf, 24, "%" PRIu64, v);
  return buf;
}

static void emit_csv(const struct pf_profile *p) {
  char a[24], b[24], c[24], d[24];

  printf("record,kind,file,line,column,function,events,sites,executed,"
         "distinct\n");
  csv_row("total", NULL, NULL, -1, -1, NULL, num(a, p->events),
          num(b, p->sites.n), num(c, p->executed_sites),
          p->addrs.present ? num(d, p->addrs.distinct_total) : NULL);
  for (size_t k = 0; k < p->kinds.n; k++)
    csv_row("kind", p->kinds.v[k].name, NULL, -1, -1, NULL,
            num(a, p->kinds.v[k].events), num(b, p->kinds.v[k].sites),
            num(c, p->kinds.v[k].executed), NULL);
  csv_row("kind", "none", NULL, -1, -1, NULL, num(a, p->plain_events), NULL,
          NULL, NULL);
  csv_row("kind", "unknown", NULL, -1, -1, NULL, num(a, p->unknown_events),
          NULL, NULL, NULL);
  csv_row("kind", "inline", NULL, -1, -1, NULL, num(a, p->inline_events), NULL,
          NULL, NULL);
  for (size_t i = 0; i < top_count(p) && p->has_sites; i++) {
    const struct pf_site *s = &p->sites.v[p->order.v[i]];
    csv_row("site", util_kind_name(s->kind), s->file, s->line, s->column,
            s->function, num(a, s->events), NULL, NULL, NULL);
  }
  for (size_t i = 0; i < p->functions.n && p->has_sites; i++) {
    const struct pf_group *g = &p->functions.v[i];
    csv_row("function", NULL, g->file, g->line, -1, g->name,
            num(a, g->events), num(b, g->sites), num(c, g->executed), NULL);
  }
  for (size_t i = 0; i < p->files.n && p->has_sites; i++) {
    const struct pf_group *g = &p->files.v[i];
    csv_row("file", NULL, g->name, -1, -1, NULL, num(a, g->events),
            num(b, g->sites), num(c, g->executed), NULL);
  }
  if (p->addrs.present)
    for (int k = 0; k < PF_NCLASS; k++)
      csv_row("address", class_names[k], NULL, -1, -1, NULL,
              num(a, p->addrs.events[k]), NULL, NULL,
              num(d, p->addrs.distinct[k]));
  if (p->never && p->has_sites)
    for (size_t i = 0; i < p->order.n; i++) {
      const struct pf_site *s = &p->sites.v[p->order.v[i]];
      if (s->events == 0)
        csv_row("never", util_kind_name(s->kind), s->file, s->line, s->column,
                s->function, "0", NULL, NULL, NULL);
    }
}

void pf_emit(struct pf_profile *p) {
  switch (p->format) {
  case PF_TEXT:
    emit_text(p);
    break;
  case PF_JSON:
    emit_json(p);
    break;
  case PF_CSV:
    emit_csv(p);
    break;
  }
}
