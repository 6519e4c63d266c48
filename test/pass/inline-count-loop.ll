; Checks that inline=count leaves no counter access inside a loop without
; calls: the pass keeps the counters in registers (a load in the preheader,
; phis, a store in the exit block), and leaves a loop with a call alone.
; RUN: %opt -passes='ptrhook<inline=count>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i64 @sum(ptr %p, i64 %n)
; CHECK:      %ptrhook.count = load i64, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK-NEXT: br label %loop
; CHECK:      loop:
; CHECK-NEXT: %ptrhook.count[[N:[0-9]*]] = phi i64 [ %ptrhook.count, %{{.*}} ], [ %[[ADD:[0-9]+]], %loop ]
; CHECK-NOT:  @__ptrhook_inline_counts
; CHECK:      %[[ADD]] = add i64 %ptrhook.count[[N]], 1
; CHECK-NOT:  @__ptrhook_inline_counts
; CHECK:      br i1 %done, label %exit, label %loop
; CHECK:      exit:
; CHECK-NEXT: store i64 %[[ADD]], ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK:      ret i64

; CHECK-LABEL: define i64 @calls(ptr %p, i64 %n)
; CHECK:      loop:
; CHECK:      store i64 %{{.*}}, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK:      call void @g()
; CHECK:      br i1 %done, label %exit, label %loop

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

declare void @g()

define i64 @calls(ptr %p, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
  %e = getelementptr i64, ptr %p, i64 %i
  %v = load i64, ptr %e
  call void @g()
  %s1 = add i64 %s, %v
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %s1
}

; Inline asm that declares no memory access cannot touch the counters: the
; loop is promoted; with a "memory" clobber it is not.
; CHECK-LABEL: define i64 @asm_plain(ptr %p, i64 %n)
; CHECK:      loop:
; CHECK-NOT:  @__ptrhook_inline_counts
; CHECK:      exit:
; CHECK-NEXT: store i64
; CHECK-LABEL: define i64 @asm_memory(ptr %p, i64 %n)
; CHECK:      loop:
; CHECK:      store i64 %{{.*}}, ptr {{.*}}@__ptrhook_inline_counts
; CHECK:      call ptr asm sideeffect "", "=r,0,~{memory}"
define i64 @asm_plain(ptr %p, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %e = getelementptr i64, ptr %p, i64 %i
  %f = call ptr asm sideeffect "", "=r,0"(ptr %e)
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %i1
}

define i64 @asm_memory(ptr %p, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %e = getelementptr i64, ptr %p, i64 %i
  %f = call ptr asm sideeffect "", "=r,0,~{memory}"(ptr %e)
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %i1
}
