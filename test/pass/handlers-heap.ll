; Checks the kinds only handlers see, in optimized IR: a pointer stored to
; memory (ptrhook_on_store(value, slot, site), after the store), the result
; of an allocation function with its size as LLVM's MemoryBuiltins compute
; it (malloc, calloc's product, realloc's new size, operator new;
; PTRHOOK_SIZE_UNKNOWN, -1, for strdup), and the pointer given to a
; deallocation function (free, operator delete), reported before the call.
; Stores of non-pointers and calls of other functions stay what they were.
; RUN: %opt -passes='ptrhook<handlers=store|alloc|free>,verify' -S %s | FileCheck %s
; Without their handlers, an allocation is a call, and stores and frees are
; no events.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=PLAIN

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare noalias ptr @malloc(i64)
declare noalias ptr @calloc(i64, i64)
declare noalias ptr @realloc(ptr, i64)
declare noalias ptr @strdup(ptr)
declare void @free(ptr)
declare noalias nonnull ptr @_Znwm(i64)
declare void @_ZdlPv(ptr)
declare ptr @get()

; CHECK-LABEL: define void @heap(
; CHECK:       %m = call ptr @malloc(i64 %n)
; CHECK-NEXT:  %[[M:[0-9]+]] = ptrtoint ptr %m to i64
; CHECK-NEXT:  call void @ptrhook_on_alloc(i64 %[[M]], i64 %n, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %[[CSIZE:[0-9]+]] = mul i64 %n, 8
; CHECK-NEXT:  %c = call ptr @calloc(i64 %n, i64 8)
; CHECK-NEXT:  %[[C:[0-9]+]] = ptrtoint ptr %c to i64
; CHECK-NEXT:  call void @ptrhook_on_alloc(i64 %[[C]], i64 %[[CSIZE]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %r = call ptr @realloc(ptr %m, i64 64)
; CHECK-NEXT:  %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:  call void @ptrhook_on_alloc(i64 %[[R]], i64 64, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %s = call ptr @strdup(ptr %p)
; CHECK-NEXT:  %[[S:[0-9]+]] = ptrtoint ptr %s to i64
; CHECK-NEXT:  call void @ptrhook_on_alloc(i64 %[[S]], i64 -1, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %o = call ptr @_Znwm(i64 24)
; CHECK-NEXT:  %[[O:[0-9]+]] = ptrtoint ptr %o to i64
; CHECK-NEXT:  call void @ptrhook_on_alloc(i64 %[[O]], i64 24, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  store ptr %c, ptr %o
; CHECK-NEXT:  %[[SLOT:[0-9]+]] = ptrtoint ptr %o to i64
; CHECK-NEXT:  %[[VAL:[0-9]+]] = ptrtoint ptr %c to i64
; CHECK-NEXT:  call void @ptrhook_on_store(i64 %[[VAL]], i64 %[[SLOT]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  store i64 %n, ptr %c
; CHECK-NEXT:  %g = call ptr @get()
; CHECK-NEXT:  %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[G]])
; CHECK-NEXT:  %[[F1:[0-9]+]] = ptrtoint ptr %c to i64
; CHECK-NEXT:  call void @ptrhook_on_free(i64 %[[F1]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  call void @free(ptr %c)
; CHECK-NEXT:  %[[F2:[0-9]+]] = ptrtoint ptr %o to i64
; CHECK-NEXT:  call void @ptrhook_on_free(i64 %[[F2]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  call void @_ZdlPv(ptr %o)
; CHECK-NEXT:  ret void
define void @heap(i64 %n, ptr %p) {
  %m = call ptr @malloc(i64 %n)
  %c = call ptr @calloc(i64 %n, i64 8)
  %r = call ptr @realloc(ptr %m, i64 64)
  %s = call ptr @strdup(ptr %p)
  %o = call ptr @_Znwm(i64 24)
  store ptr %c, ptr %o
  store i64 %n, ptr %c
  %g = call ptr @get()
  call void @free(ptr %c)
  call void @_ZdlPv(ptr %o)
  ret void
}
; CHECK-DAG:   declare void @ptrhook_on_alloc(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_store(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_free(i64, ptr)

; PLAIN-LABEL: define void @heap(
; PLAIN:       %m = call ptr @malloc(i64 %n)
; PLAIN-NEXT:  %[[M:[0-9]+]] = ptrtoint ptr %m to i64
; PLAIN-NEXT:  call void @__injected_hook(i64 %[[M]])
; PLAIN-NOT:   ptrhook_on_
