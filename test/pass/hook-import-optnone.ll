; Checks hook= in optnone functions (-O0): the hook is inlined there too
; (no call, no -O0 trampoline), the inliner's own pruning on the constant
; descriptor keeps only the branch the site takes, and nothing else of the
; function changes.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-site-kind.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<abi=site;hook=%t.hook.bc>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; The alloca is reported after the prologue, then the load, each in
; @others; the getelementptr in @geps.  No branch on the kind is left.
; CHECK-LABEL: define ptr @gep(ptr %p)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %p.addr = alloca ptr, align 8
; CHECK-NEXT:    store ptr %p, ptr %p.addr, align 8
; CHECK-NEXT:    %[[O:[^ ]+]] = load i64, ptr @others, align 8
; CHECK-NEXT:    %[[O1:[^ ]+]] = add i64 %[[O]], 1
; CHECK-NEXT:    store i64 %[[O1]], ptr @others, align 8
; CHECK-NEXT:    %v = load ptr, ptr %p.addr, align 8
; CHECK-NEXT:    %[[P:[^ ]+]] = load i64, ptr @others, align 8
; CHECK-NEXT:    %[[P1:[^ ]+]] = add i64 %[[P]], 1
; CHECK-NEXT:    store i64 %[[P1]], ptr @others, align 8
; CHECK-NEXT:    %q = getelementptr i8, ptr %v, i64 8
; CHECK-NEXT:    %[[G:[^ ]+]] = load i64, ptr @geps, align 8
; CHECK-NEXT:    %[[G1:[^ ]+]] = add i64 %[[G]], 1
; CHECK-NEXT:    store i64 %[[G1]], ptr @geps, align 8
; CHECK-NEXT:    ret ptr %q
define ptr @gep(ptr %p) noinline optnone {
entry:
  %p.addr = alloca ptr, align 8
  store ptr %p, ptr %p.addr, align 8
  %v = load ptr, ptr %p.addr, align 8
  %q = getelementptr i8, ptr %v, i64 8
  ret ptr %q
}
; CHECK-NOT: call {{.*}}@__injected_hook
; CHECK-NOT: __ptrhook_hook_preserve_most
