/*===-- profile_counts.c - read a count file (counts=PATH) -----------------===*
 *
 * Phase 3 of a report (profile.h) for COUNTS.<pid>, written by
 * runtime/rt_report.c: tab-separated lines, the first field the record
 * type:
 *
 *   ptrhook-counts  1
 *   pid             PID
 *   program         PATH
 *   events          N            all events, both hooks
 *   threads         N
 *   thread          INDEX TID N
 *   kind            NAME N       events of that kind (abi=site, inline=count)
 *   unattributed    NAME N       ... whose site was in no registered table
 *   inline          NAME N       ... counted inline (inline=count): no site
 *   site            N KIND FILE:LINE:COL FUNCTION
 *
 * Record types this reader does not know are skipped, so that the format
 * can grow.  A counts file carries no descriptor addresses: its sites are
 * matched with the binary's descriptors by kind, function, file, line and
 * column.  A counted site of one of the binary's functions that the binary
 * does not have means the binary is not the one that ran (rebuilt since,
 * or another program); sites of other functions belong to DSOs.
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "ptrhook_trace_format.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *profile_sniff(struct report *st) {
  char head[16] = {0};
  FILE *f = fopen(st->data_path, "rb");
  size_t n;

  if (f == NULL) {
    report_diag(st, true, REPORT_UNREADABLE, "%s: %s", st->data_path,
                strerror(errno));
    return NULL;
  }
  n = fread(head, 1, sizeof head - 1, f);
  if (ferror(f)) { /* a directory reads as EISDIR */
    report_diag(st, true, REPORT_UNREADABLE, "%s: %s", st->data_path,
                strerror(errno));
    fclose(f);
    return NULL;
  }
  fclose(f);
  if (n >= 15 && memcmp(head, "ptrhook-counts\t", 15) == 0)
    return "counts";
  /* Everything else is taken for a trace, whose reader names what is
   * wrong with it (bad magic, version, byte order). */
  return "trace";
}

char *profile_counts_program(const struct report *st, bool *readable) {
  FILE *f = fopen(st->data_path, "r");
  char *line = NULL, *prog = NULL;
  size_t cap = 0;
  ssize_t len;

  *readable = f != NULL && getline(&line, &cap, f) > 0 &&
              strcmp(line, "ptrhook-counts\t1\n") == 0;
  while (*readable && prog == NULL && (len = getline(&line, &cap, f)) > 0) {
    if (strncmp(line, "program\t", 8) == 0) {
      if (line[len - 1] == '\n')
        line[len - 1] = '\0';
      prog = util_xstrdup(line + 8);
    }
  }
  free(line);
  if (f)
    fclose(f);
  return prog;
}

static bool parse_u64(const char *s, uint64_t *out) {
  char *end;
  unsigned long long v;

  if (*s < '0' || *s > '9')
    return false;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  *out = v;
  return true;
}

/* A "site" record's fields after the type: N KIND FILE:LINE:COL FUNCTION.
 * FILE may hold ':' itself: LINE and COL are the last two. */
static bool parse_site(char **f, int nf, struct profile_site *s) {
  char *loc, *c1, *c2;
  uint64_t n, line, col;
  int k;

  if (nf != 5 || !parse_u64(f[1], &n) || (k = util_kind_number(f[2])) < 0)
    return false;
  loc = f[3];
  c2 = strrchr(loc, ':');
  if (c2 == NULL)
    return false;
  *c2 = '\0';
  c1 = strrchr(loc, ':');
  if (c1 == NULL || !parse_u64(c2 + 1, &col))
    return false;
  *c1 = '\0';
  if (!parse_u64(c1 + 1, &line) || line > UINT_MAX || col > UINT_MAX)
    return false;
  memset(s, 0, sizeof *s);
  s->kind = (unsigned)k;
  s->line = (unsigned)line;
  s->column = (unsigned)col;
  /* The runtime writes "?" for a descriptor without the string. */
  s->file = profile_intern(strcmp(loc, "?") ? loc : "");
  s->function = profile_intern(strcmp(f[4], "?") ? f[4] : "");
  s->directory = "";
  s->events = n;
  return true;
}

/* Matches the counted sites with binary B; returns true if B is the
 * program (or a DSO) that ran, else says why in WHY.  A counted site is
 * foreign to B when B has sites of the same function in the same file but
 * not that one: B was rebuilt, or is another program.  Sites of functions
 * B does not have belong to other DSOs (a header's inline function is
 * attributed to the function it was inlined into, so it does not count). */
static bool match_binary(struct report *st, struct profile_binary *b,
                         size_t counted, char *why, size_t len) {
  UTIL_VEC(struct profile_site) pairs = {0}; /* B's (file, function) pairs */
  unsigned char *mine = util_xcalloc(counted, 1);
  size_t hits = 0, foreign = 0, first = 0;

  for (size_t i = 0; i < b->desc.n; i++) {
    const struct profile_site *d = &b->desc.v[i];
    long k;
    bool seen = false;
    if (d->kind == PTRHOOK_TRACE_HOLE)
      continue;
    k = profile_site_find(st, d);
    if (k >= 0 && (size_t)k < counted && !mine[k]) {
      mine[k] = 1;
      hits++;
    }
    for (size_t f = pairs.n; f-- > 0 && !seen;)
      seen = pairs.v[f].file == d->file && pairs.v[f].function == d->function;
    if (!seen)
      UTIL_PUSH(pairs, *d);
  }
  for (size_t i = 0; i < counted; i++) {
    const struct profile_site *s = &st->sites.v[i];
    bool own = false;
    if (mine[i])
      continue;
    for (size_t f = 0; f < pairs.n && !own; f++)
      own = pairs.v[f].file == s->file && pairs.v[f].function == s->function;
    if (own && foreign++ == 0)
      first = i;
  }
  if (foreign != 0) {
    const struct profile_site *s = &st->sites.v[first];
    snprintf(why, len,
             "%zu counted sites of its functions are not among its "
             "descriptors, the first %s at %s:%u:%u in %s (rebuilt since the "
             "run, or another program)",
             foreign, util_kind_name(s->kind), s->file, s->line, s->column,
             s->function);
  } else if (hits == 0 && counted != 0) {
    snprintf(why, len,
             "none of the %zu counted sites is among its %zu "
             "descriptors",
             counted, b->ndesc);
  }
  free(pairs.v);
  free(mine);
  return foreign == 0 && (hits != 0 || counted == 0);
}

