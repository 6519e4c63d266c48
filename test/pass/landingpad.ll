; Checks that a pointer phi in a landing-pad block is reported after the
; landingpad (which must stay the first non-phi instruction), and that a
; pointer extracted from the landingpad value is reported too.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare void @may_throw()
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define ptr @f(
; CHECK:      lpad:
; CHECK-NEXT: %p = phi ptr [ %a, %entry ], [ %b, %second ]
; CHECK-NEXT: %lp = landingpad { ptr, i32 }
; CHECK-NEXT:   cleanup
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: %exn = extractvalue { ptr, i32 } %lp, 0
; CHECK-NEXT: %[[E:[0-9]+]] = ptrtoint ptr %exn to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[E]])
define ptr @f(ptr %a, ptr %b) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw() to label %second unwind label %lpad
second:
  invoke void @may_throw() to label %done unwind label %lpad
done:
  ret ptr null
lpad:
  %p = phi ptr [ %a, %entry ], [ %b, %second ]
  %lp = landingpad { ptr, i32 } cleanup
  %exn = extractvalue { ptr, i32 } %lp, 0
  ret ptr %p
}
