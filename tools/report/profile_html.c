/*===-- profile_html.c - --html DIR: one self-contained page ---------------===*
 *
 * Phase 5 of a report (profile.h), for people: DIR/index.html, one file
 * with its style and a few lines of script inline, nothing fetched, so
 * that it opens from a file:// URL anywhere.  It holds the summary tables
 * of the text report (sortable: click a column heading) and every source
 * file with sites, each line tinted by its events (ten steps on a log
 * scale of the busiest line; blue: sites that never ran), a line's sites
 * on hover (title) and in a table beside the source.
 *
 * One source line is one line of HTML, <tr id="fN-LM" ...>, so that a test
 * (or grep) can check a line's count.  Sources are found through the
 * recorded paths (profile_find_source: --prefix-map, --source-root); a file
 * that cannot be found keeps its site table and says where it looked.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<':
      fputs("&lt;", f);
      break;
    case '>':
      fputs("&gt;", f);
      break;
    case '&':
      fputs("&amp;", f);
      break;
    case '"':
      fputs("&quot;", f);
      break;
    default:
      fputc(*s, f);
    }
  }
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}\n"
    "table{border-collapse:collapse;margin:.5em 0}\n"
    "td,th{padding:1px 8px;text-align:left}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.sum th{cursor:pointer;background:#eee;border-bottom:1px solid "
    "#999}\n"
    "table.sum tr:nth-child(even){background:#f7f7f7}\n"
    ".wrap{display:flex;gap:2em;align-items:flex-start}\n"
    "table.src{font:12px/1.3 ui-monospace,monospace}\n"
    "table.src td{padding:0 6px;white-space:pre}\n"
    "table.src td.ln{color:#999;text-align:right}\n"
    "table.src td.ev{text-align:right;color:#555}\n"
    ".h0{background:#fff}.h1{background:#fff5eb}.h2{background:#fee6ce}"
    ".h3{background:#fdd0a2}.h4{background:#fdae6b}.h5{background:#fd8d3c}"
    ".h6{background:#f16913}.h7{background:#e6550d}.h8{background:#d94801}"
    ".h9{background:#a63603;color:#fff}\n"
    ".never{background:#dde6f7}\n"
    "p.miss{color:#a00}\n";

/* Click a heading to sort by its column; numbers (data-v) as numbers. */
static const char script[] =
    "document.querySelectorAll('table.sum').forEach(function(t){\n"
    " t.querySelectorAll('th').forEach(function(th,i){\n"
    "  th.addEventListener('click',function(){\n"
    "   var b=t.tBodies[0],r=Array.prototype.slice.call(b.rows);\n"
    "   var up=th.dataset.up!=='1';th.dataset.up=up?'1':'0';\n"
    "   r.sort(function(x,y){var "
    "a=x.cells[i].dataset.v,c=y.cells[i].dataset.v;\n"
    "    var u=a!==undefined||c!==undefined?(+a||0)-(+c||0):\n"
    "     x.cells[i].textContent.localeCompare(y.cells[i].textContent);\n"
    "    return up?u:-u;});\n"
    "   r.forEach(function(x){b.appendChild(x);});});});});\n";

static unsigned heat(uint64_t events, uint64_t max) {
  unsigned h;
  if (events == 0 || max == 0)
    return 0;
  h = (unsigned)ceil(9.0 * log1p((double)events) / log1p((double)max));
  return h < 1 ? 1 : h > 9 ? 9 : h;
}

static void th(FILE *f, const char *name, bool numeric) {
  fprintf(f, "<th%s>%s</th>", numeric ? " class=\"n\"" : "", name);
}

static void td_num(FILE *f, uint64_t v) {
  fprintf(f, "<td class=\"n\" data-v=\"%" PRIu64 "\">%" PRIu64 "</td>", v, v);
}

/* The three count columns of the kinds, functions and files tables. */
static void th_counts(FILE *f) {
  th(f, "events", true);
  th(f, "sites", true);
  th(f, "executed", true);
}

static void td_counts(FILE *f, const struct profile_group *g) {
  td_num(f, g->events);
  td_num(f, g->sites);
  td_num(f, g->executed);
}

/* The view index of FILE/DIRECTORY, or -1. */
static long view_of(const struct report *st, const char *file,
                    const char *dir) {
  for (size_t i = 0; i < st->views.n; i++)
    if (st->views.v[i].file == file && st->views.v[i].directory == dir)
      return (long)i;
  return -1;
}

