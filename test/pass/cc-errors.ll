; Checks the errors of cc=: an unknown convention, a target without the
; register-preserving conventions, and a module whose own definition of the
; hook has another convention (calling it would corrupt registers).
; RUN: not %opt -passes='ptrhook<cc=fast>' -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
; RUN: not %opt -load=%plugin -ptrhook-cc=regcall -passes=ptrhook -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLAG
; RUN: sed 's/^target triple.*/target triple = "riscv64-unknown-linux-gnu"/' %s > %t.rv.ll
; RUN: not %opt -passes='ptrhook<cc=preserve_most>' -S %t.rv.ll -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET
; RUN: sed 's/^;DEF //' %s > %t.user.ll
; RUN: not %opt -passes='ptrhook<cc=preserve_most>' -S %t.user.ll -o /dev/null 2>&1 | FileCheck %s --check-prefix=USER
; RUN: %opt -passes='ptrhook<cc=c>' -S %t.user.ll -o /dev/null

; BAD: error: ptrhook: pass parameter 'cc=fast': unknown calling convention 'fast' (valid: c, preserve_most, preserve_all)
; FLAG: error: ptrhook: -ptrhook-cc=regcall: unknown calling convention 'regcall' (valid: c, preserve_most, preserve_all)
; TARGET: error: ptrhook: cc=preserve_most is not supported for target 'riscv64-unknown-linux-gnu' (x86_64 and aarch64 only; use cc=c)
; USER: error: ptrhook: '__injected_hook_preserve_most' is declared with the C calling convention in this module, but the hook calls use preserve_most (declare it with PTRHOOK_PRESERVE_MOST or PTRHOOK_PRESERVE_ALL from ptrhook.h)

target triple = "x86_64-unknown-linux-gnu"

;DEF define void @__injected_hook_preserve_most(i64 %a) {
;DEF   ret void
;DEF }

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
