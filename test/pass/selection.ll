; Checks allowlist / ignorelist selection (LLVM SpecialCaseList files, same
; semantics as clang's -fsanitize-coverage-allowlist/-ignorelist): with an
; allowlist a function needs a matching src: and fun:; an ignorelist entry of
; either kind excludes; several files may be given.
; RUN: %opt -passes='ptrhook<allowlist=%S/Inputs/allow-hot.txt>,verify' -S %s | FileCheck %s --check-prefix=ALLOW
; RUN: %opt -load=%plugin -ptrhook-allowlist=%S/Inputs/allow-hot.txt -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=ALLOW
; RUN: %opt -passes='ptrhook<ignorelist=%S/Inputs/ignore-cold.txt>,verify' -S %s | FileCheck %s --check-prefix=IGNORE
; RUN: %opt -passes='ptrhook<allowlist=%S/Inputs/allow-hot.txt;ignorelist=%S/Inputs/ignore-cold.txt>,verify' -S %s | FileCheck %s --check-prefix=ALLOW
; RUN: %opt -passes='ptrhook<ignorelist=%S/Inputs/ignore-src.txt>,verify' -S %s | FileCheck %s --check-prefix=NONE

source_filename = "src/list.c"

; ALLOW-LABEL: define ptr @hot_path(
; ALLOW:       call void @__injected_hook
; ALLOW-LABEL: define ptr @cold(
; ALLOW-NOT:   call void @__injected_hook
; ALLOW-LABEL: define ptr @other(
; ALLOW-NOT:   call void @__injected_hook
; ALLOW:       ret ptr

; IGNORE-LABEL: define ptr @hot_path(
; IGNORE:       call void @__injected_hook
; IGNORE-LABEL: define ptr @cold(
; IGNORE-NOT:   call void @__injected_hook
; IGNORE-LABEL: define ptr @other(
; IGNORE:       call void @__injected_hook

; NONE-NOT: call void @__injected_hook

define ptr @hot_path(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

define ptr @cold(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}

define ptr @other(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
