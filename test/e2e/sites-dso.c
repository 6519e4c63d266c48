// Checks that every link unit registers its own sites: an executable and a
// DSO built with ptrhook-cc both show up in ptrhook_foreach_site(), each
// once, although every module of a unit runs the registration constructor.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O0 -fPIC -shared %S/Inputs/lib.c -o %t/libwalk.so
// RUN: %ptrhook_cc -O0 -I%S/../../runtime/include %s %S/Inputs/tiny-second-unit.c -L%t -lwalk -Wl,-rpath,%t -o %t/main
// RUN: %t/main | FileCheck %s
#include <stdio.h>
#include <string.h>

#include "ptrhook.h"

long lib_walk(void);
int second_unit(int *p);

static unsigned lib, second;

static void visit(const struct ptrhook_site *s, void *arg) {
  (void)arg;
  lib += strcmp(ptrhook_site_function(s), "lib_walk") == 0;
  second += strcmp(ptrhook_site_function(s), "second_unit") == 0;
}

int main(void) {
  int x = 0;
  ptrhook_foreach_site(visit, NULL);
  printf("lib_walk=%ld second_unit=%d\n", lib_walk(), second_unit(&x));
  printf("sites: lib_walk %s, second_unit %u\n", lib > 0 ? "some" : "none",
         second);
  return 0;
}
// CHECK: lib_walk=1225 second_unit=0
// -O0: second_unit's parameter slot and its load.
// CHECK: sites: lib_walk some, second_unit 2
