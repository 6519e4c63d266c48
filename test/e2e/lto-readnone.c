// Checks the LTO miscompile that attribute stripping prevents: nth() is
// inferred readnone before instrumentation; if it kept that attribute after
// its hook call was added, LTO would inline the bitcode hook and let LICM
// keep the counter in a register across the loop, losing 1000 of 2000
// events (measured with stripping disabled).
// REQUIRES: lld
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -flto -fpass-plugin=%plugin -c %S/Inputs/readnone-nth.c -o %t/nth.o
// RUN: %clang -O2 -flto -fpass-plugin=%plugin -c %S/Inputs/readnone-main.c -o %t/main.o
// RUN: %clang -O2 -flto -fpass-plugin=%plugin -c %S/Inputs/readnone-hook.c -o %t/hook.o
// RUN: %clang -O2 -flto -fuse-ld=lld %t/nth.o %t/main.o %t/hook.o %rtlib -o %t/full
// RUN: %t/full | FileCheck %s
// RUN: %clang -O2 -flto=thin -fpass-plugin=%plugin -c %S/Inputs/readnone-nth.c -o %t/nth.thin.o
// RUN: %clang -O2 -flto=thin -fpass-plugin=%plugin -c %S/Inputs/readnone-main.c -o %t/main.thin.o
// RUN: %clang -O2 -flto=thin -fpass-plugin=%plugin -c %S/Inputs/readnone-hook.c -o %t/hook.thin.o
// RUN: %clang -O2 -flto=thin -fuse-ld=lld %t/nth.thin.o %t/main.thin.o %t/hook.thin.o %rtlib -o %t/thin
// RUN: %t/thin | FileCheck %s
// CHECK: acc=0 nth-events=2000
