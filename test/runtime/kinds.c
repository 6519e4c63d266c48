// Checks the kind mask: kinds= and ptrhook_set_kinds() select events of
// the site hook (abi=site) by kind, in count and trace mode; events of the
// plain hook carry no kind: with any mask but all they are dropped, with
// one warning.
// RUN: %clang -O2 -I%S/Inputs -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %s %rtlib -o %t
// RUN: %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: env PTRHOOK_OPTIONS=kinds=gep %t 2>&1 | FileCheck %s --check-prefix=GEP
// RUN: env PTRHOOK_OPTIONS=kinds=gep,load %t 2>&1 | FileCheck %s --check-prefix=GEPLOAD
// RUN: env PTRHOOK_OPTIONS=kinds=none %t 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=kinds=gep:mode=trace:trace_path=%t.d/tr %t 2>&1 | FileCheck %s --check-prefix=GEP
// RUN: %ptrhook_trace stats %t.d/tr.* | FileCheck %s --check-prefix=STATS
// RUN: %clang -O2 -I%S/Inputs -fpass-plugin=%plugin %s %rtlib -o %t.plain
// RUN: env PTRHOOK_OPTIONS=kinds=gep %t.plain 2>&1 | FileCheck %s --check-prefix=PLAIN
// ALL: as started: 300
// ALL: phi only: 100
// ALL: all again: 300
// GEP: as started: 100
// GEP: phi only: 100
// GEP: all again: 300
// GEPLOAD: as started: 200
// NONE: as started: 0
// gep 100 + 100 (the last walk), phi 100 + 100, load 100:
// STATS: events{{.}}500
// STATS: kind{{.}}gep{{.}}200
// STATS: kind{{.}}load{{.}}100
// STATS: kind{{.}}phi{{.}}200
// PLAIN: ptrhook: warning: events of the plain hook carry no kind and are not recorded while the kind mask is not 'all'
// PLAIN-NEXT: as started: 0
// PLAIN-NEXT: phi only: 0
// PLAIN-NEXT: all again: 300
// PLAIN-NOT: warning
#include <stdio.h>

#include "walk.h"

PTRHOOK_NO_INSTRUMENT static unsigned long long counted_walk(void) {
  uint64_t before = ptrhook_thread_events();
  walk_once();
  return (unsigned long long)(ptrhook_thread_events() - before);
}

PTRHOOK_NO_INSTRUMENT int main(void) {
  walk_init();
  printf("as started: %llu\n", counted_walk());
  ptrhook_set_kinds(1u << PTRHOOK_KIND_PHI);
  printf("phi only: %llu\n", counted_walk());
  ptrhook_set_kinds(PTRHOOK_KINDS_MASK_ALL);
  printf("all again: %llu\n", counted_walk());
  fflush(stdout);
  return 0;
}
