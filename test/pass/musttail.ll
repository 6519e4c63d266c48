; Checks that nothing is inserted between a musttail call (or the bitcast
; that may follow it) and its ret, while pointers before it are reported.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt-typed -passes='ptrhook,verify' -S %S/Inputs/musttail-typed.ll | FileCheck %s --check-prefix=TYPED

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

; TYPED-LABEL: define i32* @g(
; TYPED:      %r = musttail call i8* @callee(i8* %p)
; TYPED-NEXT: %c = bitcast i8* %r to i32*
; TYPED-NEXT: ret i32* %c
