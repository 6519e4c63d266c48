/*===-- profile_trace.c - read a trace: the pass, then what came of it ---===*
 *
 * Phase 3 of a report (profile.h) for a trace of mode=trace: opens it,
 * runs the pass over its events (profile_trace_scan.c), with a progress
 * line on a terminal, checks it whole, and turns the counters into the
 * report's sites and address classes.  Which site table is a binary's was
 * guessed by size during the pass; here it is checked entry by entry: a
 * trace whose tables do not match a binary was written by another
 * program, and says so.
 *===----------------------------------------------------------------------===*/
/* realpath(3) */
#define _XOPEN_SOURCE 700

#include "profile_trace.h"
#include "ptrhook_trace_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*===-- The end: sites, matching, classes ---------------------------------===*/

/* Entries of reader table TB as sites (strings interned). */
static struct profile_site *table_sites(const struct ptrhook_trace_table *tb) {
  struct profile_site *v = util_xcalloc(tb->total, sizeof *v);
  for (uint64_t e = 0; e < tb->total; e++) {
    const struct ptrhook_trace_site *x = &tb->sites[e];
    v[e].kind = x->kind;
    v[e].line = x->line;
    v[e].column = x->column;
    v[e].flags = x->flags;
    v[e].function = profile_intern(x->function);
    v[e].file = profile_intern(x->file);
    v[e].directory = profile_intern(x->directory);
  }
  return v;
}

static void finish_sites(struct profile_scan *s) {
  struct report *st = s->st;
  uint64_t misaligned = 0;

  /* Site words whose table came after them. */
  for (size_t i = 0; i < s->pend_cap; i++) {
    bool placed = false;
    if (s->pend_key[i] == 0)
      continue;
    for (size_t k = 0; k < s->ntabs && !placed; k++) {
      uint64_t off = s->pend_key[i] - s->tabs[k].base;
      if (off < s->tabs[k].bytes) {
        s->tabs[k].count[off >> 3] += s->pend_val[i];
        placed = true;
      }
    }
    if (!placed)
      st->unknown_events += s->pend_val[i];
  }
  st->unknown_events += s->pend_overflow;
  for (size_t k = 0; k < s->ntabs; k++) {
    struct ptrhook_trace_table tb;
    struct profile_site *v;
    ptrhook_trace_table(s->t, k, &tb);
    v = table_sites(&tb);
    for (uint64_t w = 0; w < s->tabs[k].bytes / 8; w++)
      if (s->tabs[k].count[w] != 0 && (w * 8) % tb.descriptor_size != 0)
        misaligned += s->tabs[k].count[w];
    for (uint64_t e = 0; e < tb.total; e++) {
      if (v[e].kind == PTRHOOK_TRACE_HOLE)
        continue;
      v[e].events = s->tabs[k].count[e * tb.descriptor_size / 8];
      profile_site_add(st, &v[e]);
    }
    free(v);
  }
  st->unknown_events += misaligned;
  if (st->unknown_events != 0)
    report_diag(st, false, REPORT_OK,
                "%llu events name a site that is in no site table of the trace "
                "(a DSO's code before its constructor, or a descriptor made by "
                "hand); counted as unknown sites",
                (unsigned long long)st->unknown_events);
  for (size_t i = 0; i < st->sites.n; i++)
    if (st->sites.v[i].kind < PTRHOOK_KIND_COUNT)
      st->kind_events[st->sites.v[i].kind] += st->sites.v[i].events;
}

