// Checks events of the site hook whose descriptor is in no registered
// range (a DSO's code that runs before its constructor registered its
// table, or a descriptor made by hand): nothing crashes, count mode counts
// them per kind ("unattributed"), trace mode records the descriptor's
// address, which the reader reports as an unknown site.
// RUN: %clang -O2 -I%S/Inputs -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %s %rtlib -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=summary=1:counts=%t.d/c %t 2>&1 | FileCheck %s
// RUN: FileCheck %s --check-prefix=COUNTS < %t.d/c.*
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/tr %t
// RUN: %ptrhook_trace verify %t.d/tr.* | FileCheck %s --check-prefix=VERIFY
// RUN: %ptrhook_trace stats %t.d/tr.* | FileCheck %s --check-prefix=STATS
// RUN: %ptrhook_trace dump %t.d/tr.* | FileCheck %s --check-prefix=DUMP
// CHECK: ptrhook: 305 events in 1 thread
// CHECK-NEXT: ptrhook: by kind: gep 100, load 100, cast 5, phi 100
// COUNTS: kind{{.}}cast{{.}}5
// COUNTS: unattributed{{.}}cast{{.}}5
// VERIFY: ok: 305 events
// STATS: unknown-site{{.}}5
// DUMP: 1 300 0x1234 site 0x{{[0-9a-f]+}}
#include "walk.h"

/* By hand, in layout 2 (which the runtime still reads). */
static const struct ptrhook_site_layout2 fake = {
    2, PTRHOOK_KIND_CAST, 7, 3, 0, "nowhere", "fake.c", "", 0, 0, 0};

PTRHOOK_NO_INSTRUMENT int main(void) {
  walk_init();
  walk_once();
  for (int i = 0; i < 5; i++)
    __injected_hook_site(0x1234, (const struct ptrhook_site *)&fake);
  return 0;
}
