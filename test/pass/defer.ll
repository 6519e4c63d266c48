; Checks the compile step of link-time instrumentation (-ptrhook-link-time,
; parameter `defer`): nothing is instrumented, each eligible function records
; the options it was compiled with, excluded functions are not marked.
; RUN: %opt -passes='ptrhook<defer;kinds=gep|load>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-link-time -ptrhook-kinds=gep,load -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-NOT: call void @__injected_hook
; CHECK-LABEL: define ptr @f(
; CHECK-SAME: #[[PENDING:[0-9]+]]
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 4
  %l = load ptr, ptr %g
  ret ptr %l
}

; CHECK-LABEL: define ptr @opted_out(
; CHECK-SAME: #[[OPTOUT:[0-9]+]]
define ptr @opted_out(ptr %p) disable_sanitizer_instrumentation {
  %g = getelementptr i8, ptr %p, i64 4
  ret ptr %g
}

; CHECK-NOT: declare void @__injected_hook
; CHECK-DAG: attributes #[[PENDING]] = { "ptrhook-pending"="kinds=gep|load;skip-noop;abi=addr;sites" }
; CHECK-DAG: attributes #[[OPTOUT]] = { disable_sanitizer_instrumentation }
; CHECK-NOT: ptrhook.instrumented
