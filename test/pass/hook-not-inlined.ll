; Checks hook= with hooks that cannot be inlined: they stay calls (to the
; hook object's definition: no imported body is left), and a remark says
; which hook and why (-Rpass-missed=ptrhook with clang).
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-recursive.ll -o %t.rec.bc
; RUN: %opt -passes='ptrhook<hook=%t.rec.bc>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<hook=%t.rec.bc>' -pass-remarks-missed=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=REC
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-noinline.ll -o %t.noinline.bc
; RUN: %opt -passes='ptrhook<hook=%t.noinline.bc>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<hook=%t.noinline.bc>' -pass-remarks-missed=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=NOINLINE
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-big.ll -o %t.big.bc
; RUN: %opt -passes='ptrhook<hook=%t.big.bc>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<hook=%t.big.bc>' -pass-remarks-missed=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=BIG

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define ptr @f(ptr %p)
; CHECK:         %q = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:    %[[A:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT:    call void @__injected_hook(i64 %[[A]])
; CHECK:       declare void @__injected_hook(i64)
define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}

; REC: remark: <unknown>:0:0: hook '__injected_hook' from {{.*}}.rec.bc not inlined at 1 site in 'f': it calls itself
; NOINLINE: remark: <unknown>:0:0: hook '__injected_hook' from {{.*}}.noinline.bc not inlined at 1 site in 'f': it is marked noinline
; BIG: remark: <unknown>:0:0: hook '__injected_hook' from {{.*}}.big.bc not inlined at 1 site in 'f': it has 101 instructions, more than the 100 a hook may have to be inlined
