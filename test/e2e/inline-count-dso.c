// Checks inline=count across a DSO: the DSO (PIC: initial-exec TLS) and the
// executable (PIE: local-exec) add to the same counters, those of the
// executable's static runtime, which prints the only summary; also a DSO
// counted inline under an executable that calls the hooks, and the reverse.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -fptrhook-inline=count -fPIC -shared %S/Inputs/lib.c -o %t/libinl.so
// RUN: %ptrhook_cc -O2 -fPIC -shared %S/Inputs/lib.c -o %t/libhook.so
// RUN: %ptrhook_cc -O2 -fptrhook-inline=count -I%S/../../runtime/include %S/Inputs/linked-main.c -L%t -linl -Wl,-rpath,%t -o %t/inl-inl
// RUN: env PTRHOOK_OPTIONS=summary=1 %t/inl-inl 2>&1 | FileCheck %s
// RUN: %ptrhook_cc -O2 -I%S/../../runtime/include %S/Inputs/linked-main.c -L%t -linl -Wl,-rpath,%t -o %t/hook-inl
// RUN: env PTRHOOK_OPTIONS=summary=1 %t/hook-inl 2>&1 | FileCheck %s
// RUN: %ptrhook_cc -O2 -fptrhook-inline=count -I%S/../../runtime/include %S/Inputs/linked-main.c -L%t -lhook -Wl,-rpath,%t -o %t/inl-hook
// RUN: env PTRHOOK_OPTIONS=summary=1 %t/inl-hook 2>&1 | FileCheck %s
// 50 nodes: phi, gep and load per node in the walk, plus the set-up loop.
// CHECK: lib_walk=1225 lib-events-nonzero=1 total=[[T:[0-9]+]]
// CHECK-NEXT: ptrhook: [[T]] events in 1 thread
// Only one runtime reports (a "by kind" line may follow).
// CHECK-NOT: events in
