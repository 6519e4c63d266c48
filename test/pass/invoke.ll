; Checks that the result of an invoke is reported on its normal edge, at the
; top of the normal destination when the invoke is its only predecessor.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @make()
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define ptr @f(
; CHECK:      %p = invoke ptr @make()
; CHECK-NEXT:   to label %ok unwind label %lpad
; CHECK:      ok:
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: ret ptr %p
; CHECK:      lpad:
; CHECK-NEXT: landingpad
define ptr @f() personality ptr @__gxx_personality_v0 {
entry:
  %p = invoke ptr @make() to label %ok unwind label %lpad
ok:
  ret ptr %p
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}
