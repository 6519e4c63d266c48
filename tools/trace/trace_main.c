/*===-- trace_main.c - ptrhook-trace: dump, verify, stats of a trace ------===*
 *
 * USAGE: ptrhook-trace dump|verify|stats|verify-elision FILE
 *
 *   dump    one line per event, in file order:
 *             THREAD SEQ 0xADDR [KIND FILE:LINE:COL FUNCTION]
 *           (SEQ ends in 'n' for a nested event: reported by a signal
 *           handler that interrupted the runtime, before event SEQ; the
 *           site part only for abi=site events, "site 0xS" when the site is
 *           in no table of the trace), after '#' header lines.
 *   verify  check the whole file (ptrhook_trace_verify); one line, "ok"
 *           or the first problem and how much was recovered.
 *   stats   totals in the format of the runtime's counts= file (events,
 *           threads, per thread, per kind, per site), so a trace can be
 *           compared with a count-mode run.
 *   verify-elision  for a trace of a verification build of
 *           elide-const-geps (-fptrhook-elide-check: elided sites are
 *           described as elided but still report their events), compare
 *           every event the reader puts back with the real one that
 *           follows: same site, same address, same place.  One line with
 *           the numbers; the first mismatches on stderr; exit 1 on any.
 *
 * Exit status: 0 ok; 1 the trace is truncated, corrupted or incomplete
 * (dump and stats still print what was recovered); 2 usage, or not a
 * readable trace at all.
 *===----------------------------------------------------------------------===*/
#include "ptrhook_abi.h"
#include "ptrhook_trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *out) {
  fputs("usage: ptrhook-trace dump FILE      print every event\n"
        "       ptrhook-trace verify FILE    check the trace is whole\n"
        "       ptrhook-trace stats FILE     counts per thread, kind, site\n"
        "       ptrhook-trace verify-elision FILE\n"
        "                                    check the events put back against\n"
        "                                    the real ones (-fptrhook-elide-check)\n",
        out);
  return out == stdout ? 0 : 2;
}

static void print_site_to(FILE *out, const struct ptrhook_trace_site *s,
                          uint64_t addr) {
  if (s == NULL) {
    fprintf(out, " site 0x%" PRIx64, addr);
    return;
  }
  fprintf(out, " %s %s:%" PRIu32 ":%" PRIu32 " %s",
          ptrhook_trace_kind_name(s->kind), s->file, s->line, s->column,
          s->function);
}

static void print_site(const struct ptrhook_trace_site *s, uint64_t addr) {
  print_site_to(stdout, s, addr);
}

static int dump(struct ptrhook_trace *t) {
  const struct ptrhook_trace_info *in = ptrhook_trace_info(t);
  struct ptrhook_trace_event ev;

  printf("# ptrhook trace v%" PRIu32 ": pid %" PRIu32 ", parent %" PRIu32
         ", %" PRIu32 "-byte pointers\n",
         in->version, in->pid, in->ppid, in->pointer_size);
  printf("# program %s\n", in->program);
  while (ptrhook_trace_next(t, &ev) > 0) {
    /* n: nested (signal handler); r: an elided event, put back after
     * the event it follows (whose number it shows). */
    printf("%" PRIu32 " %" PRIu64 "%s%s 0x%" PRIx64, ev.thread, ev.seq,
           ev.nested ? "n" : "", ev.reconstructed ? "r" : "", ev.addr);
    if (ev.site != 0)
      print_site(ev.site_info, ev.site);
    putchar('\n');
  }
  return 0;
}

