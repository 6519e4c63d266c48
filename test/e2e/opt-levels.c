// Checks that every optimization level instruments (OptimizerLast runs at
// -O0 .. -Oz) and that the program's own output is the uninstrumented one.
// RUN: %clang -O1 %S/Inputs/walk.c %rtlib -o %t.plain
// RUN: %t.plain | FileCheck %s --check-prefix=PLAIN
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.O0
// RUN: %t.O0 | FileCheck %s
// RUN: %clang -O1 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.O1
// RUN: %t.O1 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.O2
// RUN: %t.O2 | FileCheck %s
// RUN: %clang -O3 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.O3
// RUN: %t.O3 | FileCheck %s
// RUN: %clang -Os -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.Os
// RUN: %t.Os | FileCheck %s
// RUN: %clang -Oz -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t.Oz
// RUN: %t.Oz | FileCheck %s
// PLAIN: sum=4950 walk-events=0 total=0
// CHECK: sum=4950 walk-events={{[1-9][0-9]*}} total={{[1-9][0-9]*}}