/* Checks every binary against the trace's tables, entry by entry. */
static void match_binaries(struct profile_scan *s) {
  struct report *st = s->st;
  size_t ntab = ptrhook_trace_ntables(s->t);

  for (size_t b = 0; b < st->binaries.n; b++) {
    struct profile_binary *bin = &st->binaries.v[b];
    bool same_content = false;
    char same_path[16] = "";

    for (size_t k = 0; k < ntab && !bin->matched; k++) {
      struct ptrhook_trace_table tb;
      struct profile_site *v;
      uint64_t bias;
      ptrhook_trace_table(s->t, k, &tb);
      v = table_sites(&tb);
      bias = tb.base - bin->sites_addr;
      if (profile_binary_same_sites(bin, v, tb.total)) {
        same_content = true;
        if (bin->pie ? bias % 4096 == 0 : bias == 0) {
          bin->matched = true;
          bin->bias = bias;
          if (s->guess[b] != k + 1)
            report_diag(st, false, REPORT_OK,
                        "%s: two site tables of its size; its globals may be "
                        "mixed up with the other's",
                        bin->path);
        }
      }
      free(v);
    }
    if (st->program != NULL) {
      char *a = realpath(st->program, NULL), *c = realpath(bin->path, NULL);
      if (a != NULL && c != NULL && strcmp(a, c) == 0)
        snprintf(same_path, sizeof same_path, "same");
      free(a);
      free(c);
    }
    if (bin->matched) {
      if (!same_path[0] && st->program != NULL && b == 0)
        report_diag(st, false, REPORT_OK,
                    "%s was written by %s, not %s, but their site tables are "
                    "the same",
                    st->data_path, st->program, bin->path);
      continue;
    }
    if (ntab == 0)
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: the trace has no site table, but "
          "the binary has %zu site descriptors (the trace's program: %s)",
          st->data_path, bin->path, bin->ndesc,
          st->program ? st->program : "?");
    else if (same_content)
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: a site table with the same entries, "
          "but at run-time address that the binary cannot have been "
          "loaded at (a non-PIE build of the same sources?)",
          st->data_path, bin->path);
    else
      report_diag(
          st, true, REPORT_MISMATCH,
          "%s was not written by %s: none of the trace's %zu site tables "
          "matches the binary's %zu descriptors (%s%s); the report uses the "
          "trace's own tables and leaves the binary out",
          st->data_path, bin->path, ntab, bin->ndesc,
          same_path[0] ? "the same path: the binary was rebuilt after the "
                         "trace was written"
                       : "the trace was written by another program, ",
          same_path[0]  ? ""
          : st->program ? st->program
                        : "?");
  }
}

/* Moves classes A and B of AD into unclassified: they cannot be told
 * apart. */
static void unclassify(struct profile_addrs *ad, enum profile_class a,
                       enum profile_class b) {
  ad->events[PROFILE_CLASS_UNCLASSIFIED] += ad->events[a] + ad->events[b];
  ad->distinct[PROFILE_CLASS_UNCLASSIFIED] += ad->distinct[a] + ad->distinct[b];
  ad->events[a] = ad->events[b] = 0;
  ad->distinct[a] = ad->distinct[b] = 0;
}

/* The address summary, ST->addrs: events and distinct addresses per class,
 * from the regions and the distinct set or its sketches. */
static void finish_addresses(struct profile_scan *s) {
  struct report *st = s->st;
  struct profile_addrs *ad = &st->addrs;
  bool guess_wrong = false;

  ad->present = true;
  ad->stack_known = s->any_alloca;
  for (size_t b = 0; b < st->binaries.n; b++) {
    if (s->guess[b] != 0 && !st->binaries.v[b].matched)
      guess_wrong = true;
    ad->globals_known |= st->binaries.v[b].matched && s->guess[b] != 0;
  }
  if (guess_wrong)
    ad->globals_known = false;
  ad->regions = s->reg_n;

  for (size_t k = 0; k < s->reg_cap; k++) {
    const struct profile_region *r = &s->reg[k];
    if (r->key == 0)
      continue;
    if (r->key == 1) {
      ad->events[PROFILE_CLASS_NULL] += r->events;
      continue;
    }
    ad->events[PROFILE_CLASS_GLOBALS] += r->glob;
    ad->events[r->stack ? PROFILE_CLASS_STACK : PROFILE_CLASS_HEAP] +=
        r->events - r->glob;
  }
  ad->events[PROFILE_CLASS_UNCLASSIFIED] += s->reg_overflow;

  if (!ad->estimate) {
    for (size_t i = 0; i < s->set_cap; i++)
      if (s->set[i] != 0)
        ad->distinct[profile_scan_class_now(s, s->set[i])]++;
    ad->distinct[PROFILE_CLASS_NULL] += s->has_zero;
    ad->distinct_total = s->set_n + s->has_zero;
  } else {
    for (int c = 0; c < PROFILE_NCLASS; c++)
      ad->distinct[c] = profile_scan_hll_estimate(s->hll[c]);
    ad->distinct_total = profile_scan_hll_estimate(s->hll[PROFILE_NCLASS]);
  }
  /* What cannot be told apart goes to unclassified. */
  if (!ad->globals_known)
    unclassify(ad, PROFILE_CLASS_HEAP, PROFILE_CLASS_GLOBALS);
  if (!ad->stack_known)
    unclassify(ad, PROFILE_CLASS_STACK, PROFILE_CLASS_HEAP);
}

