; Checks that token values (no address, and no ptrtoint possible) are never
; touched, while a pointer produced next to them is reported.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare token @llvm.call.preallocated.setup(i32)
declare ptr @llvm.call.preallocated.arg(token, i32)
declare void @use(ptr)

; CHECK-LABEL: define void @f(
; CHECK:      %t = call token @llvm.call.preallocated.setup(i32 1)
; CHECK-NEXT: %a = call ptr @llvm.call.preallocated.arg(token %t, i32 0)
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT: call void @use(ptr preallocated(i32) %a) [ "preallocated"(token %t) ]
define void @f() {
  %t = call token @llvm.call.preallocated.setup(i32 1)
  %a = call ptr @llvm.call.preallocated.arg(token %t, i32 0) preallocated(i32)
  call void @use(ptr preallocated(i32) %a) [ "preallocated"(token %t) ]
  ret void
}
