// Checks the dense site index: the executable and a dlopen()ed DSO get
// consecutive ranges [0, n1) and [n1, n1 + n2) (the registration callback
// hears of both, the DSO's as it is loaded), ptrhook_site_at() and
// ptrhook_site_index() are inverse over the whole range, the hook's site
// pointer has an index, and descriptors are 16 bytes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O1 -g -fptrhook-abi=site -fPIC -shared %S/Inputs/lib.c -o %t/libwalk.so
// RUN: %ptrhook_cc -O1 -g -fptrhook-abi=site %s -ldl -o %t/main
// RUN: %t/main %t/libwalk.so | FileCheck %s
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

_Static_assert(sizeof(struct ptrhook_site) == 16, "layout 3 is 16 bytes");

static unsigned ranges;
static uint32_t first[4], count[4];
static unsigned hooked, hooked_with_index;

static void on_range(uint32_t f, uint32_t n, void *arg) {
  (void)arg;
  if (ranges < 4) {
    first[ranges] = f;
    count[ranges] = n;
  }
  ranges++;
}

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  (void)addr;
  hooked++;
  hooked_with_index += ptrhook_site_index(site) != PTRHOOK_NO_SITE_INDEX &&
                       ptrhook_site_at(ptrhook_site_index(site)) == site;
}

/* Every index maps to a site that maps back to it. */
static int round_trip(void) {
  uint32_t n = ptrhook_site_count();
  for (uint32_t i = 0; i < n; i++) {
    const struct ptrhook_site *s = ptrhook_site_at(i);
    if (s == NULL || ptrhook_site_index(s) != i)
      return 0;
  }
  return ptrhook_site_at(n) == NULL;
}

__attribute__((noinline)) int *pick(int *p, int i) { return p + i; }

int main(int argc, char **argv) {
  int a[4] = {1, 2, 3, 4};
  ptrhook_on_site_range(on_range, NULL);
  printf("ranges %u, first %u, count>0 %d, pick %d\n", ranges, first[0],
         count[0] > 0, *pick(a, 2));
  uint32_t before = ptrhook_site_count();
  void *h = dlopen(argv[1], RTLD_NOW);
  long (*walk)(void) = h ? (long (*)(void))dlsym(h, "lib_walk") : NULL;
  printf("walk %ld\n", walk ? walk() : -1L);
  printf("ranges %u, second at %u (= first count %d), total %d\n", ranges,
         first[1], first[1] == before, ptrhook_site_count() == before + count[1]);
  printf("round trip %d, hook sites indexed %d\n", round_trip(),
         hooked > 0 && hooked == hooked_with_index);
  return 0;
}
// CHECK: ranges 1, first 0, count>0 1, pick 3
// CHECK-NEXT: walk 1225
// CHECK-NEXT: ranges 2, second at {{[0-9]+}} (= first count 1), total 1
// CHECK-NEXT: round trip 1, hook sites indexed 1
