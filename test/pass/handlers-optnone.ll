; Checks handlers in an optnone function (-O0 shape): the prologue's
; allocas are reported after the prologue with their sizes, the argument
; stores of the prologue go to the store handler there too (value and
; slot), and the body's load, getelementptr, allocation, store and free
; call their handlers with their context; no site goes through the -O0
; preserve_most trampoline, whose calls take the address only.  The
; library functions are plain declarations, as at -O0: their allocation
; and free semantics come from LLVM's library-function knowledge.
; RUN: %opt -passes='ptrhook<handlers=alloca|gep|load|store|alloc|free>,verify' -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @malloc(i64)
declare void @free(ptr)

; CHECK-LABEL: define void @f(ptr %p, i64 %n)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %p.addr = alloca ptr, align 8
; CHECK-NEXT:    %n.addr = alloca i64, align 8
; CHECK-NEXT:    store ptr %p, ptr %p.addr, align 8
; CHECK-NEXT:    store i64 %n, ptr %n.addr, align 8
; CHECK-NEXT:    %[[A:[0-9]+]] = ptrtoint ptr %p.addr to i64
; CHECK-NEXT:    call void @ptrhook_on_alloca(i64 %[[A]], i64 8, ptr {{.*}})
; CHECK-NEXT:    %[[B:[0-9]+]] = ptrtoint ptr %n.addr to i64
; CHECK-NEXT:    call void @ptrhook_on_alloca(i64 %[[B]], i64 8, ptr {{.*}})
; CHECK-NEXT:    %[[SLOT:[0-9]+]] = ptrtoint ptr %p.addr to i64
; CHECK-NEXT:    %[[VAL:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT:    call void @ptrhook_on_store(i64 %[[VAL]], i64 %[[SLOT]], ptr {{.*}})
; CHECK-NEXT:    %v = load ptr, ptr %p.addr, align 8
; CHECK-NEXT:    %[[LSLOT:[0-9]+]] = ptrtoint ptr %p.addr to i64
; CHECK-NEXT:    %[[V:[0-9]+]] = ptrtoint ptr %v to i64
; CHECK-NEXT:    call void @ptrhook_on_load(i64 %[[V]], i64 %[[LSLOT]], ptr {{.*}})
; CHECK-NEXT:    %q = getelementptr i8, ptr %v, i64 8
; CHECK-NEXT:    %[[QB:[0-9]+]] = ptrtoint ptr %v to i64
; CHECK-NEXT:    %[[Q:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT:    call void @ptrhook_on_gep(i64 %[[Q]], i64 %[[QB]], ptr {{.*}})
; CHECK-NEXT:    %size = load i64, ptr %n.addr, align 8
; CHECK-NEXT:    %m = call ptr @malloc(i64 %size)
; CHECK-NEXT:    %[[M:[0-9]+]] = ptrtoint ptr %m to i64
; CHECK-NEXT:    call void @ptrhook_on_alloc(i64 %[[M]], i64 %size, ptr {{.*}})
; CHECK-NEXT:    store ptr %m, ptr %q, align 8
; CHECK-NEXT:    %[[SSLOT:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT:    %[[SVAL:[0-9]+]] = ptrtoint ptr %m to i64
; CHECK-NEXT:    call void @ptrhook_on_store(i64 %[[SVAL]], i64 %[[SSLOT]], ptr {{.*}})
; CHECK-NEXT:    %[[F:[0-9]+]] = ptrtoint ptr %m to i64
; CHECK-NEXT:    call void @ptrhook_on_free(i64 %[[F]], ptr {{.*}})
; CHECK-NEXT:    call void @free(ptr %m)
; CHECK-NEXT:    ret void
define void @f(ptr %p, i64 %n) noinline optnone {
entry:
  %p.addr = alloca ptr, align 8
  %n.addr = alloca i64, align 8
  store ptr %p, ptr %p.addr, align 8
  store i64 %n, ptr %n.addr, align 8
  %v = load ptr, ptr %p.addr, align 8
  %q = getelementptr i8, ptr %v, i64 8
  %size = load i64, ptr %n.addr, align 8
  %m = call ptr @malloc(i64 %size)
  store ptr %m, ptr %q, align 8
  call void @free(ptr %m)
  ret void
}
; CHECK-NOT: __ptrhook_hook_preserve_most
; CHECK-NOT: @__injected_hook
