/*===-- profile_emit.c - a report of DATA as text, JSON or CSV -------------===*
 *
 * Phase 5 of a report (profile.h).  The three formats hold the same
 * tables in the same order; JSON and CSV are for scripts and their schema
 * is stable (README "Reports", ptrhook-report(1)): fields are only ever
 * added, never renamed or reordered.  Diagnostics go to stderr in every
 * format (and into JSON's "diagnostics"), so stdout is the report alone.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define JSON_SCHEMA "ptrhook-report-1"

/* How many sites the top list shows: executed ones only (they come first
 * in st->order). */
static size_t top_count(const struct report *st) {
  size_t ran = (size_t)st->executed_sites;
  return st->top == 0 || st->top > ran ? ran : st->top;
}

/*===-- Text --------------------------------------------------------------===*/

/* FILE:LINE:COL; "~LINE" when the line is borrowed from a neighbouring
 * instruction (PTRHOOK_SITE_APPROXIMATE without FUNCTION_LINE: the site had
 * no line of its own). */
static void location(char *buf, size_t len, const struct profile_site *s) {
  bool near = (s->flags & (PTRHOOK_SITE_APPROXIMATE |
                           PTRHOOK_SITE_FUNCTION_LINE)) ==
              PTRHOOK_SITE_APPROXIMATE;
  snprintf(buf, len, "%s:%s%u:%u", *s->file ? s->file : "?", near ? "~" : "",
           s->line, s->column);
}

