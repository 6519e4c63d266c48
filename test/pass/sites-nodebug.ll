; Checks site descriptors without debug info: what is known is the kind and
; the function; the file is the module's source file name, line and column are
; 0, flags has no PTRHOOK_SITE_HAS_LOCATION, the directory is "".
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

source_filename = "src/list.c"

; CHECK-DAG: @[[F:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"walk\00"
; CHECK-DAG: @[[FILE:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [11 x i8] c"src/list.c\00"
; CHECK-DAG: @[[DIR:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [1 x i8] zeroinitializer
; CHECK-DAG: @__ptrhook_sites = private constant [1 x {{.*}}] [{{.*}} { i16 2, i16 0, i32 0, i32 0, i32 0, ptr @[[F]], ptr @[[FILE]], ptr @[[DIR]], i32 0, i32 0, i64 0 }], section "ptrhook_sites"
define void @walk() {
  %a = alloca i32
  store i32 0, ptr %a
  ret void
}
