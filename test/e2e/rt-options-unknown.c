// Checks that an unknown PTRHOOK_OPTIONS key is a warning naming it, and the
// program and the other options go on working (a key like no option gets no
// suggestion: rt-options-did-you-mean.c).
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=frobnicate=1:summary=1 %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// CHECK: ptrhook: warning: unknown option 'frobnicate' in PTRHOOK_OPTIONS (PTRHOOK_OPTIONS=help=1 lists them)
// CHECK: ptrhook: 4 events in 1 thread
// OUT: ran 1
