// Checks PTRHOOK_OPTIONS=help=1: every flag with its type, default and
// current value on stderr, then the program runs normally.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=help=1:summary=1 %t 2>&1 | FileCheck %s
// CHECK: ptrhook: options, set as PTRHOOK_OPTIONS=name=value:name=value
// CHECK: ptrhook:   summary (bool, default 0, now 1):
// CHECK: ptrhook:   log (bool, default 0, now 0):
// CHECK: ptrhook:   output (string, default "", now ""):
// CHECK: ptrhook:   help (bool, default 0, now 1):
// CHECK: ptrhook: 4 events in 1 thread
