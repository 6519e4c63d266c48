/*===-- trace_main.c - ptrhook-trace: dump, verify, stats of a trace ------===*
 *
 * USAGE: ptrhook-trace dump|verify|stats FILE
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
 *
 * Exit status: 0 ok; 1 the trace is truncated, corrupted or incomplete
 * (dump and stats still print what was recovered); 2 usage, or not a
 * readable trace at all.
 *===----------------------------------------------------------------------===*/
#include "ptrhook_trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *out) {
  fputs("usage: ptrhook-trace dump FILE      print every event\n"
        "       ptrhook-trace verify FILE    check the trace is whole\n"
        "       ptrhook-trace stats FILE     counts per thread, kind, site\n",
        out);
  return out == stdout ? 0 : 2;
}

static void print_site(const struct ptrhook_trace_site *s, uint64_t addr) {
  if (s == NULL) {
    printf(" site 0x%" PRIx64, addr);
    return;
  }
  printf(" %s %s:%" PRIu32 ":%" PRIu32 " %s", ptrhook_trace_kind_name(s->kind),
         s->file, s->line, s->column, s->function);
}

static int dump(struct ptrhook_trace *t) {
  const struct ptrhook_trace_info *in = ptrhook_trace_info(t);
  struct ptrhook_trace_event ev;

  printf("# ptrhook trace v%" PRIu32 ": pid %" PRIu32 ", parent %" PRIu32
         ", %" PRIu32 "-byte pointers\n",
         in->version, in->pid, in->ppid, in->pointer_size);
  printf("# program %s\n", in->program);
  while (ptrhook_trace_next(t, &ev) > 0) {
    printf("%" PRIu32 " %" PRIu64 "%s 0x%" PRIx64, ev.thread, ev.seq,
           ev.nested ? "n" : "", ev.addr);
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
  uint64_t kinds[8] = {0}, unknown = 0, total = 0, threads = 0;
  bool any_site = false;
  struct ptrhook_trace_event ev;

  if (per_site == NULL) {
    fprintf(stderr, "ptrhook-trace: out of memory\n");
    return 2;
  }
  while (ptrhook_trace_next(t, &ev) > 0) {
    total++;
    if (ev.site == 0)
      continue;
    any_site = true;
    if (ev.site_info == NULL) {
      unknown++;
      continue;
    }
    per_site[ev.site_info->ordinal]++;
    kinds[ev.site_info->kind % 8]++;
  }
  for (size_t i = 0; i < ptrhook_trace_nthreads(t); i++) {
    const struct ptrhook_trace_thread *th = ptrhook_trace_thread(t, i);
    threads += th != NULL && th->thread != 0;
  }
  printf("ptrhook-trace-stats\t1\npid\t%" PRIu32 "\nprogram\t%s\n", in->pid,
         in->program);
  printf("events\t%" PRIu64 "\nthreads\t%" PRIu64 "\n", total, threads);
  for (size_t i = 0; i < ptrhook_trace_nthreads(t); i++) {
    const struct ptrhook_trace_thread *th = ptrhook_trace_thread(t, i);
    if (th != NULL)
      printf("thread\t%" PRIu32 "\t%" PRIu32 "\t%" PRIu64 "\n", th->thread,
             th->tid, th->events + th->nested);
  }
  if (any_site) {
    for (unsigned k = 0; k < 8; k++)
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

int main(int argc, char **argv) {
  char err[512];
  struct ptrhook_trace *t;
  struct ptrhook_trace_summary sum;
  char msg[1024];
  int rc = 0, ok;

  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
    return usage(stdout);
  if (argc != 3 || (strcmp(argv[1], "dump") && strcmp(argv[1], "verify") &&
                    strcmp(argv[1], "stats")))
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
  ok = ptrhook_trace_verify(t, &sum, msg, sizeof msg) == 0;
  fflush(stdout);
  if (!strcmp(argv[1], "verify")) {
    if (ok) {
      printf("%s: ok: %" PRIu64 " events (%" PRIu64 " nested) in %" PRIu64
             " threads, %" PRIu64 " sites in %" PRIu64 " tables, %" PRIu64
             " blocks",
             argv[2], sum.events, sum.nested, sum.threads, sum.sites,
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
