// Checks that the runtime enumerates every site of the program, executed or
// not, with kind, file, line, column and function from the descriptors (with
// -g), and only the kind and function without debug info.
// RUN: %clang -O0 -g -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: %t | FileCheck %s
// RUN: %clang -O0 -fpass-plugin=%plugin %s %rtlib -o %t.nodbg
// RUN: %t.nodbg | FileCheck %s --check-prefix=NODBG
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

static unsigned in_never_called;

__attribute__((noinline)) int *never_called(int *p) {
  return p + 3;
}

static void visit(const struct ptrhook_site *s, void *arg) {
  (void)arg;
  if (strcmp(ptrhook_site_function(s), "never_called") != 0)
    return;
  const char *file = ptrhook_site_file(s);
  const char *base = strrchr(file, '/');
  printf("site %s %s:%u:%u %s flags=%u version=%u\n",
         ptrhook_kind_name(ptrhook_site_kind(s)), base ? base + 1 : file,
         ptrhook_site_line(s), ptrhook_site_column(s),
         ptrhook_site_function(s), ptrhook_site_flags(s),
         ptrhook_site_layout(s));
  in_never_called++;
}

int main(void) {
  unsigned long long n = ptrhook_foreach_site(visit, NULL);
  printf("never_called has %u sites; the program has more: %d\n",
         in_never_called, n > in_never_called);
  return 0;
}
// -O0: the parameter's stack slot (no location of its own: the function's
// line, flags=18: PTRHOOK_SITE_FUNCTION_LINE | PTRHOOK_SITE_APPROXIMATE), its
// load, and the GEP p + 3.  Layout 3.
// CHECK: site alloca sites-enumerate.c:15:0 never_called flags=18 version=3
// CHECK: site load sites-enumerate.c:16:10 never_called flags=1 version=3
// CHECK: site gep sites-enumerate.c:16:12 never_called flags=1 version=3
// CHECK: never_called has 3 sites; the program has more: 1
// NODBG: site alloca sites-enumerate.c:0:0 never_called flags=0 version=3
// NODBG: site load sites-enumerate.c:0:0 never_called flags=0 version=3
// NODBG: site gep sites-enumerate.c:0:0 never_called flags=0 version=3
// NODBG: never_called has 3 sites; the program has more: 1