int profile_load_counts(struct report *st) {
  FILE *f = fopen(st->data_path, "r");
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  unsigned long lineno = 0;
  uint64_t kinds_sum = 0, unattributed = 0;
  bool have_events = false, bad = false;
  struct timespec t0, t1;

  if (f == NULL) {
    report_diag(st, true, REPORT_UNREADABLE, "%s: %s", st->data_path,
                strerror(errno));
    return -1;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  st->data_kind = "counts";
  while ((len = getline(&line, &cap, f)) > 0) {
    char *fields[8] = {0};
    int nf = 0;
    uint64_t n;

    lineno++;
    if (line[len - 1] != '\n') {
      report_diag(st, true, REPORT_DAMAGED,
                  "%s:%lu: the file ends in the middle of a line (cut short?); "
                  "the report covers the lines before it",
                  st->data_path, lineno);
      bad = true;
      break;
    }
    line[--len] = '\0';
    for (char *s = line, *tab;; s = tab + 1) {
      if (nf == 8)
        break;
      fields[nf++] = s;
      if ((tab = strchr(s, '\t')) == NULL)
        break;
      *tab = '\0';
    }
    if (lineno == 1) {
      if (strcmp(fields[0], "ptrhook-counts") != 0 || nf != 2 ||
          strcmp(fields[1], "1") != 0) {
        report_diag(st, true, REPORT_UNREADABLE,
                    "%s: a counts file of an unsupported version '%s' (this "
                    "reader knows version 1)",
                    st->data_path, nf > 1 ? fields[1] : "");
        free(line);
        fclose(f);
        return -1;
      }
      continue;
    }
    if (strcmp(fields[0], "site") == 0) {
      struct profile_site s;
      if (!parse_site(fields, nf, &s))
        goto malformed;
      profile_site_add(st, &s);
      st->has_sites = true;
    } else if (strcmp(fields[0], "kind") == 0 ||
               strcmp(fields[0], "unattributed") == 0 ||
               strcmp(fields[0], "inline") == 0) {
      int k;
      if (nf != 3 || (k = util_kind_number(fields[1])) < 0 ||
          !parse_u64(fields[2], &n))
        goto malformed;
      if (fields[0][0] == 'k') {
        st->kind_events[k] = n;
        kinds_sum += n;
      } else if (fields[0][0] == 'u') {
        unattributed += n;
      } else {
        st->inline_events += n;
      }
    } else if (strcmp(fields[0], "events") == 0) {
      if (nf != 2 || !parse_u64(fields[1], &st->events))
        goto malformed;
      have_events = true;
    } else if (strcmp(fields[0], "threads") == 0) {
      if (nf != 2 || !parse_u64(fields[1], &st->threads))
        goto malformed;
    } else if (strcmp(fields[0], "pid") == 0) {
      if (nf != 2 || !parse_u64(fields[1], &n))
        goto malformed;
      st->pid = (uint32_t)n;
    } else if (strcmp(fields[0], "program") == 0 && nf == 2) {
      free(st->program);
      st->program = util_xstrdup(fields[1]);
    }
    continue;
  malformed:
    if (!bad)
      report_diag(st, true, REPORT_DAMAGED,
                  "%s:%lu: malformed '%s' record; it and any other malformed "
                  "record are left out",
                  st->data_path, lineno, fields[0]);
    bad = true;
  }
  free(line);
  fclose(f);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  st->seconds =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (lineno == 0) {
    report_diag(st, true, REPORT_UNREADABLE, "%s: empty, not a counts file",
                st->data_path);
    return -1;
  }
  if (!have_events)
    report_diag(st, true, REPORT_DAMAGED,
                "%s: no 'events' record: the file is incomplete",
                st->data_path);
  st->complete = !bad && have_events;
  st->unknown_events = unattributed;
  st->plain_events = st->events > kinds_sum ? st->events - kinds_sum : 0;

  /* The binaries: matched by their sites, or (without sites in the
   * counts) unverifiable. */
  size_t counted = st->sites.n;
  for (size_t b = 0; b < st->binaries.n; b++) {
    struct profile_binary *bin = &st->binaries.v[b];
    char why[1024] = "";
    if (!st->has_sites) {
      bin->matched = true;
      report_diag(
          st, false, REPORT_OK,
          "the counts carry no sites (abi=addr): cannot check that %s is "
          "the program that ran",
          bin->path);
      continue;
    }
    if (match_binary(st, bin, counted, why, sizeof why)) {
      bin->matched = true;
      continue;
    }
    report_diag(st, true, REPORT_MISMATCH,
                "%s was not written by %s: %s; the binary's sites are left out "
                "(no never-executed sites from it)",
                st->data_path, bin->path, why);
  }
  profile_add_binary_sites(st);
  return 0;
}
