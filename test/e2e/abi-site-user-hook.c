// Checks the site-aware ABI end to end: a program's own
// __injected_hook_site(addr, site) gets, for every event, the address and the
// site's kind, file and line (-O0 -g), and needs no runtime.
// RUN: %clang -O0 -g -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %s %rtlib -o %t
// RUN: %t | FileCheck %s
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

static int quiet;
static const char *const kinds[] = {"alloca", "gep",    "load",  "call",
                                    "cast",   "phi",    "select", "other"};

void __injected_hook_site(uintptr_t addr, const struct ptrhook_site *site) {
  if (quiet || strcmp(ptrhook_site_function(site), "second") != 0)
    return;
  quiet = 1; /* printf may report pointers of its own (it is not ours) */
  printf("event in %s line %u: %s %s\n", ptrhook_site_function(site), ptrhook_site_line(site),
         kinds[ptrhook_site_kind(site)], addr ? "non-null" : "null");
  quiet = 0;
}

__attribute__((noinline)) int *second(int *a) {
  return &a[1];
}

int main(void) {
  int a[4] = {0};
  *second(a) = 1;
  return a[1] - 1;
}
// The parameter slot has no location of its own: the function's line.
// CHECK: event in second line 25: alloca non-null
// CHECK-NEXT: event in second line 26: load non-null
// CHECK-NEXT: event in second line 26: gep non-null
