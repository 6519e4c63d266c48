; Checks that in code that may go into a shared library (PIC, not PIE) the
; register-preserving hook is declared nonlazybind: a lazy-binding PLT stub
; would clobber registers the convention preserves (glibc's resolver saves
; only the C argument registers).  The plain C hook stays lazy.
; RUN: %opt -passes='ptrhook<cc=preserve_most>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=PLAIN

target triple = "x86_64-unknown-linux-gnu"

; CHECK: call preserve_mostcc void @__injected_hook_preserve_most(
; CHECK: declare preserve_mostcc void @__injected_hook_preserve_most(i64) #[[A:[0-9]+]]
; CHECK: attributes #[[A]] = { {{.*}}nonlazybind{{.*}} }
; PLAIN: declare void @__injected_hook(i64) #[[A:[0-9]+]]
; PLAIN: attributes #[[A]] = { nounwind }

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

!llvm.module.flags = !{!0}
!0 = !{i32 7, !"PIC Level", i32 2}
