// Checks inline=count end to end: the hand-counted walk gives the exact
// counts of the hooks, per kind the same as the site-aware hook reports, at
// -O0 and -O2; the program's own hook is not needed (nor called).
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-inline=count %S/Inputs/walk.c %rtlib -o %t.o2
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.o2 > %t.o2.out 2>&1
// RUN: FileCheck %s --check-prefix=O2 < %t.o2.out
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %S/Inputs/walk.c %rtlib -o %t.o2site
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.o2site 2>&1 | grep 'by kind' > %t.o2site.kinds
// RUN: grep 'by kind' %t.o2.out | diff - %t.o2site.kinds
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-inline=count %S/Inputs/walk.c %rtlib -o %t.o0
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.o0 > %t.o0.out 2>&1
// RUN: FileCheck %s --check-prefix=O0 < %t.o0.out
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %S/Inputs/walk.c %rtlib -o %t.o0site
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.o0site 2>&1 | grep 'by kind' > %t.o0site.kinds
// RUN: grep 'by kind' %t.o0.out | diff - %t.o0site.kinds
// The wrapper's spelling.
// RUN: %ptrhook_cc -I%S/../../runtime/include -O2 -fptrhook-inline=count %S/Inputs/walk.c -o %t.cc
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.cc 2>&1 | FileCheck %s --check-prefix=O2
// O2: sum=4950 walk-events=300 total={{[0-9]+}}
// O2: ptrhook: {{[0-9]+}} events in 1 thread
// O2-NEXT: ptrhook: by kind: {{.*}}phi 100
// O0: sum=4950 walk-events=503 total={{[0-9]+}}
