; Checks pointers outside address space 0: converted with the DataLayout's
; integer for their own address space, then widened to the hook's uintptr_t;
; non-integral address spaces (no meaningful integer value) are skipped.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

target datalayout = "e-p:64:64-p1:32:32-ni:2"

; CHECK-LABEL: define void @f(
; CHECK:      %n = getelementptr i8, ptr addrspace(1) %p, i32 4
; CHECK-NEXT: %[[N32:[0-9]+]] = ptrtoint ptr addrspace(1) %n to i32
; CHECK-NEXT: %[[N64:[0-9]+]] = zext i32 %[[N32]] to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[N64]])
; CHECK-NEXT: %ni = getelementptr i8, ptr addrspace(2) %q, i64 4
; CHECK-NEXT: ret void
define void @f(ptr addrspace(1) %p, ptr addrspace(2) %q) {
  %n = getelementptr i8, ptr addrspace(1) %p, i32 4
  %ni = getelementptr i8, ptr addrspace(2) %q, i64 4
  ret void
}