char *profile_trace_program(const struct report *st, bool *readable) {
  char err[512], *prog = NULL;
  struct ptrhook_trace *t =
      ptrhook_trace_open_stream(st->data_path, err, sizeof err);

  *readable = t != NULL;
  if (t != NULL && *ptrhook_trace_info(t)->program)
    prog = util_xstrdup(ptrhook_trace_info(t)->program);
  ptrhook_trace_close(t);
  return prog;
}

int profile_load_trace(struct report *st) {
  struct profile_scan s = {0};
  struct ptrhook_trace_events ev;
  struct ptrhook_trace_summary sum;
  char err[1024], msg[1024];
  double t0 = now(), last_shown = 0;
  bool shown = false;

  s.st = st;
  s.t = ptrhook_trace_open_stream(st->data_path, err, sizeof err);
  if (s.t == NULL) {
    report_diag(st, true, REPORT_UNREADABLE, "%s%s", err,
                strstr(err, "bad magic") || strstr(err, "too short")
                    ? ", nor a counts file (whose first "
                      "line is 'ptrhook-counts<TAB>1')"
                    : "");
    return -1;
  }
  st->data_kind = "trace";
  st->program = util_xstrdup(ptrhook_trace_info(s.t)->program);
  st->pid = ptrhook_trace_info(s.t)->pid;
  s.psize = ptrhook_trace_info(s.t)->pointer_size;
  s.guess = util_xcalloc(st->binaries.n, sizeof *s.guess);
  s.set_max = st->exact_limit;
  st->addrs.exact_limit = st->exact_limit;
  /* A dummy table that nothing hits, so that the loop needs no test. */
  s.tabs = util_xcalloc(1, sizeof *s.tabs);
  s.last = &s.tabs[0];
  s.last_key = UINT64_MAX;
  profile_scan_sync_tables(&s);

  while (ptrhook_trace_next_events(s.t, &ev) > 0) {
    profile_scan_block(&s, &ev);
    if (st->progress) {
      double t = now();
      if (t - t0 > 1.0 && t - last_shown >= 0.25) {
        uint64_t off = ptrhook_trace_offset(s.t);
        uint64_t size = ptrhook_trace_info(s.t)->file_size;
        fprintf(stderr, "\r" UTIL_PROG ": %3.0f%% of %.1f MB, %.1f M events",
                size ? 100.0 * (double)off / (double)size : 0.0,
                (double)size / 1e6, (double)s.events / 1e6);
        last_shown = t;
        shown = true;
      }
    }
  }
  if (shown)
    fputs("\r\033[K", stderr);
  profile_scan_sync_tables(&s);
  st->seconds = now() - t0;
  st->events = s.events + s.rebuilt;
  st->rebuilt_events = s.rebuilt;
  if (s.x != NULL && ptrhook_trace_expander_lost(s.x) != 0)
    report_diag(
        st, false, REPORT_OK,
        "%llu elided events could not be put back: the event they derive "
        "from is not in the trace (recorded with a kind mask?)",
        (unsigned long long)ptrhook_trace_expander_lost(s.x));
  ptrhook_trace_expander_free(s.x);
  st->plain_events = s.plain;
  st->has_sites = s.events != s.plain;
  if (ptrhook_trace_verify(s.t, &sum, msg, sizeof msg) != 0) {
    report_diag(st, true, REPORT_DAMAGED,
                "%s: %s; the report covers what was read", st->data_path, msg);
    st->complete = false;
  } else {
    st->complete = true;
    if (sum.signal != 0)
      report_diag(st, false, REPORT_OK,
                  "the trace was written as the process died of signal %d",
                  sum.signal);
  }
  st->threads = sum.threads;

  match_binaries(&s);
  finish_sites(&s);
  finish_addresses(&s);
  /* The matched binaries' sites are their tables': this marks them as the
   * binary's. */
  profile_add_binary_sites(st);

  for (size_t k = 0; k < s.ntabs; k++) {
    free(s.tabs[k].count);
    free(s.tabs[k].flags8);
  }
  free(s.tabs);
  free(s.pend_key);
  free(s.pend_val);
  free(s.img);
  free(s.guess);
  free(s.reg);
  free(s.set);
  for (int c = 0; c <= PROFILE_NCLASS; c++)
    free(s.hll[c]);
  ptrhook_trace_close(s.t);
  return 0;
}
