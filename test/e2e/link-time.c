// Checks link-time instrumentation (-fptrhook-link-time): the compile step
// only records the options, lld runs the plugin after whole-program
// optimization, full and thin LTO alike.  nth() lives in another unit and is
// inlined into main's loop by LTO: instrumented at compile time an iteration
// reports 2 pointers (the GEP in nth, the pointer it returns), instrumented
// in the linker only the GEP is left.  Loading the plugin into lld for
// objects instrumented at compile time changes nothing (never twice).
// REQUIRES: link-time-plugins
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ptrhook_cc -O2 -flto -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.full.o
// RUN: %ptrhook_cc -O2 -flto -c %S/Inputs/lt-nth.c -o %t/nth.full.o
// RUN: %ptrhook_cc -O2 -flto -fuse-ld=lld %t/main.full.o %t/nth.full.o -o %t/prelink-full
// RUN: %t/prelink-full | FileCheck %s --check-prefix=PRELINK
// RUN: %ptrhook_cc -O2 -flto -fuse-ld=lld -Wl,--load-pass-plugin=%plugin %t/main.full.o %t/nth.full.o -o %t/prelink-full-plugin
// RUN: %t/prelink-full-plugin | FileCheck %s --check-prefix=PRELINK
// RUN: %ptrhook_cc -O2 -flto=thin -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.thin.o
// RUN: %ptrhook_cc -O2 -flto=thin -c %S/Inputs/lt-nth.c -o %t/nth.thin.o
// RUN: %ptrhook_cc -O2 -flto=thin -fuse-ld=lld %t/main.thin.o %t/nth.thin.o -o %t/prelink-thin
// RUN: %t/prelink-thin | FileCheck %s --check-prefix=PRELINK
// RUN: %ptrhook_cc -O2 -flto=thin -fuse-ld=lld -Wl,--load-pass-plugin=%plugin %t/main.thin.o %t/nth.thin.o -o %t/prelink-thin-plugin
// RUN: %t/prelink-thin-plugin | FileCheck %s --check-prefix=PRELINK
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.lfull.o
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -c %S/Inputs/lt-nth.c -o %t/nth.lfull.o
// RUN: llvm-dis %t/nth.lfull.o -o - | FileCheck %s --check-prefix=PENDING
// RUN: %ptrhook_cc -O2 -flto -fptrhook-link-time -fuse-ld=lld %t/main.lfull.o %t/nth.lfull.o -o %t/link-full
// RUN: %t/link-full | FileCheck %s --check-prefix=LINK
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -c %S/Inputs/lt-main.c -I%S/../../runtime/include -o %t/main.lthin.o
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -c %S/Inputs/lt-nth.c -o %t/nth.lthin.o
// RUN: %ptrhook_cc -O2 -flto=thin -fptrhook-link-time -fuse-ld=lld %t/main.lthin.o %t/nth.lthin.o -o %t/link-thin
// RUN: %t/link-thin | FileCheck %s --check-prefix=LINK
// PRELINK: acc=0 loop-events=2000
// LINK: acc=0 loop-events=1000
// PENDING: define {{.*}}@nth(
// PENDING-NOT: __injected_hook
// PENDING: "ptrhook-pending"="kinds=all;skip-noop;abi=addr;sites"
