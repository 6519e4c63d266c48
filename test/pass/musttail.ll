; Checks that nothing is inserted between a musttail call and its ret, while
; pointers before it are reported.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @callee(ptr)

; CHECK-LABEL: define ptr @f(
; CHECK:      %g = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT: %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[G]])
; CHECK-NEXT: %r = musttail call ptr @callee(ptr %g)
; CHECK-NEXT: ret ptr %r
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 8
  %r = musttail call ptr @callee(ptr %g)
  ret ptr %r
}
