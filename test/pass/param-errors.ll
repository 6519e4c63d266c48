; Checks that a bad pass parameter or flag value is a clear error naming it
; (exit status 1, no crash, no output module).
; RUN: not %opt -passes='ptrhook<bogus>' -S %s 2>&1 | FileCheck %s --check-prefix=PARAM
; RUN: not %opt -passes='ptrhook<kinds=alloca|pointy>' -S %s 2>&1 | FileCheck %s --check-prefix=KIND
; RUN: not %opt -passes='ptrhook<kinds=>' -S %s 2>&1 | FileCheck %s --check-prefix=EMPTY
; RUN: not %opt -passes='ptrhook<;>' -S %s 2>&1 | FileCheck %s --check-prefix=EMPTYPARAM
; RUN: not %opt -load=%plugin -ptrhook-kinds=heap -passes=ptrhook -S %s 2>&1 | FileCheck %s --check-prefix=FLAG
; RUN: not %opt -load=%plugin -ptrhook-kinds=heap -passes='default<O2>' -S %s 2>&1 | FileCheck %s --check-prefix=FLAG

; PARAM: error: ptrhook: invalid pass parameter 'bogus' (valid: kinds=<kind>|<kind>..., handlers=<kind>|<kind>..., skip-noop, no-skip-noop, skip-access-geps, no-skip-access-geps, elide-const-geps, no-elide-const-geps, elide-check, no-elide-check, abi=addr|site, cc=c|preserve_most|preserve_all, inline=off|count|runtime, sites, no-sites, allowlist=<file>, ignorelist=<file>, hook=<file>, hook-definition, no-hook-definition, reentry-guard, no-reentry-guard, link-time, no-link-time, link-stage)
; KIND: error: ptrhook: pass parameter 'kinds=alloca|pointy': unknown pointer kind 'pointy' (valid kinds: alloca, gep, load, call, cast, phi, select, other, store, alloc, free, all)
; EMPTY: error: ptrhook: pass parameter 'kinds=': empty pointer kind list
; EMPTYPARAM: error: ptrhook: empty pass parameter
; FLAG: error: ptrhook: -ptrhook-kinds=heap: unknown pointer kind 'heap'
; CHECK-NOT: Stack dump

define void @f() {
  ret void
}
