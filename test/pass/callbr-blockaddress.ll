; Checks callbr results: reported at the top of the default destination when
; the callbr is its only predecessor; skipped (callbr edges cannot be split)
; when the default destination has several predecessors.
; (LLVM 14 spells indirect destinations as blockaddress arguments.)
; REQUIRES: callbr-blockaddress
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @single(
; CHECK:      %p = callbr ptr asm "", "=r,r,X"(ptr %x,
; CHECK:      fallthrough:
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: ret ptr %p
define ptr @single(ptr %x) {
entry:
  %p = callbr ptr asm "", "=r,r,X"(ptr %x, ptr blockaddress(@single, %indirect)) to label %fallthrough [label %indirect]
fallthrough:
  ret ptr %p
indirect:
  ret ptr null
}

; CHECK-LABEL: define ptr @shared(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @shared(ptr %x, i1 %c) {
entry:
  br i1 %c, label %asm, label %fallthrough
asm:
  %p = callbr ptr asm "", "=r,r,X"(ptr %x, ptr blockaddress(@shared, %indirect)) to label %fallthrough [label %indirect]
fallthrough:
  ret ptr null
indirect:
  ret ptr null
}
