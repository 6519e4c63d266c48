// Checks the exact number of events of a hand-counted list walk at -O2
// (see Inputs/walk.c for the count): phi, GEP and load per node.
// RUN: %clang -O2 -fpass-plugin=%plugin %S/Inputs/walk.c %rtlib -o %t
// RUN: %t | FileCheck %s
// CHECK: sum=4950 walk-events=300 total={{[0-9]+}}
