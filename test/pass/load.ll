; Checks that a load of a pointer is reported and a load of anything else
; (integer, vector of pointers) is not.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %q = load ptr, ptr %p
; CHECK-NEXT: %[[Q:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[Q]])
; CHECK-NEXT: %i = load i64, ptr %p
; CHECK-NEXT: %v = load <2 x ptr>, ptr %p
; CHECK-NEXT: %a = load atomic ptr, ptr %p acquire
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT: ret ptr %q
define ptr @f(ptr %p) {
  %q = load ptr, ptr %p
  %i = load i64, ptr %p
  %v = load <2 x ptr>, ptr %p
  %a = load atomic ptr, ptr %p acquire, align 8
  ret ptr %q
}
