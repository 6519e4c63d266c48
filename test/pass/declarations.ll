; Checks that declarations and available_externally bodies (not the code that
; runs) are not instrumented or marked, while a normal definition is.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK: declare ptr @decl(ptr){{$}}
declare ptr @decl(ptr)

; CHECK-LABEL: define available_externally ptr @ae(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define available_externally ptr @ae(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK-LABEL: define ptr @def(
; CHECK:      call void @__injected_hook
define ptr @def(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

; CHECK-NOT: define available_externally ptr @ae({{.*}}) #
