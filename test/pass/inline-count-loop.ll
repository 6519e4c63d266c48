; Checks that inline=count leaves no counter access inside a loop without
; calls: LICM (run by the pass on the functions it counted) keeps the
; counters in registers and stores them once at the exit.  The alias
; scopes are what allow it: %p could point anywhere.
; RUN: %opt -passes='ptrhook<inline=count>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i64 @sum(ptr %p, i64 %n)
; CHECK:      loop:
; CHECK-NOT:  @__ptrhook_inline_counts
; CHECK:      br i1 %done, label %exit, label %loop
; CHECK:      exit:
; CHECK:      store i64 %{{.*}}, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK:      ret i64

define i64 @sum(ptr %p, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
  %e = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %e
  %s1 = add i64 %s, %v
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %s1
}
