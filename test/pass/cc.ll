; Checks the register-preserving hook calls (cc=preserve_most,
; cc=preserve_all, flag -ptrhook-cc=): the call and the declaration carry the
; convention and go to the hook's own name, for both hook ABIs; the options
; land in the provenance record.
; RUN: %opt -passes='ptrhook<cc=preserve_most>,verify' -S %s | FileCheck %s --check-prefix=MOST
; RUN: %opt -load=%plugin -ptrhook-cc=preserve_most -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=MOST
; RUN: %opt -passes='ptrhook<cc=preserve_all>,verify' -S %s | FileCheck %s --check-prefix=ALL
; RUN: %opt -passes='ptrhook<cc=preserve_most;abi=site>,verify' -S %s | FileCheck %s --check-prefix=SITE
; RUN: %opt -passes='ptrhook<cc=c>,verify' -S %s | FileCheck %s --check-prefix=PLAIN

target triple = "x86_64-unknown-linux-gnu"

; MOST: options=kinds=all;skip-noop;abi=addr;cc=preserve_most;sites
; MOST-LABEL: define ptr @f(
; MOST:      %g = getelementptr i8, ptr %p, i64 1
; MOST-NEXT: %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; MOST-NEXT: call preserve_mostcc void @__injected_hook_preserve_most(i64 %[[G]])
; MOST: declare preserve_mostcc void @__injected_hook_preserve_most(i64) #[[A:[0-9]+]]
; An executable's hook is called directly (no nonlazybind: see dso below).
; MOST: attributes #[[A]] = { nounwind }
; MOST-NOT: __injected_hook(

; ALL: call preserve_allcc void @__injected_hook_preserve_all(i64 %{{[0-9]+}})
; ALL: declare preserve_allcc void @__injected_hook_preserve_all(i64)

; SITE: options=kinds=all;skip-noop;abi=site;cc=preserve_most;sites
; SITE: call preserve_mostcc void @__injected_hook_site_preserve_most(i64 %{{[0-9]+}}, ptr
; SITE: declare preserve_mostcc void @__injected_hook_site_preserve_most(i64, ptr)

; PLAIN: options=kinds=all;skip-noop;abi=addr;sites
; PLAIN: call void @__injected_hook(i64
; PLAIN: declare void @__injected_hook(i64)

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

!llvm.module.flags = !{!0, !1}
!0 = !{i32 7, !"PIC Level", i32 2}
!1 = !{i32 7, !"PIE Level", i32 2}