static void text_sites(const struct report *st, size_t n, bool never) {
  char loc[4096], sh[16];
  int w = 8;

  for (size_t i = 0, shown = 0; i < st->order.n && shown < n; i++) {
    const struct profile_site *s = &st->sites.v[st->order.v[i]];
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
  for (size_t i = 0, shown = 0; i < st->order.n && shown < n; i++) {
    const struct profile_site *s = &st->sites.v[st->order.v[i]];
    if (never && s->events != 0)
      continue;
    location(loc, sizeof loc, s);
    if (!never)
      printf("  %12" PRIu64 " %7s  %-6s  %-*s  %s\n", s->events,
             profile_share(sh, s->events, st->events), util_kind_name(s->kind),
             w, loc, *s->function ? s->function : "?");
    else
      printf("  %-6s  %-*s  %s\n", util_kind_name(s->kind), w, loc,
             *s->function ? s->function : "?");
    shown++;
  }
}

static void text_groups(const struct report *st, const struct profile_groups *g,
                        const char *what) {
  char sh[16];

  printf("  %12s %7s %7s %9s  %s\n", "events", "share", "sites", "executed",
         what);
  for (size_t i = 0; i < g->n; i++) {
    const struct profile_group *r = &g->v[i];
    printf("  %12" PRIu64 " %7s %7" PRIu64 " %9" PRIu64 "  %s", r->events,
           profile_share(sh, r->events, st->events), r->sites, r->executed,
           *r->name ? r->name : "?");
    if (g == &st->functions)
      printf("  (%s:%u)", *r->file ? r->file : "?", r->line);
    putchar('\n');
  }
}

static void emit_text(const struct report *st) {
  char sh[16];
  size_t never = st->sites.n - st->executed_sites;

  printf("%s %s: program %s, pid %" PRIu32 "%s\n", st->data_kind, st->data_path,
         st->program && *st->program ? st->program : "?", st->pid,
         st->complete ? "" : " (incomplete: see the errors)");
  for (size_t b = 0; b < st->binaries.n; b++) {
    const struct profile_binary *bin = &st->binaries.v[b];
    printf("binary %s: %zu site descriptors, %s", bin->path, bin->ndesc,
           bin->matched ? "matches the data" : "NOT the program of the data");
    if (bin->matched && st->addrs.present)
      printf(" (load bias 0x%" PRIx64 ")", bin->bias);
    putchar('\n');
  }
  printf("events: %" PRIu64 " in %" PRIu64 " thread%s (%" PRIu64
         " without a site: plain hook; %" PRIu64 " at sites in no table",
         st->events, st->threads, st->threads == 1 ? "" : "s",
         st->plain_events, st->unknown_events);
  if (st->inline_events != 0)
    printf("; %" PRIu64 " counted inline: kind, no site", st->inline_events);
  if (st->rebuilt_events != 0)
    printf("; %" PRIu64 " of elided sites, put back", st->rebuilt_events);
  printf(")\n");
  printf("sites: %zu, executed %" PRIu64 " (%s)\n", st->sites.n,
         st->executed_sites,
         profile_share(sh, st->executed_sites, st->sites.n));

  printf("\nkinds:\n  %-8s %12s %7s %7s %9s\n", "kind", "events", "share",
         "sites", "executed");
  for (size_t k = 0; k < st->kinds.n; k++) {
    const struct profile_group *g = &st->kinds.v[k];
    printf("  %-8s %12" PRIu64 " %7s %7" PRIu64 " %9" PRIu64 "\n", g->name,
           g->events, profile_share(sh, g->events, st->events), g->sites,
           g->executed);
  }
  printf("  %-8s %12" PRIu64 " %7s\n", "none", st->plain_events,
         profile_share(sh, st->plain_events, st->events));

  if (!st->has_sites)
    printf("\nsites, functions, files: the events carry no site (abi=addr "
           "or inline=count); build with -fptrhook-abi=site for them\n");
  else {
    printf("\ntop %zu sites (of %" PRIu64 " executed):\n", top_count(st),
           st->executed_sites);
    text_sites(st, top_count(st), false);
    printf("\nfunctions (%zu):\n", st->functions.n);
    text_groups(st, &st->functions, "function");
    printf("\nfiles (%zu):\n", st->files.n);
    text_groups(st, &st->files, "file");
  }

  if (st->addrs.present) {
    const struct profile_addrs *a = &st->addrs;
    printf("\naddresses (distinct: %s):\n", a->estimate
                                                ? "HyperLogLog estimates, "
                                                  "about 0.8% error"
                                                : "exact");
    printf("  %-12s %12s %7s %12s\n", "class", "events", "share", "distinct");
    for (int c = 0; c < PROFILE_NCLASS; c++)
      printf("  %-12s %12" PRIu64 " %7s %12" PRIu64 "\n", profile_class_name(c),
             a->events[c], profile_share(sh, a->events[c], st->events),
             a->distinct[c]);
    printf("  %-12s %12" PRIu64 " %7s %12" PRIu64 "\n", "total", st->events,
           profile_share(sh, st->events, st->events), a->distinct_total);
    if (!a->stack_known)
      printf("  (no alloca event: stack and heap are not told apart)\n");
    if (!a->globals_known)
      printf("  (no binary placed in the address space: globals are not told "
             "apart)\n");
  } else {
    printf("\naddresses: a counts file has none; record a trace "
           "(PTRHOOK_OPTIONS=mode=trace) for them\n");
  }

  if (st->never && st->has_sites) {
    printf("\nnever executed (%zu sites):\n", never);
    text_sites(st, never, true);
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

static void json_site(const struct profile_site *s, bool events) {
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

static void json_groups(const struct profile_groups *g, const char *name_key,
                        const char *file_key) {
  printf("[");
  for (size_t i = 0; i < g->n; i++) {
    const struct profile_group *r = &g->v[i];
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

static void emit_json(const struct report *st) {
  size_t n = top_count(st);

  printf("{\n  \"schema\": \"" JSON_SCHEMA "\",\n  \"data\": {\"kind\": ");
  json_str(st->data_kind);
  printf(", \"path\": ");
  json_str(st->data_path);
  printf(", \"program\": ");
  json_str(st->program);
  printf(", \"pid\": %" PRIu32 ", \"complete\": %s},\n", st->pid,
         st->complete ? "true" : "false");
  printf("  \"binaries\": [");
  for (size_t b = 0; b < st->binaries.n; b++) {
    const struct profile_binary *bin = &st->binaries.v[b];
    printf("%s\n    {\"path\": ", b ? "," : "");
    json_str(bin->path);
    printf(", \"descriptors\": %zu, \"matched\": %s, \"load_bias\": ",
           bin->ndesc, bin->matched ? "true" : "false");
    if (bin->matched && st->addrs.present)
      printf("%" PRIu64 "}", bin->bias);
    else
      printf("null}");
  }
  printf("%s],\n", st->binaries.n ? "\n  " : "");
  printf("  \"events\": %" PRIu64 ",\n  \"threads\": %" PRIu64
         ",\n  \"events_without_site\": %" PRIu64
         ",\n  \"events_unknown_site\": %" PRIu64
         ",\n  \"events_inline\": %" PRIu64
         ",\n  \"events_have_sites\": %s,\n  \"sites\": %zu,\n"
         "  \"sites_executed\": %" PRIu64 ",\n",
         st->events, st->threads, st->plain_events, st->unknown_events,
         st->inline_events, st->has_sites ? "true" : "false", st->sites.n,
         st->executed_sites);
  printf("  \"kinds\": ");
  json_groups(&st->kinds, "kind", NULL);
  printf(",\n  \"top_sites\": [");
  for (size_t i = 0; i < n && st->has_sites; i++) {
    printf("%s\n    ", i ? "," : "");
    json_site(&st->sites.v[st->order.v[i]], true);
  }
  printf("%s],\n  \"functions\": ", n && st->has_sites ? "\n  " : "");
  if (st->has_sites)
    json_groups(&st->functions, "function", "file");
  else
    printf("[]");
  printf(",\n  \"files\": ");
  if (st->has_sites)
    json_groups(&st->files, "file", "directory");
  else
    printf("[]");
  printf(",\n  \"addresses\": ");
  if (st->addrs.present) {
    const struct profile_addrs *a = &st->addrs;
    printf("{\"stack_known\": %s, \"globals_known\": %s, "
           "\"distinct_estimate\": %s, \"exact_limit\": %" PRIu64
           ", \"distinct\": %" PRIu64 ", \"classes\": [",
           a->stack_known ? "true" : "false",
           a->globals_known ? "true" : "false", a->estimate ? "true" : "false",
           a->exact_limit, a->distinct_total);
    for (int c = 0; c < PROFILE_NCLASS; c++)
      printf("%s\n    {\"class\": \"%s\", \"events\": %" PRIu64
             ", \"distinct\": %" PRIu64 "}",
             c ? "," : "", profile_class_name(c), a->events[c], a->distinct[c]);
    printf("\n  ]}");
  } else {
    printf("null");
  }
  printf(",\n  \"never_executed\": ");
  if (st->never && st->has_sites) {
    bool first = true;
    printf("[");
    for (size_t i = 0; i < st->order.n; i++) {
      const struct profile_site *s = &st->sites.v[st->order.v[i]];
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
  for (size_t i = 0; i < st->diags.n; i++) {
    printf("%s\n    {\"severity\": \"%s\", \"message\": ", i ? "," : "",
           st->diags.v[i].error ? "error" : "note");
    json_str(st->diags.v[i].text);
    printf("}");
  }
  printf("%s]\n}\n", st->diags.n ? "\n  " : "");
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
                    const char *events, const char *sites, const char *executed,
                    const char *distinct) {
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

static void emit_csv(const struct report *st) {
  char a[24], b[24], c[24], d[24];

  printf("record,kind,file,line,column,function,events,sites,executed,"
         "distinct\n");
  csv_row("total", NULL, NULL, -1, -1, NULL, num(a, st->events),
          num(b, st->sites.n), num(c, st->executed_sites),
          st->addrs.present ? num(d, st->addrs.distinct_total) : NULL);
  for (size_t k = 0; k < st->kinds.n; k++)
    csv_row("kind", st->kinds.v[k].name, NULL, -1, -1, NULL,
            num(a, st->kinds.v[k].events), num(b, st->kinds.v[k].sites),
            num(c, st->kinds.v[k].executed), NULL);
  csv_row("kind", "none", NULL, -1, -1, NULL, num(a, st->plain_events), NULL,
          NULL, NULL);
  csv_row("kind", "unknown", NULL, -1, -1, NULL, num(a, st->unknown_events),
          NULL, NULL, NULL);
  csv_row("kind", "inline", NULL, -1, -1, NULL, num(a, st->inline_events), NULL,
          NULL, NULL);
  for (size_t i = 0; i < top_count(st) && st->has_sites; i++) {
    const struct profile_site *s = &st->sites.v[st->order.v[i]];
    csv_row("site", util_kind_name(s->kind), s->file, s->line, s->column,
            s->function, num(a, s->events), NULL, NULL, NULL);
  }
  for (size_t i = 0; i < st->functions.n && st->has_sites; i++) {
    const struct profile_group *g = &st->functions.v[i];
    csv_row("function", NULL, g->file, g->line, -1, g->name, num(a, g->events),
            num(b, g->sites), num(c, g->executed), NULL);
  }
  for (size_t i = 0; i < st->files.n && st->has_sites; i++) {
    const struct profile_group *g = &st->files.v[i];
    csv_row("file", NULL, g->name, -1, -1, NULL, num(a, g->events),
            num(b, g->sites), num(c, g->executed), NULL);
  }
  if (st->addrs.present)
    for (int k = 0; k < PROFILE_NCLASS; k++)
      csv_row("address", profile_class_name(k), NULL, -1, -1, NULL,
              num(a, st->addrs.events[k]), NULL, NULL,
              num(d, st->addrs.distinct[k]));
  if (st->never && st->has_sites)
    for (size_t i = 0; i < st->order.n; i++) {
      const struct profile_site *s = &st->sites.v[st->order.v[i]];
      if (s->events == 0)
        csv_row("never", util_kind_name(s->kind), s->file, s->line, s->column,
                s->function, "0", NULL, NULL, NULL);
    }
}

void profile_emit(struct report *st) {
  switch (st->format) {
  case REPORT_TEXT:
    emit_text(st);
    break;
  case REPORT_JSON:
    emit_json(st);
    break;
  case REPORT_CSV:
    emit_csv(st);
    break;
  }
}
