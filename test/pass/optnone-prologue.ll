; Checks that in an optnone (-O0) function the entry block's allocas, and the
; GEPs clang stores coerced arguments through, are reported together after the
; argument stores, in their order, each GEP recomputed from its alloca; that
; the body's first GEP is still reported right after it; and that without
; optnone every hook stays right after its definition.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; Not x86-64, where some of these calls would go through the preserve_most
; trampoline (optnone-preserve-most.ll): the placement is the same everywhere.
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"

declare void @use(i64, ptr)

; The prologue of `jv f(jv a, int n)` with a 16-byte struct jv, as clang -O0
; emits it: the arguments are in registers until the stores, so no hook call
; may come before them.
; CHECK-LABEL: define void @f(
; CHECK-NEXT:  %r = alloca { i64, ptr }
; CHECK-NEXT:  %a = alloca { i64, ptr }
; CHECK-NEXT:  %n.addr = alloca i32
; CHECK-NEXT:  %a0 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 0
; CHECK-NEXT:  store i64 %0, ptr %a0
; CHECK-NEXT:  %a1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
; CHECK-NEXT:  store ptr %1, ptr %a1
; CHECK-NEXT:  store i32 %n, ptr %n.addr
; CHECK-NEXT:  %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[R]])
; CHECK-NEXT:  %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT:  %[[N:[0-9]+]] = ptrtoint ptr %n.addr to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[N]])
; CHECK-NEXT:  %[[BASE:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT:  %[[A1:[0-9]+]] = add i64 %[[BASE]], 8
; CHECK-NEXT:  call void @__injected_hook(i64 %[[A1]])
; CHECK-NEXT:  %b0 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 0
; CHECK-NEXT:  %v0 = load i64, ptr %b0
; CHECK-NEXT:  %b1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
; CHECK-NEXT:  %[[B1:[0-9]+]] = ptrtoint ptr %b1 to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[B1]])
; CHECK-NEXT:  %v1 = load ptr, ptr %b1
; CHECK-NEXT:  %[[V1:[0-9]+]] = ptrtoint ptr %v1 to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[V1]])
; CHECK-NEXT:  call void @use(i64 %v0, ptr %v1)
define void @f(i64 %0, ptr %1, i32 %n) #0 {
  %r = alloca { i64, ptr }, align 8
  %a = alloca { i64, ptr }, align 8
  %n.addr = alloca i32, align 4
  %a0 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 0
  store i64 %0, ptr %a0, align 8
  %a1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
  store ptr %1, ptr %a1, align 8
  store i32 %n, ptr %n.addr, align 4
  %b0 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 0
  %v0 = load i64, ptr %b0, align 8
  %b1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
  %v1 = load ptr, ptr %b1, align 8
  call void @use(i64 %v0, ptr %v1)
  ret void
}

; The same body without optnone: reported where they are defined.
; CHECK-LABEL: define void @g(
; CHECK-NEXT:  %r = alloca { i64, ptr }
; CHECK-NEXT:  %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[R]])
; CHECK-NEXT:  %a = alloca { i64, ptr }
; CHECK-NEXT:  %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[A]])
; CHECK-NEXT:  %a0 = getelementptr
; CHECK-NEXT:  store i64 %0, ptr %a0
; CHECK-NEXT:  %a1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
; CHECK-NEXT:  %[[A1:[0-9]+]] = ptrtoint ptr %a1 to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[A1]])
; CHECK-NEXT:  store ptr %1, ptr %a1
define void @g(i64 %0, ptr %1) {
  %r = alloca { i64, ptr }, align 8
  %a = alloca { i64, ptr }, align 8
  %a0 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 0
  store i64 %0, ptr %a0, align 8
  %a1 = getelementptr inbounds { i64, ptr }, ptr %a, i32 0, i32 1
  store ptr %1, ptr %a1, align 8
  ret void
}

attributes #0 = { noinline optnone }
