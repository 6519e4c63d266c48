; Checks that the site block of a function in a comdat (an inline function
; emitted in several objects) shares the function's comdat, so the linker
; keeps the sites of the one copy it keeps; other blocks have no comdat.
; Both are tied to their function with !associated.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

$inl = comdat any

; CHECK-DAG: @{{__ptrhook_sites[.0-9]*}} = private constant {{.*}} c"inl\00{{.*}}, section "ptrhook_sites3", comdat($inl), align 16, !associated ![[INL:[0-9]+]]
; CHECK-DAG: @{{__ptrhook_sites[.0-9]*}} = private constant {{.*}} c"plain\00{{.*}}, section "ptrhook_sites3", align 16, !associated ![[PLAIN:[0-9]+]]
; CHECK-DAG: ![[INL]] = !{ptr @inl}
; CHECK-DAG: ![[PLAIN]] = !{ptr @plain}
define linkonce_odr ptr @inl(ptr %p) comdat {
  %g = getelementptr i8, ptr %p, i64 2
  ret ptr %g
}

define ptr @plain(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 2
  ret ptr %g
}
