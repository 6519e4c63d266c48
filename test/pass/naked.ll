; Checks that naked functions (raw assembly, no frame) are not instrumented.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define void @f(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      unreachable
@slot = global ptr null

define void @f() naked {
  %l = load ptr, ptr @slot
  call void asm sideeffect "ret", ""()
  unreachable
}
