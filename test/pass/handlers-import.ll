; Checks hook= with a hook file that defines handlers and no hook: the pass
; instruments only the kinds it has handlers for (store, alloc, free here:
; no getelementptr or load is reported), imports the handlers and inlines
; them with their context (the allocation's size added to the file's
; counter), and an empty handler (free) leaves nothing behind, not even
; the address computation.  A remark per handler.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-handlers.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>' -pass-remarks=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

target triple = "x86_64-unknown-linux-gnu"

declare ptr @malloc(i64)
declare void @free(ptr)

; CHECK-LABEL: define void @f(ptr %p, i64 %n)
; CHECK-NEXT:    %q = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:    %v = load ptr, ptr %q, align 8
; CHECK-NEXT:    %m = call ptr @malloc(i64 %n)
; CHECK-NEXT:    %[[B:[^ ]+]] = load i64, ptr @bytes, align 8
; CHECK-NEXT:    %[[B1:[^ ]+]] = add i64 %[[B]], %n
; CHECK-NEXT:    store i64 %[[B1]], ptr @bytes, align 8
; CHECK-NEXT:    store ptr %m, ptr %v, align 8
; CHECK-NEXT:    %[[S:[^ ]+]] = load i64, ptr @stores, align 8
; CHECK-NEXT:    %[[S1:[^ ]+]] = add i64 %[[S]], 1
; CHECK-NEXT:    store i64 %[[S1]], ptr @stores, align 8
; CHECK-NEXT:    call void @free(ptr %m)
; CHECK-NEXT:    ret void
define void @f(ptr %p, i64 %n) {
  %q = getelementptr i8, ptr %p, i64 8
  %v = load ptr, ptr %q, align 8
  %m = call ptr @malloc(i64 %n)
  store ptr %m, ptr %v, align 8
  call void @free(ptr %m)
  ret void
}
; CHECK-NOT: call void @ptrhook_on_
; CHECK-NOT: @__injected_hook

; REMARK-DAG: remark: <unknown>:0:0: hook 'ptrhook_on_alloc' from {{.*}}.hook.bc inlined at 1 of 1 site in 'f'
; REMARK-DAG: remark: <unknown>:0:0: hook 'ptrhook_on_store' from {{.*}}.hook.bc inlined at 1 of 1 site in 'f'
; REMARK-DAG: remark: <unknown>:0:0: hook 'ptrhook_on_free' from {{.*}}.hook.bc inlined at 1 of 1 site in 'f'
