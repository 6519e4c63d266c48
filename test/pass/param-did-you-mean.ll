; Checks that a misspelt pass parameter, choice value or kind gets "did you
; mean" from LLVM's edit distance (at most 2 edits), the candidates coming
; from Options.def's table; a value given with a misspelt name is kept in
; the suggestion, and a word far from every spelling gets none.
; RUN: not %opt -passes='ptrhook<kind=gep>' -S %s 2>&1 | FileCheck %s --check-prefix=NAME
; RUN: not %opt -passes='ptrhook<no-site>' -S %s 2>&1 | FileCheck %s --check-prefix=FLAG
; RUN: not %opt -passes='ptrhook<abi=sites>' -S %s 2>&1 | FileCheck %s --check-prefix=CHOICE
; RUN: not %opt -passes='ptrhook<cc=preserve_mots>' -S %s 2>&1 | FileCheck %s --check-prefix=CC
; RUN: not %opt -passes='ptrhook<kinds=gep|lod>' -S %s 2>&1 | FileCheck %s --check-prefix=KIND
; RUN: not %opt -load=%plugin -ptrhook-inline=cont -passes=ptrhook -S %s 2>&1 | FileCheck %s --check-prefix=FLAGVALUE
; RUN: not %opt -passes='ptrhook<abi=fast>' -S %s 2>&1 | FileCheck %s --check-prefix=FAR

; NAME: error: ptrhook: invalid pass parameter 'kind=gep'; did you mean 'kinds=gep'? (valid: kinds=
; FLAG: error: ptrhook: invalid pass parameter 'no-site'; did you mean 'no-sites'? (valid:
; CHOICE: error: ptrhook: pass parameter 'abi=sites': unknown hook ABI 'sites'; did you mean 'site'? (valid: addr, site)
; CC: error: ptrhook: pass parameter 'cc=preserve_mots': unknown calling convention 'preserve_mots'; did you mean 'preserve_most'? (valid: c, preserve_most, preserve_all)
; KIND: error: ptrhook: pass parameter 'kinds=gep|lod': unknown pointer kind 'lod'; did you mean 'load'? (valid kinds:
; FLAGVALUE: error: ptrhook: -ptrhook-inline=cont: unknown inline mode 'cont'; did you mean 'count'? (valid: off, count, runtime)
; FAR: error: ptrhook: pass parameter 'abi=fast': unknown hook ABI 'fast' (valid: addr, site)
; CHECK-NOT: Stack dump

define void @f() {
  ret void
}