static int stats(struct ptrhook_trace *t) {
  const struct ptrhook_trace_info *in = ptrhook_trace_info(t);
  size_t nsites = ptrhook_trace_nsites(t);
  uint64_t *per_site = calloc(nsites ? nsites : 1, sizeof *per_site);
  uint64_t kinds[PTRHOOK_KIND_COUNT] = {0};
  uint64_t unknown = 0, total = 0, threads = 0, rebuilt = 0;
  bool any_site = false;
  struct ptrhook_trace_event ev;

  if (per_site == NULL) {
    fprintf(stderr, "ptrhook-trace: out of memory\n");
    return 2;
  }
  while (ptrhook_trace_next(t, &ev) > 0) {
    total++;
    rebuilt += ev.reconstructed;
    if (ev.site == 0)
      continue;
    any_site = true;
    if (ev.site_info == NULL) {
      unknown++;
      continue;
    }
    per_site[ev.site_info->ordinal]++;
    kinds[ev.site_info->kind % PTRHOOK_KIND_COUNT]++;
  }
  for (size_t i = 0; i < ptrhook_trace_nthreads(t); i++) {
    const struct ptrhook_trace_thread *th = ptrhook_trace_thread(t, i);
    threads += th != NULL && th->thread != 0;
  }
  printf("ptrhook-trace-stats\t1\npid\t%" PRIu32 "\nprogram\t%s\n", in->pid,
         in->program);
  printf("events\t%" PRIu64 "\nthreads\t%" PRIu64 "\n", total, threads);
  if (rebuilt != 0)
    printf("reconstructed\t%" PRIu64 "\n", rebuilt);
  for (size_t i = 0; i < ptrhook_trace_nthreads(t); i++) {
    const struct ptrhook_trace_thread *th = ptrhook_trace_thread(t, i);
    if (th != NULL)
      printf("thread\t%" PRIu32 "\t%" PRIu32 "\t%" PRIu64 "\n", th->thread,
             th->tid, th->events + th->nested);
  }
  if (any_site) {
    for (unsigned k = 0; k < PTRHOOK_KIND_COUNT; k++)
      printf("kind\t%s\t%" PRIu64 "\n", ptrhook_trace_kind_name(k), kinds[k]);
    if (unknown != 0)
      printf("unknown-site\t%" PRIu64 "\n", unknown);
    for (size_t i = 0; i < nsites; i++) {
      const struct ptrhook_trace_site *s = ptrhook_trace_site(t, i);
      if (per_site[i] != 0)
        printf("site\t%" PRIu64 "\t%s\t%s:%" PRIu32 ":%" PRIu32 "\t%s\n",
               per_site[i], ptrhook_trace_kind_name(s->kind), s->file, s->line,
               s->column, s->function);
    }
  }
  free(per_site);
  return 0;
}

/* Per thread (and nested or not): the events put back after the last
 * anchor that the real ones must match, in order. */
struct expect_q {
  uint32_t thread;
  bool nested;
  size_t head, n, cap;
  struct ptrhook_trace_event *ev;
};

