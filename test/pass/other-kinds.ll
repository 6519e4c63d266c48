; Checks the instructions of kind "other": extractvalue, extractelement,
; freeze, va_arg and atomic cmpxchg results extracted as pointers.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<kinds=other>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<kinds=alloca|gep|load|call|cast|phi|select>,verify' -S %s | FileCheck %s --check-prefix=NONE

; CHECK-LABEL: define void @f(
; CHECK:      %ev = extractvalue { ptr, i32 } %s, 0
; CHECK-NEXT: %[[EV:[0-9]+]] = ptrtoint ptr %ev to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[EV]])
; CHECK-NEXT: %ee = extractelement <2 x ptr> %v, i32 1
; CHECK-NEXT: %[[EE:[0-9]+]] = ptrtoint ptr %ee to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[EE]])
; CHECK-NEXT: %fr = freeze ptr %p
; CHECK-NEXT: %[[FR:[0-9]+]] = ptrtoint ptr %fr to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[FR]])
; CHECK-NEXT: %va = va_arg ptr %ap, ptr
; CHECK-NEXT: %[[VA:[0-9]+]] = ptrtoint ptr %va to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[VA]])
; CHECK-NEXT: %cx = cmpxchg ptr %pp,
; CHECK-NEXT: %old = extractvalue { ptr, i1 } %cx, 0
; CHECK-NEXT: %[[OLD:[0-9]+]] = ptrtoint ptr %old to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[OLD]])
; CHECK-NEXT: ret void

; NONE-LABEL: define void @f(
; NONE-NOT:   call void @__injected_hook
; NONE:       ret void
define void @f({ ptr, i32 } %s, <2 x ptr> %v, ptr %p, ptr %ap, ptr %pp) {
  %ev = extractvalue { ptr, i32 } %s, 0
  %ee = extractelement <2 x ptr> %v, i32 1
  %fr = freeze ptr %p
  %va = va_arg ptr %ap, ptr
  %cx = cmpxchg ptr %pp, ptr %p, ptr null seq_cst seq_cst
  %old = extractvalue { ptr, i1 } %cx, 0
  ret void
}
