; Checks no-sites (-ptrhook-sites=false): no descriptor table, hook calls
; unchanged; the constructor registers only the entry points the module
; calls, for the runtime's ABI check (PTRHOOK_CALLS_*: 1, the plain hook).
; RUN: %opt -passes='ptrhook<no-sites>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-sites=false -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-NOT: ptrhook_sites
; CHECK-LABEL: define ptr @f(
; CHECK:      call void @__injected_hook(i64
; CHECK-LABEL: define internal void @__ptrhook_module_ctor()
; CHECK-NOT:  __ptrhook_sites_init
; CHECK:      call void @__ptrhook_abi_register(i32 1)
; CHECK-NOT:  ptrhook_sites
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
