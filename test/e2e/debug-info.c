// Checks -g: hook calls carry debug locations (the verifier passes, also
// when LTO links a module holding a hook definition with debug info), at
// -O0, -O2 and with -flto.
// RUN: %clang -g -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clang -g -O0 -fpass-plugin=%plugin %s %rtlib -o %t0 && %t0 | FileCheck %s
// RUN: %clang -g -O2 -fpass-plugin=%plugin %s %rtlib -o %t2 && %t2 | FileCheck %s
// RUN: %clang -g -O2 -flto -fuse-ld=lld -fpass-plugin=%plugin -DUSER_HOOK %s %rtlib -o %t3 && %t3 | FileCheck %s
// REQUIRES: lld
// IR: call void @__injected_hook(i64 %{{[0-9]+}}) #{{[0-9]+}}, !dbg !{{[0-9]+}}
// IR-NOT: call void @__injected_hook(i64 %{{[0-9]+}}){{( #[0-9]+)?}}{{$}}
// CHECK: ok
#include <stdint.h>
#include <stdio.h>

#ifdef USER_HOOK
// A hook with debug info in the same LTO module: every call to it needs !dbg.
static volatile uintptr_t sink;
void __injected_hook(uintptr_t a) { sink = a; }
#endif

__attribute__((noinline)) int *pick(int *a, int i) { return &a[i]; }

int main(void) {
  int a[8] = {0};
  for (int i = 0; i < 8; i++)
    *pick(a, i) = i;
  printf("%s\n", a[7] == 7 ? "ok" : "bad");
  return 0;
}
