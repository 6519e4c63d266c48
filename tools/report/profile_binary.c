/*===-- profile_binary.c - the site table and segments of a binary ---------===*
 *
 * Phase 2 of a report (profile.h): the ELF reader (elfread.h, libelf)
 * gives the descriptors of section ptrhook_sites3 (or, built before layout
 * 3, ptrhook_sites) in section order, each with its offset, and the
 * PT_LOAD segments.  Layout 3's function records take the place of
 * descriptors as holes (kind PTRHOOK_TRACE_HOLE), as in a trace.  A descriptor's offset over
 * the descriptor size is its index, the same index the runtime computes
 * from a run-time site address and the run-time base of the table, so a
 * trace's site table and the binary's line up entry by entry however the
 * binary was loaded (PIE or not).
 *===----------------------------------------------------------------------===*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "elfread.h"
#include "ptrhook_trace_format.h"

struct collect {
  struct profile_binary *b;
  size_t gaps; /* descriptors not at offset index * stride */
};

static int take_site(const struct elfread_site *s, void *arg) {
  struct collect *c = arg;
  struct profile_site d = {0};

  /* Layout 3: the granules between descriptors (the functions' records)
   * are holes, as in a trace's table, so that indices line up. */
  if (s->version >= 3)
    while ((uint64_t)c->b->desc.n * s->stride < s->offset) {
      struct profile_site hole = {0};
      hole.kind = PTRHOOK_TRACE_HOLE;
      hole.function = hole.file = hole.directory = profile_intern("");
      UTIL_PUSH(c->b->desc, hole);
    }
  if (s->offset != (uint64_t)c->b->desc.n * s->stride)
    c->gaps++;
  c->b->stride = s->stride;
  d.kind = s->kind;
  d.line = s->line;
  d.column = s->column;
  d.flags = s->flags;
  d.function = profile_intern(s->function);
  d.file = profile_intern(s->file);
  d.directory = profile_intern(s->directory);
  d.in_binary = true;
  UTIL_PUSH(c->b->desc, d);
  c->b->ndesc++;
  return 0;
}

int profile_load_binary(struct report *st, const char *path) {
  struct elfread_input *in = NULL;
  struct elfread_object *obj = NULL;
  const struct elfread_info *info;
  struct profile_binary b = {0};
  struct collect c = {&b, 0};
  struct elfread_segment seg[64];
  uint64_t size = 0;
  size_t nseg;
  int rc = -1;

  if (elfread_open(path, &in) != 0 || elfread_next_object(in, &obj) <= 0) {
    report_diag(st, true, REPORT_UNREADABLE, "cannot read binary %s",
                *elfread_error(in) ? elfread_error(in) : path);
    goto cleanup;
  }
  info = elfread_object_info(obj);
  if (elfread_is_archive(in) || info->type == ELFREAD_RELOCATABLE ||
      info->type == ELFREAD_OTHER) {
    report_diag(
        st, true, REPORT_UNREADABLE,
        "%s: not a linked program or shared object; give the executable "
        "(or DSO) that ran",
        path);
    goto cleanup;
  }
  if (!info->has_sites) {
    report_diag(
        st, true, REPORT_NOT_INSTRUMENTED,
        "%s: no site descriptors (no section " PTRHOOK_SITES_SECTION_NAME
        "): it was not built with ptrhook, or with -fno-ptrhook-sites; "
        "sites can only come from the data itself",
        path);
    goto cleanup;
  }
  b.path = util_xstrdup(path);
  b.pie = info->type != ELFREAD_EXECUTABLE;
  elfread_sites_section(obj, &b.sites_addr, &size);
  if (elfread_foreach_site(obj, take_site, &c) < 0) {
    report_diag(st, true, REPORT_UNREADABLE,
                "cannot read the site descriptors of %s", elfread_error(in));
    goto cleanup;
  }
  /* The last function's record is a hole too: the table is the
   * section. */
  if (b.stride == PTRHOOK_SITE_SLOT && b.ndesc != 0)
    while ((uint64_t)b.desc.n * b.stride < size) {
      struct profile_site hole = {0};
      hole.kind = PTRHOOK_TRACE_HOLE;
      hole.function = hole.file = hole.directory = profile_intern("");
      UTIL_PUSH(b.desc, hole);
    }
  if (c.gaps != 0) {
    report_diag(st, true, REPORT_UNREADABLE,
                "%s: %zu site descriptors are not where their index puts them "
                "(padding in section " PTRHOOK_SITES_SECTION_NAME
                "); cannot match them with run-time addresses",
                path, c.gaps);
    goto cleanup;
  }
  nseg = elfread_segments(obj, seg, sizeof seg / sizeof seg[0]);
  for (size_t i = 0; i < nseg && i < sizeof seg / sizeof seg[0]; i++) {
    UTIL_PUSH(b.seg, seg[i].vaddr);
    UTIL_PUSH(b.seg, seg[i].vaddr + seg[i].memsz);
  }
  UTIL_PUSH(st->binaries, b);
  memset(&b, 0, sizeof b);
  rc = 0;
cleanup:
  free(b.path);
  free(b.desc.v);
  free(b.seg.v);
  elfread_close(in);
  return rc;
}
