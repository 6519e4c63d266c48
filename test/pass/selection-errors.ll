; Checks that a missing or malformed allowlist/ignorelist is an error naming
; the file (and the line), and that nothing is instrumented.
; RUN: not %opt -passes='ptrhook<allowlist=%S/Inputs/no-such-list.txt>' -S %s 2>&1 | FileCheck %s --check-prefix=MISSING
; RUN: not %opt -passes='ptrhook<ignorelist=%S/Inputs/malformed.txt>' -S %s 2>&1 | FileCheck %s --check-prefix=MALFORMED
; RUN: not %opt -passes='ptrhook<allowlist=>' -S %s 2>&1 | FileCheck %s --check-prefix=EMPTY
; MISSING: error: ptrhook: bad allowlist: {{.*}}no-such-list.txt{{.*}}
; MALFORMED: error: ptrhook: bad ignorelist: {{.*}}malformed.txt{{.*}}line 2
; EMPTY: error: ptrhook: pass parameter 'allowlist=' needs a file name

define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  ret ptr %g
}
