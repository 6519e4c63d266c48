// Checks the separators of PTRHOOK_OPTIONS, compiler-rt's: ':', ',', spaces,
// tabs and newlines; a ',' inside a kinds list or a path stays in the value
// unless NAME= follows it; a value in quotes may hold any of them.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=mode=count,summary=1 %t 2>&1 | FileCheck %s
// RUN: env PTRHOOK_OPTIONS='mode=count summary=1' %t 2>&1 | FileCheck %s
// RUN: env PTRHOOK_OPTIONS="$(printf 'mode=count\n\tsummary=1,')" %t 2>&1 | FileCheck %s
// RUN: env PTRHOOK_OPTIONS=kinds=gep,load,summary=1,help=1 %t 2>&1 | FileCheck %s --check-prefix=KINDS
// RUN: env PTRHOOK_OPTIONS=output=%t.d/a,b,summary=1 %t
// RUN: cat %t.d/a,b.* | FileCheck %s
// RUN: env PTRHOOK_OPTIONS="output='%t.d/c:d e',summary=1" %t
// RUN: cat "%t.d/c:d e".* | FileCheck %s
// RUN: env PTRHOOK_OPTIONS=summary=1,log not %t 2>&1 | FileCheck %s --check-prefix=NOEQ
// CHECK: ptrhook: 4 events in 1 thread
// KINDS: summary (bool, default 0, now 1)
// KINDS: kinds (kinds, default all, now gep,load)
// KINDS: ptrhook: 0 events in
// A ',' after a boolean always separates: 'log' is an option without '='.
// NOEQ: ptrhook: error: option 'log' expects 'log=VALUE', got 'log'
