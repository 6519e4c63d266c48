/* For sites-tcc.test: a site hook with no runtime (tcc does not link the
 * runtime's initial-exec TLS), which reads every event's descriptor. */
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

static unsigned live_events;
static const struct ptrhook_site *last;

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  (void)addr;
  if (strcmp(ptrhook_site_function(site), "live") == 0) {
    live_events++;
    last = site;
  }
}

void sites_report(void) {
  if (last != NULL)
    printf("live events %u: %s %s:%u layout %u\n", live_events,
           ptrhook_site_kind(last) == PTRHOOK_KIND_GEP ? "gep" : "other",
           strrchr(ptrhook_site_file(last), '/') ? strrchr(ptrhook_site_file(last), '/') + 1
                                               : ptrhook_site_file(last),
           ptrhook_site_line(last), ptrhook_site_layout(last));
}
