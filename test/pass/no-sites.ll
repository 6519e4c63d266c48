; Checks no-sites (-ptrhook-sites=false): no descriptor table, no
; registration constructor, hook calls unchanged.
; RUN: %opt -passes='ptrhook<no-sites>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-sites=false -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-NOT: ptrhook_sites
; CHECK-NOT: global_ctors
; CHECK-LABEL: define ptr @f(
; CHECK:      call void @__injected_hook(i64
; CHECK-NOT: __ptrhook_module_ctor
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
