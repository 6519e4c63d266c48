// Checks that PTRHOOK_NO_INSTRUMENT and clang's
// disable_sanitizer_instrumentation keep the pass out of a function at -O0
// and -O2 (the macro also prevents inlining into an instrumented caller).
// RUN: %clang -O0 -fpass-plugin=%plugin '-DWALK_ATTRS=PTRHOOK_NO_INSTRUMENT' %S/Inputs/walk.c %rtlib -o %t0
// RUN: %t0 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin '-DWALK_ATTRS=PTRHOOK_NO_INSTRUMENT' %S/Inputs/walk.c %rtlib -o %t2
// RUN: %t2 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin '-DWALK_ATTRS=__attribute__((disable_sanitizer_instrumentation))' %S/Inputs/walk.c %rtlib -o %t3
// RUN: %t3 | FileCheck %s
// CHECK: sum=4950 walk-events=0 total={{[1-9][0-9]*}}
