// Checks mode=count|log|off|trace on one program, and log=1 as the alias of
// mode=log (winning over mode=): the same 600 events counted, logged one
// line each, not recorded at all, or traced.
// RUN: %clang -O2 -I%S/Inputs -fpass-plugin=%plugin %s %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=1 %t 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: env PTRHOOK_OPTIONS=mode=log:summary=1 %t 2>%t.log | FileCheck %s --check-prefix=OUT
// RUN: grep -c '^ptrhook: 0x[0-9a-f]*$' %t.log | FileCheck %s --check-prefix=LINES
// RUN: FileCheck %s --check-prefix=COUNT < %t.log
// RUN: env PTRHOOK_OPTIONS=mode=trace:log=1 %t 2>%t.log2 | FileCheck %s --check-prefix=OUT
// RUN: grep -c '^ptrhook: 0x[0-9a-f]*$' %t.log2 | FileCheck %s --check-prefix=LINES
// RUN: env PTRHOOK_OPTIONS=mode=off:summary=1 %t 2>&1 | FileCheck %s --check-prefix=OFF
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=mode=trace:summary=1:trace_path=%t.d/tr %t 2>&1 | FileCheck %s --check-prefix=TRACE -DDIR=%t.d
// RUN: %ptrhook_trace verify %t.d/tr.* | FileCheck %s --check-prefix=VERIFY
// COUNT: ptrhook: 600 events in 1 thread
// OUT: walked 2
// LINES: 600
// OFF: walked 2
// OFF-NEXT: ptrhook: 0 events in 0 threads
// TRACE: walked 2
// TRACE-NEXT: ptrhook: 600 events in 1 thread
// TRACE-NEXT: ptrhook: trace written to [[DIR]]/tr.{{[0-9]+}}
// VERIFY: ok: 600 events (0 nested) in 1 thread
#include <stdio.h>

#include "walk.h"

PTRHOOK_NO_INSTRUMENT int main(void) {
  walk_init();
  walk_once();
  walk_once();
  printf("walked 2\n");
  fflush(stdout);
  return 0;
}
