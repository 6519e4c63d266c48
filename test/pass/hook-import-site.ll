; Checks hook= with abi=site: the descriptor is a compile-time constant, so
; a hook that branches on the site's kind keeps, at each site, only the branch
; that site takes: a getelementptr counts in @geps, a load in @others.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-site-kind.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<abi=site;hook=%t.hook.bc>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define ptr @gep(ptr %p)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %q = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:    %[[G:[^ ]+]] = load i64, ptr @geps, align 8
; CHECK-NEXT:    %[[G1:[^ ]+]] = add i64 %[[G]], 1
; CHECK-NEXT:    store i64 %[[G1]], ptr @geps, align 8
; CHECK-NEXT:    ret ptr %q
define ptr @gep(ptr %p) {
entry:
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}

; CHECK-LABEL: define ptr @load(ptr %p)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %q = load ptr, ptr %p, align 8
; CHECK-NEXT:    %[[O:[^ ]+]] = load i64, ptr @others, align 8
; CHECK-NEXT:    %[[O1:[^ ]+]] = add i64 %[[O]], 1
; CHECK-NEXT:    store i64 %[[O1]], ptr @others, align 8
; CHECK-NEXT:    ret ptr %q
define ptr @load(ptr %p) {
entry:
  %q = load ptr, ptr %p, align 8
  ret ptr %q
}

; CHECK-NOT: __injected_hook_site
