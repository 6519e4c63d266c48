; Checks hook= with an empty hook: nothing of the instrumentation is left
; in the code (the site tables stay: they describe the sites).  The
; clean-up may remove what the hook calls kept alive: here an alloca whose
; address only the hook saw.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-empty.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define ptr @walk(ptr %p, i64 %n)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    br label %loop
; CHECK:       loop:
; CHECK-NEXT:    %cur = phi ptr [ %p, %entry ], [ %next, %loop ]
; CHECK-NEXT:    %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
; CHECK-NEXT:    %f = getelementptr i8, ptr %cur, i64 8
; CHECK-NEXT:    %next = load ptr, ptr %f, align 8
; CHECK-NEXT:    %i1 = add i64 %i, 1
; CHECK-NEXT:    %more = icmp ult i64 %i1, %n
; CHECK-NEXT:    br i1 %more, label %loop, label %done
; CHECK:       done:
; CHECK-NEXT:    ret ptr %next
define ptr @walk(ptr %p, i64 %n) {
entry:
  %a = alloca i64, align 8
  store i64 %n, ptr %a, align 8
  br label %loop
loop:
  %cur = phi ptr [ %p, %entry ], [ %next, %loop ]
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %f = getelementptr i8, ptr %cur, i64 8
  %next = load ptr, ptr %f, align 8
  %i1 = add i64 %i, 1
  %more = icmp ult i64 %i1, %n
  br i1 %more, label %loop, label %done
done:
  ret ptr %next
}
; CHECK-NOT: __injected_hook
