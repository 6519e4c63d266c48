; Checks that a getelementptr is reported right after it, and that one with
; a non-zero (or variable) index is not mistaken for a no-op.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %g = getelementptr inbounds i32, ptr %p, i64 1
; CHECK-NEXT: %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[G]])
; CHECK-NEXT: %h = getelementptr { i32, i32 }, ptr %p, i64 %i, i32 0
; CHECK-NEXT: %[[H:[0-9]+]] = ptrtoint ptr %h to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[H]])
; CHECK-NEXT: ret ptr %g
define ptr @f(ptr %p, i64 %i) {
  %g = getelementptr inbounds i32, ptr %p, i64 1
  %h = getelementptr { i32, i32 }, ptr %p, i64 %i, i32 0
  ret ptr %g
}
