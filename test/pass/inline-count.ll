; Checks inline=count: no hook call; the entry block keeps the static
; allocas (a late one is moved up) and checks once that the runtime knows
; the thread; the events of a run of instructions without a call are counted
; together, one add per kind, before the call or terminator that ends it.
; Local-exec TLS in code for an executable (PIE).
; RUN: %opt -passes='ptrhook<inline=count>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-inline=count -passes='ptrhook,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__ptrhook_inline_counts = external thread_local(localexec) global [8 x i64], align 8
; CHECK: @__ptrhook_inline_thread = external thread_local(localexec) global i8, align 8
; CHECK: options=kinds=all;skip-noop;abi=addr;inline=count;sites

; CHECK-LABEL: define ptr @f(ptr %p, i64 %i)
; CHECK-NEXT: entry:
; CHECK-NEXT:   %a = alloca i32
; CHECK-NEXT:   %b = alloca i64
; CHECK-NEXT:   %ptrhook.seen = load i8, ptr @__ptrhook_inline_thread, align 1{{$}}
; CHECK-NEXT:   %[[NEW:[0-9]+]] = icmp eq i8 %ptrhook.seen, 0
; CHECK-NEXT:   br i1 %[[NEW]], label %ptrhook.enter, label %ptrhook.entry, !prof ![[COLD:[0-9]+]]
; CHECK:      ptrhook.enter:
; CHECK-NEXT:   call preserve_allcc void @__ptrhook_inline_enter()
; CHECK-NEXT:   br label %ptrhook.entry
; CHECK:      ptrhook.entry:
; CHECK-NEXT:   store i32 1, ptr %a
; CHECK-NEXT:   %q = getelementptr i8, ptr %p, i64 %i
; CHECK-NEXT:   %r = getelementptr i8, ptr %q, i64 8
; CHECK-NEXT:   %l = load ptr, ptr %r, align 8{{$}}
; Counted before the call: two allocas (kind 0), two geps (1), one load (2).
; (Newer LLVMs fold the GEP to element 0 into the array's address.)
; CHECK-NEXT:   %[[A0:[0-9]+]] = load i64, ptr {{(getelementptr inbounds \(\[8 x i64\], ptr )?}}@__ptrhook_inline_counts{{(, i64 0, i64 0\))?}}, align 8{{$}}
; CHECK-NEXT:   %[[A1:[0-9]+]] = add i64 %[[A0]], 2
; CHECK-NEXT:   store i64 %[[A1]], ptr {{(getelementptr inbounds \(\[8 x i64\], ptr )?}}@__ptrhook_inline_counts{{(, i64 0, i64 0\))?}}, align 8{{$}}
; CHECK-NEXT:   %[[G0:[0-9]+]] = load i64, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK-NEXT:   %[[G1:[0-9]+]] = add i64 %[[G0]], 2
; CHECK-NEXT:   store i64 %[[G1]], ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 1)
; CHECK-NEXT:   %[[L0:[0-9]+]] = load i64, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 2)
; CHECK-NEXT:   %[[L1:[0-9]+]] = add i64 %[[L0]], 1
; CHECK-NEXT:   store i64 %[[L1]], ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 2)
; CHECK-NEXT:   %c = call ptr @g(ptr %l)
; The call's own event is counted at the end of the block.
; CHECK-NEXT:   %[[C0:[0-9]+]] = load i64, ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 3)
; CHECK-NEXT:   %[[C1:[0-9]+]] = add i64 %[[C0]], 1
; CHECK-NEXT:   store i64 %[[C1]], ptr getelementptr inbounds ([8 x i64], ptr @__ptrhook_inline_counts, i64 0, i64 3)
; CHECK-NEXT:   br label %next
; CHECK:      next:
; CHECK-NEXT:   ret ptr %c

declare ptr @g(ptr)

define ptr @f(ptr %p, i64 %i) {
entry:
  %a = alloca i32
  store i32 1, ptr %a
  %b = alloca i64
  %q = getelementptr i8, ptr %p, i64 %i
  %r = getelementptr i8, ptr %q, i64 8
  %l = load ptr, ptr %r
  %c = call ptr @g(ptr %l)
  br label %next
next:
  ret ptr %c
}

; A function with nothing to count is left alone.
; CHECK-LABEL: define i32 @none(i32 %x)
; CHECK-NEXT: %y = add i32 %x, 1
; CHECK-NEXT: ret i32 %y
define i32 @none(i32 %x) {
  %y = add i32 %x, 1
  ret i32 %y
}

; CHECK-NOT: __injected_hook
; CHECK: declare preserve_allcc void @__ptrhook_inline_enter() #[[ENTER:[0-9]+]]
; CHECK: attributes #[[ENTER]] = { cold nounwind }

!llvm.module.flags = !{!0, !1}
!0 = !{i32 7, !"PIC Level", i32 2}
!1 = !{i32 7, !"PIE Level", i32 2}
