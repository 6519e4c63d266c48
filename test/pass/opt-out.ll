; Checks the two opt-outs: the disable_sanitizer_instrumentation attribute,
; and PTRHOOK_NO_INSTRUMENT from ptrhook.h (an annotate("ptrhook_no_instrument")
; entry in llvm.global.annotations).  Other annotations do not opt out.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

@.str.skip = private unnamed_addr constant [22 x i8] c"ptrhook_no_instrument\00", section "llvm.metadata"
@.str.other = private unnamed_addr constant [6 x i8] c"other\00", section "llvm.metadata"
@.str.file = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @annotated, ptr @.str.skip, ptr @.str.file, i32 1, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @other_annotation, ptr @.str.other, ptr @.str.file, i32 2, ptr null }
], section "llvm.metadata"

; CHECK-LABEL: define ptr @disabled(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @disabled(ptr %p) disable_sanitizer_instrumentation {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK-LABEL: define ptr @annotated(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @annotated(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK-LABEL: define ptr @other_annotation(
; CHECK:      call void @__injected_hook
define ptr @other_annotation(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