static void summary_tables(FILE *f, const struct report *st) {
  fprintf(f, "<h2>Kinds</h2>\n<table class=\"sum\"><thead><tr>");
  th(f, "kind", false);
  th_counts(f);
  fprintf(f, "</tr></thead><tbody>\n");
  for (size_t k = 0; k < st->kinds.n; k++) {
    fprintf(f, "<tr><td>%s</td>", st->kinds.v[k].name);
    td_counts(f, &st->kinds.v[k]);
    fprintf(f, "</tr>\n");
  }
  fprintf(f, "<tr><td>none</td>");
  td_num(f, st->plain_events);
  fprintf(f, "<td></td><td></td></tr>\n</tbody></table>\n");

  fprintf(f, "<h2>Sites</h2>\n<table class=\"sum\" id=\"sites\"><thead><tr>");
  th(f, "events", true);
  th(f, "kind", false);
  th(f, "location", false);
  th(f, "function", false);
  fprintf(f, "</tr></thead><tbody>\n");
  for (size_t i = 0; i < st->order.n; i++) {
    const struct profile_site *s = &st->sites.v[st->order.v[i]];
    long v = view_of(st, s->file, s->directory);
    if (s->events == 0 && !st->never)
      continue;
    fprintf(f, "<tr>");
    td_num(f, s->events);
    fprintf(f, "<td>%s</td><td><a href=\"#f%ld-L%u\">", util_kind_name(s->kind),
            v, s->line);
    esc(f, s->file);
    fprintf(f, ":%u:%u</a></td><td>", s->line, s->column);
    esc(f, s->function);
    fprintf(f, "</td></tr>\n");
  }
  fprintf(f, "</tbody></table>\n");

  fprintf(f, "<h2>Functions</h2>\n<table class=\"sum\" id=\"functions\">"
             "<thead><tr>");
  th_counts(f);
  th(f, "function", false);
  th(f, "file", false);
  fprintf(f, "</tr></thead><tbody>\n");
  for (size_t i = 0; i < st->functions.n; i++) {
    const struct profile_group *g = &st->functions.v[i];
    fprintf(f, "<tr>");
    td_counts(f, g);
    fprintf(f, "<td>");
    esc(f, g->name);
    fprintf(f, "</td><td>");
    esc(f, g->file);
    fprintf(f, "</td></tr>\n");
  }
  fprintf(f, "</tbody></table>\n");

  fprintf(f, "<h2>Files</h2>\n<table class=\"sum\" id=\"files\"><thead><tr>");
  th_counts(f);
  th(f, "file", false);
  fprintf(f, "</tr></thead><tbody>\n");
  for (size_t i = 0; i < st->files.n; i++) {
    const struct profile_group *g = &st->files.v[i];
    fprintf(f, "<tr>");
    td_counts(f, g);
    fprintf(f, "<td><a href=\"#f%zu\">", i);
    esc(f, g->name);
    fprintf(f, "</a></td></tr>\n");
  }
  fprintf(f, "</tbody></table>\n");

  if (st->addrs.present) {
    fprintf(f, "<h2>Addresses</h2>\n<table class=\"sum\" id=\"addresses\">"
               "<thead><tr>");
    th(f, "class", false);
    th(f, "events", true);
    th(f, st->addrs.estimate ? "distinct (estimate)" : "distinct", true);
    fprintf(f, "</tr></thead><tbody>\n");
    for (int c = 0; c < PROFILE_NCLASS; c++) {
      fprintf(f, "<tr><td>%s</td>", profile_class_name(c));
      td_num(f, st->addrs.events[c]);
      td_num(f, st->addrs.distinct[c]);
      fprintf(f, "</tr>\n");
    }
    fprintf(f, "</tbody></table>\n");
  }
}

