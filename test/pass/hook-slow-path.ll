; Checks hook= with a hook that calls out on a slow path: the call goes to
; the hook object's one copy of the helper (promoted, hidden), whose state
; is not imported, and the hook's own state is not kept in a register
; across that call.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-count.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @count.llvm.[[HASH:[0-9]+]] = external hidden thread_local global i64
; CHECK-NOT: @odd
; CHECK-NOT: @greeting

; CHECK-LABEL: define ptr @two(ptr %p)
; CHECK:         %[[A:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT:    %[[C:[^ ]+]] = load i64, ptr @count.llvm.[[HASH]], align 8
; CHECK-NEXT:    %[[C1:[^ ]+]] = add i64 %[[C]], 1
; CHECK-NEXT:    store i64 %[[C1]], ptr @count.llvm.[[HASH]], align 8
; CHECK:         call void @note.llvm.[[HASH]](i64 %[[A]])
; CHECK:         %r = load ptr, ptr %q, align 8
; CHECK-NEXT:    %[[B:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:    %[[D:[^ ]+]] = load i64, ptr @count.llvm.[[HASH]], align 8
; CHECK:         call void @note.llvm.[[HASH]](i64 %[[B]])
; CHECK:         ret ptr %r
define ptr @two(ptr %p) {
entry:
  %q = getelementptr i8, ptr %p, i64 8
  %r = load ptr, ptr %q, align 8
  ret ptr %r
}

; CHECK-NOT: call void @__injected_hook
; CHECK: declare hidden void @note.llvm.[[HASH]](i64)
; CHECK-NOT: define {{.*}}@__injected_hook
