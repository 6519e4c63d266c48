; Checks the provenance record: one NUL-terminated line per instrumented
; module in section ptrhook_provenance (kept by llvm.used) naming the plugin
; and LLVM versions, the stage, the source, the options, and what was found.
; A run that instruments nothing (the second one) writes no second record.
; RUN: %opt -passes='ptrhook<kinds=gep|load>,ptrhook,verify' -S %s | FileCheck %s

source_filename = "src/list.c"

; CHECK: @__ptrhook_provenance = private constant [{{[0-9]+}} x i8] c"ptrhook-provenance-1\09plugin={{[0-9.]+}}\09llvm={{[0-9.]+[a-z0-9]*}}\09stage=compile\09source=src/list.c\09options=kinds=gep|load;skip-noop;abi=addr;sites\09functions=3\09instrumented=2\09excluded=1\09sites=3\09alloca=0\09gep=2\09load=1\09call=0\09cast=0\09phi=0\09select=0\09other=0\09store=0\09alloc=0\09free=0\00", section "ptrhook_provenance", align 1
; CHECK-NOT: @__ptrhook_provenance.
; CHECK: @llvm.used = appending global [{{[0-9]+}} x ptr] [{{.*}}ptr @__ptrhook_provenance]

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  %l = load ptr, ptr %g
  ret ptr %l
}

define ptr @g(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

define ptr @opted_out(ptr %p) disable_sanitizer_instrumentation {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
