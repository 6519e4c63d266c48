; Checks that loading the plugin is enough for every default pipeline to
; instrument (OptimizerLast extension point, required pass), optnone
; functions included, and only once.
; RUN: %opt -passes='default<O0>' -S %s | FileCheck %s
; RUN: %opt -passes='default<O1>' -S %s | FileCheck %s
; RUN: %opt -passes='default<O2>' -S %s | FileCheck %s
; RUN: %opt -passes='default<O3>' -S %s | FileCheck %s
; RUN: %opt -passes='default<Os>' -S %s | FileCheck %s
; RUN: %opt -passes='default<Oz>' -S %s | FileCheck %s
; RUN: %opt -passes='default<O2>,ptrhook' -S %s | FileCheck %s
; RUN: %opt-noplugin -passes='default<O2>' -S %s | FileCheck %s --check-prefix=NOPLUGIN

; CHECK-LABEL: define {{.*}}ptr @keep(
; CHECK:      call void @__injected_hook
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
; CHECK-LABEL: define {{.*}}ptr @opaque(
; CHECK:      call void @__injected_hook
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
; NOPLUGIN-NOT: __injected_hook
define ptr @keep(ptr %p) noinline optnone {
  %g = getelementptr i8, ptr %p, i64 16
  ret ptr %g
}

define ptr @opaque(ptr %p) noinline {
  %g = getelementptr i8, ptr %p, i64 8
  ret ptr %g
}
