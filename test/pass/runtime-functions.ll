; Checks that the hook itself (e.g. a user's definition in this module) and
; the runtime's own __ptrhook_* functions are never instrumented.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define void @__injected_hook(i64 %a)
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret void
define void @__injected_hook(i64 %a) {
  %s = alloca i64
  store i64 %a, ptr %s
  ret void
}

; CHECK-LABEL: define ptr @__ptrhook_internal(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @__ptrhook_internal(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK-LABEL: define ptr @user(
; CHECK:      call void @__injected_hook
define ptr @user(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
