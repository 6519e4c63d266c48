/* Handlers that print the heap events of the allocations they saw (for
 * test/e2e/handlers-heap.test): each allocation gets a number; a store prints
 * itself only when its slot lies in one of them, as "value into slot", each
 * as allocation+offset.  Used both linked into the program (its handlers
 * replace the runtime's) and as a hook file (-fptrhook-hook=), whose
 * handlers are inlined. */
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

static struct {
  uintptr_t addr;
  uint64_t size;
} allocs[16];
static int nallocs;

/* The allocation holding `a`, or -1.  Not instrumented: linked into the
 * program, its own pointers would be events. */
PTRHOOK_NO_INSTRUMENT static int find(uintptr_t a) {
  for (int i = 0; i < nallocs; i++)
    if (a - allocs[i].addr < allocs[i].size)
      return i;
  return -1;
}

void ptrhook_on_alloc(uintptr_t addr, uint64_t size,
                      const struct ptrhook_site *site) {
  if (nallocs == 16)
    return;
  allocs[nallocs].addr = addr;
  allocs[nallocs].size = size;
  printf("alloc %d size=%llu line=%u kind=%s\n", nallocs,
          (unsigned long long)size, ptrhook_site_line(site), ptrhook_kind_name(ptrhook_site_kind(site)));
  nallocs++;
}

void ptrhook_on_store(uintptr_t value, uintptr_t slot,
                      const struct ptrhook_site *site) {
  int s = find(slot), v = find(value);
  (void)site;
  if (s < 0)
    return;
  if (v < 0)
    printf("store ? into %d+%llu\n", s,
            (unsigned long long)(slot - allocs[s].addr));
  else
    printf("store %d+%llu into %d+%llu\n", v,
            (unsigned long long)(value - allocs[v].addr), s,
            (unsigned long long)(slot - allocs[s].addr));
}

void ptrhook_on_free(uintptr_t addr, const struct ptrhook_site *site) {
  int a = find(addr);
  (void)site;
  if (a >= 0)
    printf("free %d\n", a);
}
