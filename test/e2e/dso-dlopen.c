// Checks a DSO built with ptrhook-cc -shared, dlopen()ed by an executable
// built without ptrhook: the DSO brings the shared runtime, which is then the
// active one and reports the DSO's events.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -fPIC -shared %S/Inputs/lib.c -o %t/libwalk.so
// RUN: %clang -O2 %S/Inputs/dlopen-main.c -ldl -o %t/main
// RUN: env PTRHOOK_OPTIONS=summary=1 %t/main %t/libwalk.so 2>&1 | FileCheck %s
// CHECK: lib_walk=1225
// CHECK-NEXT: ptrhook: {{[1-9][0-9]*}} events in 1 thread
// CHECK-NOT: ptrhook:
