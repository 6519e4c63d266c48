; Checks that running the pass twice reports each pointer once: functions are
; marked "ptrhook-instrumented" and the module carries the ptrhook.instrumented
; flag, whether the second run is explicit or comes from the OptimizerLast
; extension point of a default pipeline.
; RUN: %opt -passes='ptrhook,ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook' -S %s | %opt -passes='ptrhook,verify' -S | FileCheck %s
; RUN: %opt -passes='ptrhook,default<O0>' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK-SAME: #[[ATTR:[0-9]+]]
; CHECK:      call void @__injected_hook
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK: attributes #[[ATTR]] = { "ptrhook-instrumented" }
; CHECK: !{i32 7, !"ptrhook.instrumented", i32 1}
