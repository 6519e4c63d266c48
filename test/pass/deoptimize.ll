; Checks that the pointer result of llvm.experimental.deoptimize, which must
; be followed directly by its ret, is not reported.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @llvm.experimental.deoptimize.p0(...)

; CHECK-LABEL: define ptr @f(
; CHECK:      %r = call ptr (...) @llvm.experimental.deoptimize.p0() [ "deopt"() ]
; CHECK-NEXT: ret ptr %r
define ptr @f() {
  %r = call ptr (...) @llvm.experimental.deoptimize.p0() [ "deopt"() ]
  ret ptr %r
}
