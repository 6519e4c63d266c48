// Checks that link-time instrumentation touches only code compiled for it:
// a unit compiled with plain clang -flto goes through the same LTO link (and
// the ThinLTO backend, where the plugin's OptimizerLast callback also runs)
// without being instrumented.
// REQUIRES: link-time-plugins
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -c %S/Inputs/lt-foreign-main.c -I%S/../../runtime/include -o %t/main.o
// RUN: %clang -O2 -flto=thin -c %S/Inputs/lt-foreign.c -o %t/foreign.o
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -fuse-ld=lld %t/main.o %t/foreign.o -o %t/thin
// RUN: %t/thin | FileCheck %s
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -c %S/Inputs/lt-foreign-main.c -I%S/../../runtime/include -o %t/main.full.o
// RUN: %clang -O2 -flto -c %S/Inputs/lt-foreign.c -o %t/foreign.full.o
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fuse-ld=lld %t/main.full.o %t/foreign.full.o -o %t/full
// RUN: %t/full | FileCheck %s
// CHECK: s=10 foreign-events=0
