; Checks the errors of handlers=: an unknown kind, the options it cannot be
; combined with (inline=count calls nothing; elide-const-geps removes calls
; readers rebuild from the hook's events), and a module that declares a
; handler with another type; each names the problem.
; RUN: not %opt -passes='ptrhook<handlers=gep|heap>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=KIND
; RUN: not %opt -passes='ptrhook<handlers=gep;inline=count>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=COUNT
; RUN: not %opt -passes='ptrhook<handlers=load;abi=site;elide-const-geps>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=ELIDE
; RUN: not %opt -passes='ptrhook<handlers=gep>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=TYPE
; handlers=none is the default, and selects none.
; RUN: %opt -passes='ptrhook<handlers=none>,verify' -S %s | FileCheck %s --check-prefix=NONE

; KIND:  error: ptrhook: pass parameter 'handlers=gep|heap': unknown pointer kind 'heap'{{(; did you mean '[a-z]+'\?)?}} (valid kinds: alloca, gep, load, call, cast, phi, select, other, store, alloc, free, all)
; COUNT: error: ptrhook: inline=count counts events without calling anything: it cannot be combined with handlers=
; ELIDE: error: ptrhook: elide-const-geps drops the calls a reader can rebuild from the hook's events: it cannot be combined with handlers=
; TYPE:  error: ptrhook: 'ptrhook_on_gep' is declared as 'void (i64)' in this module, but the hook ABI is 'void (i64, i64, ptr)'
; NONE:  call void @__injected_hook(
; NONE-NOT: ptrhook_on_gep(

declare void @ptrhook_on_gep(i64)

define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}
