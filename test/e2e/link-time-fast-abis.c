// Checks that the faster ABIs survive link-time instrumentation: the
// compile step records inline=count or cc=preserve_most in each function,
// and lld instruments with them after LTO inlined nth() (one event an
// iteration, as with the default ABI: see link-time.c), full and thin LTO.
// REQUIRES: link-time-plugins
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fptrhook-inline=count -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.inl.o
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fptrhook-inline=count -c %S/Inputs/lt-nth.c -o %t/nth.inl.o
// RUN: llvm-dis %t/nth.inl.o -o - | FileCheck %s --check-prefix=PENDING-INLINE
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fuse-ld=lld %t/main.inl.o %t/nth.inl.o -o %t/inl-full
// RUN: %t/inl-full | FileCheck %s
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -fptrhook-inline=count -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.inlt.o
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -fptrhook-inline=count -c %S/Inputs/lt-nth.c -o %t/nth.inlt.o
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -fuse-ld=lld %t/main.inlt.o %t/nth.inlt.o -o %t/inl-thin
// RUN: %t/inl-thin | FileCheck %s
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fptrhook-cc=preserve_most -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.pm.o
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fptrhook-cc=preserve_most -c %S/Inputs/lt-nth.c -o %t/nth.pm.o
// RUN: llvm-dis %t/nth.pm.o -o - | FileCheck %s --check-prefix=PENDING-PM
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fuse-ld=lld %t/main.pm.o %t/nth.pm.o -o %t/pm-full
// RUN: %t/pm-full | FileCheck %s
// RUN: llvm-objdump -d %t/pm-full | FileCheck %s --check-prefix=CALLS-PM
// CHECK: acc=0 loop-events=1000
// PENDING-INLINE: "ptrhook-pending"="kinds=all;skip-noop;abi=addr;inline=count;sites"
// PENDING-PM: "ptrhook-pending"="kinds=all;skip-noop;abi=addr;cc=preserve_most;sites"
// CALLS-PM: call{{.*}}<__injected_hook_preserve_most>