static int verify_elision(struct ptrhook_trace *t) {
  struct expect_q *q = NULL;
  size_t nq = 0;
  uint64_t rebuilt = 0, matched = 0, bad = 0, real_elided = 0, events = 0;
  struct ptrhook_trace_event ev;
  bool any = false;

  ptrhook_trace_expand_checked(t, true);
  /* A trace with events put back but none of an elided site is not one of
   * a verification build: say so instead of listing every event put back
   * as a mismatch.  (With neither, no elided site ran: nothing to check.) */
  while (!any && ptrhook_trace_next(t, &ev) > 0) {
    any = !ev.reconstructed && ev.site_info != NULL &&
          (ev.site_info->flags & PTRHOOK_SITE_ELIDED) != 0;
    events += !ev.reconstructed;
    rebuilt += ev.reconstructed;
  }
  ptrhook_trace_rewind(t);
  if (!any && rebuilt != 0) {
    fprintf(stderr, "ptrhook-trace: note: no event of an elided site: not a "
                    "trace of a -fptrhook-elide-check build?\n");
    return 1;
  }
  if (!any) {
    printf("verify-elision: %" PRIu64 " events, 0 of elided sites; nothing "
           "put back\n", events);
    return 0;
  }
  events = rebuilt = 0;

  while (ptrhook_trace_next(t, &ev) > 0) {
    struct expect_q *e = NULL;
    events += !ev.reconstructed;
    for (size_t i = 0; i < nq; i++)
      if (q[i].thread == ev.thread && q[i].nested == ev.nested)
        e = &q[i];
    if (e == NULL) {
      struct expect_q *v = realloc(q, (nq + 1) * sizeof *q);
      if (v == NULL)
        goto oom;
      q = v;
      e = &q[nq++];
      memset(e, 0, sizeof *e);
      e->thread = ev.thread;
      e->nested = ev.nested;
    }
    if (ev.reconstructed) {
      rebuilt++;
      if (e->head + e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        struct ptrhook_trace_event *v;
        if (e->n != 0 && e->head != 0) /* slide the queue to the front */
          memmove(e->ev, e->ev + e->head, e->n * sizeof *e->ev);
        e->head = 0;
        if (e->n < e->cap / 2) {
          cap = e->cap;
        } else if ((v = realloc(e->ev, cap * sizeof *v)) == NULL) {
          goto oom;
        } else {
          e->ev = v;
        }
        e->cap = cap;
      }
      e->ev[e->head + e->n++] = ev;
      continue;
    }
    bool elided = ev.site_info != NULL &&
                  (ev.site_info->flags & PTRHOOK_SITE_ELIDED) != 0;
    real_elided += elided;
    if (!elided && e->n == 0)
      continue;
    if (e->n == 0 || !elided || e->ev[e->head].site_info != ev.site_info ||
        e->ev[e->head].addr != ev.addr) {
      if (bad++ < 10) {
        fprintf(stderr, "ptrhook-trace: mismatch: thread %" PRIu32
                        " event %" PRIu64 "%s: real 0x%" PRIx64,
                ev.thread, ev.seq, ev.nested ? "n" : "", ev.addr);
        print_site_to(stderr, ev.site_info, ev.site);
        if (e->n != 0) {
          fprintf(stderr, "; put back 0x%" PRIx64, e->ev[e->head].addr);
          print_site_to(stderr, e->ev[e->head].site_info,
                        e->ev[e->head].site);
        } else {
          fputs("; nothing put back", stderr);
        }
        fputc('\n', stderr);
      }
      /* Resynchronise: drop what was expected before a non-elided event. */
      if (!elided) {
        e->head += e->n;
        e->n = 0;
        continue;
      }
    } else {
      matched++;
    }
    if (e->n != 0) {
      e->head++;
      e->n--;
    }
  }
  for (size_t i = 0; i < nq; i++) {
    bad += q[i].n; /* put back, never seen */
    free(q[i].ev);
  }
  free(q);
  printf("verify-elision: %" PRIu64 " events, %" PRIu64
         " of elided sites; %" PRIu64 " put back, %" PRIu64
         " matched, %" PRIu64 " mismatched\n",
         events, real_elided, rebuilt, matched, bad);
  return bad != 0 || matched != real_elided ? 1 : 0;
oom:
  fprintf(stderr, "ptrhook-trace: out of memory\n");
  return 2;
}

int main(int argc, char **argv) {
  char err[512];
  struct ptrhook_trace *t;
  struct ptrhook_trace_summary sum;
  char msg[1024];
  int rc = 0, ok;

  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
    return usage(stdout);
  if (argc != 3 || (strcmp(argv[1], "dump") && strcmp(argv[1], "verify") &&
                    strcmp(argv[1], "stats") &&
                    strcmp(argv[1], "verify-elision")))
    return usage(stderr);
  t = ptrhook_trace_open(argv[2], err, sizeof err);
  if (t == NULL) {
    fprintf(stderr, "ptrhook-trace: error: %s\n", err);
    return 2;
  }
  if (!strcmp(argv[1], "dump"))
    rc = dump(t);
  else if (!strcmp(argv[1], "stats"))
    rc = stats(t);
  else if (!strcmp(argv[1], "verify-elision"))
    rc = verify_elision(t);
  ok = ptrhook_trace_verify(t, &sum, msg, sizeof msg) == 0;
  fflush(stdout);
  if (!strcmp(argv[1], "verify")) {
    if (ok) {
      printf("%s: ok: %" PRIu64 " events (%" PRIu64 " nested) in %" PRIu64
             " thread%s, %" PRIu64 " sites in %" PRIu64 " tables, %" PRIu64
             " blocks",
             argv[2], sum.events, sum.nested, sum.threads,
             sum.threads == 1 ? "" : "s", sum.sites,
             sum.site_tables, sum.blocks);
      if (sum.signal != 0)
        printf("; written on fatal signal %d", sum.signal);
      putchar('\n');
    }
  }
  if (!ok) {
    fprintf(stderr, "ptrhook-trace: error: %s: %s\n", argv[2], msg);
    rc = rc ? rc : 1;
  }
  ptrhook_trace_close(t);
  return rc;
}