/* The source of view V, line by line, and its sites beside it. */
static void source_view(FILE *f, struct report *st, size_t vi, uint64_t max) {
  const struct profile_file_view *v = &st->views.v[vi];
  char *tried = NULL,
       *path = profile_find_source(st, v->file, v->directory, &tried);
  FILE *src = path ? fopen(path, "r") : NULL;
  size_t li = 0;

  fprintf(f, "<h2 id=\"f%zu\">", vi);
  esc(f, *v->file ? v->file : "(unknown file)");
  fprintf(f, " <small>%" PRIu64 " events</small></h2>\n<div class=\"wrap\">\n",
          v->events);
  if (src == NULL) {
    fprintf(f, "<p class=\"miss\">source not found");
    if (tried) {
      fprintf(f, " at ");
      esc(f, tried);
    }
    fprintf(f, "; use --source-root or --prefix-map</p>\n");
    if (*v->file)
      report_diag(st, false, REPORT_OK,
                  "--html: source %s not found (tried %s)", v->file,
                  tried ? tried : "nothing");
  } else {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned n = 0;

    fprintf(f, "<table class=\"src\">\n");
    while ((len = getline(&line, &cap, src)) >= 0) {
      uint64_t ev = 0;
      n++;
      if (len > 0 && line[len - 1] == '\n')
        line[len - 1] = '\0';
      while (li < v->lines.n && v->lines.v[li].line < n)
        li++;
      fprintf(f, "<tr id=\"f%zu-L%u\"", vi, n);
      if (li < v->lines.n && v->lines.v[li].line == n) {
        const struct profile_line *l = &v->lines.v[li];
        ev = l->events;
        if (ev == 0) /* sites that never ran: their own colour */
          fprintf(f, " class=\"never\" title=\"");
        else
          fprintf(f, " class=\"h%u\" title=\"", heat(ev, max));
        for (size_t k = 0; k < l->nsites; k++) {
          const struct profile_site *s =
              &st->sites.v[v->sites.v[l->first_site + k]];
          fprintf(f, "%s%s %u:%u ", k ? "&#10;" : "", util_kind_name(s->kind),
                  s->line, s->column);
          esc(f, s->function);
          fprintf(f, ": %" PRIu64, s->events);
        }
        fprintf(f,
                "\"><td class=\"ln\">%u</td><td class=\"ev\">%" PRIu64 "</td>",
                n, ev);
      } else {
        fprintf(f, "><td class=\"ln\">%u</td><td class=\"ev\"></td>", n);
      }
      fprintf(f, "<td>");
      esc(f, line);
      fprintf(f, "</td></tr>\n");
    }
    free(line);
    fclose(src);
    fprintf(f, "</table>\n");
  }
  /* The sites beside the source. */
  fprintf(f, "<table class=\"sum\"><thead><tr>");
  th(f, "line", true);
  th(f, "col", true);
  th(f, "kind", false);
  th(f, "function", false);
  th(f, "events", true);
  fprintf(f, "</tr></thead><tbody>\n");
  for (size_t k = 0; k < v->sites.n; k++) {
    const struct profile_site *s = &st->sites.v[v->sites.v[k]];
    fprintf(f,
            "<tr><td class=\"n\" data-v=\"%u\"><a href=\"#f%zu-L%u\">%u</a>"
            "</td>",
            s->line, vi, s->line, s->line);
    td_num(f, s->column);
    fprintf(f, "<td>%s</td><td>", util_kind_name(s->kind));
    esc(f, s->function);
    fprintf(f, "</td>");
    td_num(f, s->events);
    fprintf(f, "</tr>\n");
  }
  fprintf(f, "</tbody></table>\n</div>\n");
  free(path);
  free(tried);
}

int profile_write_html(struct report *st) {
  char *path;
  size_t n = strlen(st->html_dir) + sizeof "/index.html";
  FILE *f;
  uint64_t max = 0;

  if (mkdir(st->html_dir, 0777) != 0 && errno != EEXIST) {
    report_diag(st, true, REPORT_UNREADABLE, "--html: cannot create %s: %s",
                st->html_dir, strerror(errno));
    return -1;
  }
  path = util_xmalloc(n);
  snprintf(path, n, "%s/index.html", st->html_dir);
  f = fopen(path, "w");
  if (f == NULL) {
    report_diag(st, true, REPORT_UNREADABLE, "--html: cannot write %s: %s",
                path, strerror(errno));
    free(path);
    return -1;
  }
  for (size_t i = 0; i < st->views.n; i++)
    for (size_t l = 0; l < st->views.v[i].lines.n; l++)
      if (st->views.v[i].lines.v[l].events > max)
        max = st->views.v[i].lines.v[l].events;

  fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "\n<title>ptrhook report: ");
  esc(f, st->program);
  fprintf(f, "</title>\n<style>\n%s</style>\n</head><body>\n", style);
  fprintf(f, "<h1>ptrhook report</h1>\n<p>%s ", st->data_kind);
  esc(f, st->data_path);
  fprintf(f, ": program ");
  esc(f, st->program);
  fprintf(f,
          ", pid %" PRIu32 "; %" PRIu64 " events in %" PRIu64
          " thread%s; %zu sites, %" PRIu64 " executed%s</p>\n",
          st->pid, st->events, st->threads, st->threads == 1 ? "" : "s",
          st->sites.n, st->executed_sites,
          st->complete ? "" : "; <b>incomplete data</b>");
  for (size_t i = 0; i < st->diags.n; i++) {
    fprintf(f,
            "<p class=\"miss\">%s: ", st->diags.v[i].error ? "error" : "note");
    esc(f, st->diags.v[i].text);
    fprintf(f, "</p>\n");
  }
  summary_tables(f, st);
  for (size_t i = 0; i < st->views.n; i++)
    source_view(f, st, i, max);
  fprintf(f, "<script>\n%s</script>\n</body></html>\n", script);
  if (fclose(f) != 0) {
    report_diag(st, true, REPORT_UNREADABLE, "--html: cannot write %s: %s",
                path, strerror(errno));
    free(path);
    return -1;
  }
  free(path);
  return 0;
}
