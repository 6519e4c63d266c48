; Checks that elide-const-geps needs abi=site: an elided event is put back
; from the site descriptors, which only the site hook's events carry.  The
; pass parameter and the command-line flag say so the same way.
; RUN: not %opt -passes='ptrhook<elide-const-geps>' -S %s -o /dev/null 2>&1 | FileCheck %s
; RUN: not %opt -load=%plugin -ptrhook-elide-const-geps -passes='ptrhook' -S %s -o /dev/null 2>&1 | FileCheck %s
; RUN: %opt -passes='ptrhook<elide-const-geps;no-elide-const-geps>' -S %s | FileCheck %s --check-prefix=OFF

; CHECK: error: ptrhook: elide-const-geps needs abi=site: an elided event is reconstructed from the site of the event before it
; OFF: call void @__injected_hook(

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
