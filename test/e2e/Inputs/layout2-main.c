/* For sites-layout2.test: runs the layout-2 object's old_main(), then lists
 * every registered site through the accessors of ptrhook.h. */
#include <stdio.h>

#include "ptrhook.h"

int old_main(void);

static void show(const struct ptrhook_site *s, void *arg) {
  (void)arg;
  printf("layout %u %s %s:%u:%u %s index %u\n", ptrhook_site_layout(s),
         ptrhook_kind_name(ptrhook_site_kind(s)), ptrhook_site_file(s),
         ptrhook_site_line(s), ptrhook_site_column(s),
         ptrhook_site_function(s), ptrhook_site_index(s));
}

int main(void) {
  old_main();
  ptrhook_foreach_site(show, NULL);
  return 0;
}
