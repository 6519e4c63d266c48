; Checks that inttoptr and addrspacecast, which create or change an address,
; are reported (kind "cast").
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define void @f(
; CHECK:      %i = inttoptr i64 %x to ptr
; CHECK-NEXT: %[[I:[0-9]+]] = ptrtoint ptr %i to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[I]])
; CHECK-NEXT: %a = addrspacecast ptr %p to ptr addrspace(3)
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr addrspace(3) %a to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT: ret void
define void @f(i64 %x, ptr %p) {
  %i = inttoptr i64 %x to ptr
  %a = addrspacecast ptr %p to ptr addrspace(3)
  ret void
}
