/* For sites-linkers.test: live() is called, dead() never is; with
 * -ffunction-sections -Wl,--gc-sections the linker drops dead() and, tied
 * to it, its site descriptors.  main() counts the sites of each. */
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

static unsigned live_sites, dead_sites;

__attribute__((noinline)) int *dead(int *p, int i) { return p + i * 3; }
__attribute__((noinline)) int *live(int *p, int i) { return p + i; }

static void visit(const struct ptrhook_site *s, void *arg) {
  (void)arg;
  live_sites += strcmp(ptrhook_site_function(s), "live") == 0;
  dead_sites += strcmp(ptrhook_site_function(s), "dead") == 0;
}

int main(void) {
  int a[4] = {5, 6, 7, 8};
  ptrhook_foreach_site(visit, NULL);
  printf("live %d, live sites %u, dead sites %u, index %u\n", *live(a, 1),
         live_sites, dead_sites, ptrhook_site_count());
  return 0;
}
