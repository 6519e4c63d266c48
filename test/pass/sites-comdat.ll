; Checks that the site table of a function in a comdat (an inline function
; emitted in several objects) shares the function's comdat, so the linker
; keeps the sites of the one copy it keeps; other tables have no comdat.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

$inl = comdat any

; CHECK-DAG: @{{__ptrhook_sites[.0-9]*}} = private constant [1 x {{.*}} i32 0, i32 0, i32 0, ptr @{{__ptrhook_str[.0-9]*}}, {{.*}}, section "ptrhook_sites", comdat($inl), align 8
; CHECK-DAG: @{{__ptrhook_sites[.0-9]*}} = private constant [1 x {{.*}}, section "ptrhook_sites", align 8
define linkonce_odr ptr @inl(ptr %p) comdat {
  %g = getelementptr i8, ptr %p, i64 2
  ret ptr %g
}

define ptr @plain(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 2
  ret ptr %g
}
