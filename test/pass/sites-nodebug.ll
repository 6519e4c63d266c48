; Checks site descriptors without debug info: what is known is the kind and
; the function; the file is the module's source file name, line and column are
; 0, no flag (-32768 = 0x8000: layout 3, flags 0, kind 0 alloca), the
; directory is "" (the record's pair points at the NUL after the file name).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

source_filename = "src/list.c"

; CHECK: @__ptrhook_sites = private constant {{.*}} { i16 -32768, i16 0, i32 0, i32 16, i16 0, i16 0 }], {{.*}} { i16 -32513, i16 1, i32 3, i32 24, i32 0, [0 x { i32, i32, i64 }] zeroinitializer, [1 x { i32, i32 }] [{ i32, i32 } { i32 29, i32 40 }], [24 x i8] c"walk\00src/list.c\00\00\00\00\00\00\00\00\00" } }, section "ptrhook_sites3"
define void @walk() {
  %a = alloca i32
  store i32 0, ptr %a
  ret void
}
