; Checks that a swifterror alloca, which may only be loaded and stored, is
; not reported, while the pointer loaded from it is.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %err = alloca swifterror ptr
; CHECK-NEXT: store ptr null, ptr %err
; CHECK-NEXT: %e = load ptr, ptr %err
; CHECK-NEXT: %[[E:[0-9]+]] = ptrtoint ptr %e to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[E]])
; CHECK-NEXT: ret ptr %e
define ptr @f() {
  %err = alloca swifterror ptr
  store ptr null, ptr %err
  %e = load ptr, ptr %err
  ret ptr %e
}
