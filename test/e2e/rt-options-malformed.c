// Checks that a malformed PTRHOOK_OPTIONS value is an error naming the option
// and the value, and stops the program (exit status 1) before main, as
// compiler-rt does: a run with options the user did not mean is worse.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=maybe not %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=BOOL < %t.out
// RUN: env PTRHOOK_OPTIONS=log not %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=NOEQ < %t.out
// BOOL: ptrhook: error: option 'summary' expects a boolean (0/1), got 'maybe'
// BOOL-NOT: ran
// NOEQ: ptrhook: error: option 'log' expects 'log=VALUE', got 'log'
// NOEQ-NOT: ran
