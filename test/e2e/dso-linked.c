// Checks a DSO built with ptrhook-cc -shared, linked into an executable built
// with ptrhook-cc: the DSO's events reach the executable's (static) runtime,
// which prints the only summary; the DSO's own shared runtime stays silent.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -fPIC -shared %S/Inputs/lib.c -o %t/libwalk.so
// RUN: readelf -d %t/libwalk.so | FileCheck %s --check-prefix=NEEDED
// RUN: %ptrhook_cc -O2 -I%S/../../runtime/include %S/Inputs/linked-main.c -L%t -lwalk -Wl,-rpath,%t -o %t/main
// RUN: env PTRHOOK_OPTIONS=summary=1 %t/main 2>&1 | FileCheck %s
// NEEDED: (NEEDED) Shared library: [libptrhook_rt.so]
// CHECK: lib_walk=1225 lib-events-nonzero=1 total=[[T:[0-9]+]]
// CHECK-NEXT: ptrhook: [[T]] events in 1 thread
// CHECK-NOT: ptrhook:
