// Checks PTRHOOK_OPTIONS=summary=1: one line at exit with the process total,
// equal to what ptrhook_total_events() said just before main returned; and
// no summary without the option.
// RUN: %clang -O2 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=1 %t 2>&1 | FileCheck %s
// RUN: %t 2>&1 | FileCheck %s --check-prefix=QUIET
// CHECK: sum=4950 walk-events=300 total=[[TOTAL:[0-9]+]]
// CHECK-NEXT: ptrhook: [[TOTAL]] events in 1 thread
// QUIET-NOT: ptrhook:
