; Checks the TLS model of inline=count in code that may go into a shared
; library (PIC, not PIE): initial-exec, which reaches the executable's or
; libptrhook_rt.so's counters.
; RUN: %opt -passes='ptrhook<inline=count>,verify' -S %s | FileCheck %s

; CHECK: @__ptrhook_inline_counts = external thread_local(initialexec) global [8 x i64]
; CHECK: @__ptrhook_inline_thread = external thread_local(initialexec) global i8

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

!llvm.module.flags = !{!0}
!0 = !{i32 7, !"PIC Level", i32 2}
