// Checks that an optnone function inside an -O2 build is instrumented (the
// pass is required, so the optnone gate does not skip it): the walk reports
// its -O0 count while the rest of the program is optimized.
// RUN: %clang -O2 -fpass-plugin=%plugin '-DWALK_ATTRS=__attribute__((optnone))' %S/Inputs/walk.c %rtlib -o %t
// RUN: %t | FileCheck %s
// CHECK: sum=4950 walk-events=503
