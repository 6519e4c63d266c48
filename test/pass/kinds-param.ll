; Checks kind selection: kinds=alloca|load reports only allocas and pointer
; loads, from the pipeline parameter and from -ptrhook-kinds (',' or '|').
; RUN: %opt -passes='ptrhook<kinds=alloca|load>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-kinds=alloca,load -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-kinds=gep -passes='ptrhook<kinds=alloca|load>,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %a = alloca ptr
; CHECK-NEXT: ptrtoint ptr %a to i64
; CHECK-NEXT: call void @__injected_hook
; CHECK-NEXT: %g = getelementptr i8, ptr %p, i64 1
; CHECK-NEXT: store ptr %g, ptr %a
; CHECK-NEXT: %l = load ptr, ptr %a
; CHECK-NEXT: ptrtoint ptr %l to i64
; CHECK-NEXT: call void @__injected_hook
; CHECK-NEXT: %s = select i1 %c, ptr %l, ptr %p
; CHECK-NEXT: ret ptr %s
define ptr @f(ptr %p, i1 %c) {
  %a = alloca ptr
  %g = getelementptr i8, ptr %p, i64 1
  store ptr %g, ptr %a
  %l = load ptr, ptr %a
  %s = select i1 %c, ptr %l, ptr %p
  ret ptr %s
}
