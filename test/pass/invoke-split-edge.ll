; Checks that when the normal destination of an invoke has several
; predecessors, the normal edge is split and the hook goes into the new
; block (the result does not dominate the shared destination).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @make()
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define ptr @f(
; CHECK:      %p = invoke ptr @make()
; CHECK-NEXT:   to label %[[SPLIT:[A-Za-z0-9_.]+]] unwind label %lpad
; CHECK:      [[SPLIT]]:
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: br label %join
; CHECK:      join:
; CHECK-NEXT: %r = phi ptr [ null, %entry ], [ %p, %[[SPLIT]] ]
; CHECK-NEXT: %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[R]])
; CHECK-NEXT: ret ptr %r
define ptr @f(i1 %c) personality ptr @__gxx_personality_v0 {
entry:
  br i1 %c, label %call, label %join
call:
  %p = invoke ptr @make() to label %join unwind label %lpad
join:
  %r = phi ptr [ null, %entry ], [ %p, %call ]
  ret ptr %r
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}

; An invoke whose normal edge loops back to its own block: the block's top
; is before the invoke, so that edge is split too.
; CHECK-LABEL: define void @loop(
; CHECK:      %p = invoke ptr @make()
; CHECK-NEXT:   to label %[[BACK:[A-Za-z0-9_.]+]] unwind label %lpad
; CHECK:      [[BACK]]:
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: br label %body
define void @loop() personality ptr @__gxx_personality_v0 {
entry:
  br label %body
body:
  %p = invoke ptr @make() to label %body unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}
