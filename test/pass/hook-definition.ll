; Checks hook-definition: a hook file is not instrumented; its internal
; functions and mutable variables become hidden globals with a name stable
; for the file (ThinLTO's "name.llvm.<hash>"), its constants stay private,
; and the module is marked as a hook definition.  A second run changes
; nothing, and the instrumenting pass leaves a hook definition alone.
; RUN: %opt -passes='ptrhook<hook-definition>,verify' -S %S/Inputs/hook-count.ll -o %t.ll
; RUN: FileCheck %s < %t.ll
; (Line 1 names the module's file.)
; RUN: tail -n +2 %t.ll > %t.body
; RUN: %opt -passes='ptrhook<hook-definition>' -S %t.ll | tail -n +2 | diff %t.body -
; RUN: %opt -passes='ptrhook' -S %t.ll | tail -n +2 | diff %t.body -
; RUN: not %opt -passes='ptrhook<hook-definition;hook=x.bc>' -disable-output %S/Inputs/hook-count.ll 2>&1 | FileCheck %s --check-prefix=BOTH
; BOTH: error: ptrhook: hook-definition compiles a hook file, which is never instrumented: it cannot be combined with hook= or link-time

; CHECK: @count.llvm.[[HASH:[0-9]+]] = hidden thread_local global i64 0, align 8
; CHECK: @odd.llvm.[[HASH]] = hidden global i64 0, align 8
; CHECK: @greeting = private unnamed_addr constant [6 x i8] c"hello\00"
; CHECK-NOT: ptrhook_sites
; CHECK-NOT: ptrhook_provenance
; CHECK-LABEL: define void @__injected_hook(i64 %a)
; CHECK-NOT: call void @__injected_hook
; CHECK: call void @note.llvm.[[HASH]](i64 %a)
; CHECK: define hidden void @note.llvm.[[HASH]](i64 %a)
; CHECK: !{i32 7, !"ptrhook.hook-module", i32 1}
