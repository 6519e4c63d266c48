; Checks that a getelementptr whose indices are all zero (it cannot change
; the address) is skipped by default and reported with no-skip-noop.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=SKIP
; RUN: %opt -passes='ptrhook<no-skip-noop>,verify' -S %s | FileCheck %s --check-prefix=KEEP
; RUN: %opt -load=%plugin -ptrhook-skip-noop=false -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=KEEP

; SKIP-LABEL: define ptr @f(
; SKIP:       %z = getelementptr [4 x i32], ptr %p, i64 0, i64 0
; SKIP-NEXT:  ret ptr %z
; SKIP-NOT:   call void @__injected_hook

; KEEP-LABEL: define ptr @f(
; KEEP:       %z = getelementptr [4 x i32], ptr %p, i64 0, i64 0
; KEEP-NEXT:  %[[Z:[0-9]+]] = ptrtoint ptr %z to i64
; KEEP-NEXT:  call void @__injected_hook(i64 %[[Z]])
; KEEP-NEXT:  ret ptr %z
define ptr @f(ptr %p) {
  %z = getelementptr [4 x i32], ptr %p, i64 0, i64 0
  ret ptr %z
}
