; Checks that a select of pointers is reported, and a select of integers is not.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %s = select i1 %c, ptr %p, ptr %q
; CHECK-NEXT: %[[S:[0-9]+]] = ptrtoint ptr %s to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[S]])
; CHECK-NEXT: %i = select i1 %c, i32 1, i32 2
; CHECK-NEXT: ret ptr %s
define ptr @f(i1 %c, ptr %p, ptr %q) {
  %s = select i1 %c, ptr %p, ptr %q
  %i = select i1 %c, i32 1, i32 2
  ret ptr %s
}
