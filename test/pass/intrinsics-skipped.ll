; Checks the intrinsic results that are not reported: coroutine intrinsics
; (only the coroutine lowering may touch them), GC statepoint relocations, and
; llvm.invariant.start (a marker, not an address).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.invariant.start.p0(i64, ptr nocapture)

; CHECK-LABEL: define void @f(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret void
define void @f(ptr %mem) {
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %inv = call ptr @llvm.invariant.start.p0(i64 8, ptr %mem)
  ret void
}
