; Checks that the pointer bitcast the verifier allows between a musttail call
; and its ret (typed pointers only) gets no hook call, even with
; no-skip-noop, which otherwise reports bitcasts.
; REQUIRES: typed-pointers
; RUN: %opt-typed -passes='ptrhook<no-skip-noop>,verify' -S %s | FileCheck %s

declare i8* @callee(i8*)

; CHECK-LABEL: define i32* @g(
; CHECK:      %r = musttail call i8* @callee(i8* %p)
; CHECK-NEXT: %c = bitcast i8* %r to i32*
; CHECK-NEXT: ret i32* %c
define i32* @g(i8* %p) {
  %r = musttail call i8* @callee(i8* %p)
  %c = bitcast i8* %r to i32*
  ret i32* %c
}
