// Checks -flto and -flto=thin with lld: instrumentation happens at pre-link,
// the native runtime's hook survives (not inlined away), and the program
// reports the same event count as without LTO, although walk() is inlined
// across translation units at link time.
// REQUIRES: lld
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -fpass-plugin=%plugin -c %S/Inputs/lto-main.c -o %t/main.o
// RUN: %clang -O2 -fpass-plugin=%plugin -c %S/Inputs/lto-walk.c -o %t/walk.o
// RUN: %clang -fuse-ld=lld %t/main.o %t/walk.o %rtlib -o %t/nolto
// RUN: %t/nolto > %t/nolto.out
// RUN: FileCheck %s < %t/nolto.out
// RUN: %clang -O2 -flto -fpass-plugin=%plugin -c %S/Inputs/lto-main.c -o %t/main.full.o
// RUN: %clang -O2 -flto -fpass-plugin=%plugin -c %S/Inputs/lto-walk.c -o %t/walk.full.o
// RUN: %clang -O2 -flto -fuse-ld=lld %t/main.full.o %t/walk.full.o %rtlib -o %t/full
// RUN: %t/full > %t/full.out
// RUN: diff %t/nolto.out %t/full.out
// RUN: %clang -O2 -flto=thin -fpass-plugin=%plugin -c %S/Inputs/lto-main.c -o %t/main.thin.o
// RUN: %clang -O2 -flto=thin -fpass-plugin=%plugin -c %S/Inputs/lto-walk.c -o %t/walk.thin.o
// RUN: %clang -O2 -flto=thin -fuse-ld=lld %t/main.thin.o %t/walk.thin.o %rtlib -o %t/thin
// RUN: %t/thin > %t/thin.out
// RUN: diff %t/nolto.out %t/thin.out
// The hook is a real call in the LTO binaries.
// RUN: llvm-objdump -d %t/full | FileCheck %s --check-prefix=CALL
// CHECK: sum=49500 total={{[1-9][0-9]*}}
// CALL: call{{.*}}<__injected_hook>
