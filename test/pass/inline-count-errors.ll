; Checks the errors of inline=: an unknown mode, and the options it cannot
; be combined with (it calls no hook).
; RUN: not %opt -passes='ptrhook<inline=sites>' -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
; RUN: not %opt -passes='ptrhook<inline=count;abi=site>' -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SITE
; RUN: not %opt -load=%plugin -ptrhook-inline=count -passes='ptrhook<cc=preserve_most>' -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CC
; RUN: %opt -passes='ptrhook<inline=count;inline=off>' -S %s | FileCheck %s --check-prefix=OFF

; BAD: error: ptrhook: pass parameter 'inline=sites': unknown inline mode 'sites' (valid: off, count, runtime)
; SITE: error: ptrhook: inline=count counts events per kind without calling a hook: it cannot be combined with abi=site
; CC: error: ptrhook: inline=count counts events per kind without calling a hook: it cannot be combined with cc=preserve_most or cc=preserve_all
; OFF: call void @__injected_hook(

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
