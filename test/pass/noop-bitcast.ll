; Checks that a pointer-to-pointer bitcast (typed pointers only) is skipped by
; default, so C code reports the same events as with opaque pointers, and is
; reported with no-skip-noop.
; REQUIRES: typed-pointers
; RUN: %opt-typed -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=SKIP
; RUN: %opt-typed -passes='ptrhook<no-skip-noop>,verify' -S %s | FileCheck %s --check-prefix=KEEP

; SKIP-LABEL: define i32* @f(
; SKIP:       %c = bitcast i8* %p to i32*
; SKIP-NEXT:  ret i32* %c

; KEEP-LABEL: define i32* @f(
; KEEP:       %c = bitcast i8* %p to i32*
; KEEP-NEXT:  %[[C:[0-9]+]] = ptrtoint i32* %c to i64
; KEEP-NEXT:  call void @__injected_hook(i64 %[[C]])
; KEEP-NEXT:  ret i32* %c
define i32* @f(i8* %p) {
  %c = bitcast i8* %p to i32*
  ret i32* %c
}
