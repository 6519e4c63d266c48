; Checks that naked functions (raw assembly, no frame) are not instrumented.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define void @f(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      unreachable
define void @f(ptr %p) naked {
  %g = getelementptr i8, ptr %p, i64 1
  call void asm sideeffect "ret", ""()
  unreachable
}
