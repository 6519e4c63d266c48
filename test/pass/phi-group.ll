; Checks that pointer phis are reported after the whole phi group (a call
; between phis is invalid), in phi order, and non-pointer phis are not.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      join:
; CHECK-NEXT: %a = phi ptr [ %p, %entry ], [ %q, %other ]
; CHECK-NEXT: %n = phi i32 [ 0, %entry ], [ 1, %other ]
; CHECK-NEXT: %b = phi ptr [ %q, %entry ], [ %p, %other ]
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT: %[[B:[0-9]+]] = ptrtoint ptr %b to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[B]])
; CHECK-NEXT: ret ptr %a
define ptr @f(i1 %c, ptr %p, ptr %q) {
entry:
  br i1 %c, label %join, label %other
other:
  br label %join
join:
  %a = phi ptr [ %p, %entry ], [ %q, %other ]
  %n = phi i32 [ 0, %entry ], [ 1, %other ]
  %b = phi ptr [ %q, %entry ], [ %p, %other ]
  ret ptr %a
}
