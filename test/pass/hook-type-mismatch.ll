; Checks that a module declaring __injected_hook with another type than
; void(uintptr_t) gets a clear error instead of a silently wrong call.
; RUN: not %opt -passes=ptrhook -S %s 2>&1 | FileCheck %s

; CHECK: error: ptrhook: '__injected_hook' is declared as 'void (ptr)' in this module, but the hook ABI is 'void (i64)'

declare void @__injected_hook(ptr)

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
