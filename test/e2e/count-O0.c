// Checks the exact number of events of a hand-counted list walk at -O0
// (see Inputs/walk.c for the count), with clang -fpass-plugin and the
// static runtime.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t
// RUN: %t | FileCheck %s
// CHECK: sum=4950 walk-events=503 total={{[0-9]+}}
