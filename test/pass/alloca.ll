; Checks that an alloca is reported right after it, through ptrtoint to the
; DataLayout's pointer-sized integer.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"

; CHECK-LABEL: define void @f(
; CHECK:      %a = alloca i32
; CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[A]]) #[[NOUNWIND:[0-9]+]]
; CHECK-NEXT: %b = alloca [4 x i8]
; CHECK-NEXT: %[[B:[0-9]+]] = ptrtoint ptr %b to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[B]])
; CHECK-NEXT: store i32 0, ptr %a
define void @f() {
  %a = alloca i32
  %b = alloca [4 x i8]
  store i32 0, ptr %a
  store i8 0, ptr %b
  ret void
}

; CHECK: declare void @__injected_hook(i64) #[[NOUNWIND]]
; CHECK: attributes #[[NOUNWIND]] = { nounwind }
