; Checks handlers=all on the pointer kinds of optimized IR: every site calls
; its kind's handler, ptrhook_on_<kind>(address, context, site), with the
; context of its kind: an alloca's size (constant, or computed for a
; dynamic one), a getelementptr's base, a load's slot, a call's callee
; (direct and indirect), a cast's operand, a select's condition, the index
; of a phi's incoming edge; other gets none.  No hook is declared, and each
; call names its own descriptor.
; RUN: %opt -passes='ptrhook<handlers=all>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-handlers=alloca,gep,load,call,cast,phi,select,other -passes='ptrhook,verify' -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @get()

; CHECK-LABEL: define ptr @kinds(
; CHECK:       %a = alloca i32, i64 4
; CHECK-NEXT:  %[[A:[0-9]+]] = ptrtoint ptr %a to i64
; CHECK-NEXT:  call void @ptrhook_on_alloca(i64 %[[A]], i64 16, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %[[DSIZE:[0-9]+]] = mul i64 {{1, %n|%n, 1}}
; CHECK-NEXT:  %d = alloca i8, i64 %n
; CHECK-NEXT:  %[[D:[0-9]+]] = ptrtoint ptr %d to i64
; CHECK-NEXT:  call void @ptrhook_on_alloca(i64 %[[D]], i64 %[[DSIZE]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %g = getelementptr inbounds i32, ptr %p, i64 %i
; CHECK-NEXT:  %[[BASE:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT:  %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT:  call void @ptrhook_on_gep(i64 %[[G]], i64 %[[BASE]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %l = load ptr, ptr %g
; CHECK-NEXT:  %[[SLOT:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT:  %[[L:[0-9]+]] = ptrtoint ptr %l to i64
; CHECK-NEXT:  call void @ptrhook_on_load(i64 %[[L]], i64 %[[SLOT]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %r = call ptr %fp()
; CHECK-NEXT:  %[[FP:[0-9]+]] = ptrtoint ptr %fp to i64
; CHECK-NEXT:  %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:  call void @ptrhook_on_call(i64 %[[R]], i64 %[[FP]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %r2 = call ptr @get()
; CHECK-NEXT:  %[[R2:[0-9]+]] = ptrtoint ptr %r2 to i64
; CHECK-NEXT:  call void @ptrhook_on_call(i64 %[[R2]], i64 ptrtoint (ptr @get to i64), ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %t = inttoptr i64 %i to ptr
; CHECK-NEXT:  %[[T:[0-9]+]] = ptrtoint ptr %t to i64
; CHECK-NEXT:  call void @ptrhook_on_cast(i64 %[[T]], i64 %i, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %s = select i1 %c, ptr %l, ptr %r
; CHECK-NEXT:  %[[C:[0-9]+]] = zext i1 %c to i64
; CHECK-NEXT:  %[[S:[0-9]+]] = ptrtoint ptr %s to i64
; CHECK-NEXT:  call void @ptrhook_on_select(i64 %[[S]], i64 %[[C]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  %e = extractvalue { ptr, i64 } %pair, 0
; CHECK-NEXT:  %[[E:[0-9]+]] = ptrtoint ptr %e to i64
; CHECK-NEXT:  call void @ptrhook_on_other(i64 %[[E]], ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  switch i32 %k, label %x [
; CHECK:       j:
; CHECK-NEXT:  %ptrhook.edge = phi i64 [ 0, %x ], [ 1, %y ], [ 2, %entry ], [ 2, %entry ]
; CHECK-NEXT:  %ph = phi ptr [ %a, %x ], [ %d, %y ], [ %g, %entry ], [ %g, %entry ]
; CHECK-NEXT:  %[[PH:[0-9]+]] = ptrtoint ptr %ph to i64
; CHECK-NEXT:  call void @ptrhook_on_phi(i64 %[[PH]], i64 %ptrhook.edge, ptr {{.*}}@__ptrhook_sites{{.*}})
; CHECK-NEXT:  ret ptr %ph
define ptr @kinds(ptr %p, i64 %i, i64 %n, i1 %c, ptr %fp, { ptr, i64 } %pair, i32 %k) {
entry:
  %a = alloca i32, i64 4
  %d = alloca i8, i64 %n
  %g = getelementptr inbounds i32, ptr %p, i64 %i
  %l = load ptr, ptr %g
  %r = call ptr %fp()
  %r2 = call ptr @get()
  %t = inttoptr i64 %i to ptr
  %s = select i1 %c, ptr %l, ptr %r
  %e = extractvalue { ptr, i64 } %pair, 0
  switch i32 %k, label %x [ i32 1, label %y
                            i32 2, label %j
                            i32 3, label %j ]
x:
  br label %j
y:
  br label %j
j:
  %ph = phi ptr [ %a, %x ], [ %d, %y ], [ %g, %entry ], [ %g, %entry ]
  ret ptr %ph
}

; The handlers' types: a size is an i64, an address or an index an intptr.
; CHECK-NOT:   @__injected_hook
; CHECK-DAG:   declare void @ptrhook_on_alloca(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_gep(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_load(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_call(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_cast(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_select(i64, i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_other(i64, ptr)
; CHECK-DAG:   declare void @ptrhook_on_phi(i64, i64, ptr)
