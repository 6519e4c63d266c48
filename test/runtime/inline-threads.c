// Checks exact inline counts (inline=count) under 16 threads x 1,000,200
// events: every thread's own count and the process total (threads that
// exited are folded in when they exit).
// RUN: %clang -O2 -pthread -I%S/Inputs -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-inline=count %S/Inputs/threads.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=summary=1 %t 2>&1 | FileCheck %s
// CHECK-COUNT-16: thread events=1000200
// CHECK: workers=16003200 main=[[MAIN:[0-9]+]] total=[[TOTAL:[0-9]+]] bad=0
// CHECK: ptrhook: [[TOTAL]] events in 17 threads
// 16 x 3334 x 100 for each of walk's three sites (phi, gep, load):
// CHECK-NEXT: ptrhook: by kind: {{.*}}phi 5334400{{$}}
