; Checks the re-entry guard of a hook file (hook-definition, hook=FILE): a
; hook that calls nothing that may be instrumented (intrinsics, library
; functions, the hook file's own functions, transitively) gets none, so
; that the hook inlined at every site costs nothing more; a hook that
; reaches an unknown function, here through a function of the hook file,
; gets the guard, and the sites it is inlined at carry it.  Remarks say
; which and why.  The hook file itself stays uninstrumented.
; RUN: %opt -passes='ptrhook<hook-definition>,verify' -pass-remarks=ptrhook -pass-remarks-missed=ptrhook %S/Inputs/hook-count.ll -o %t.count.bc 2>&1 | FileCheck %s --check-prefix=COUNT-REMARK
; RUN: %opt-noplugin -S %t.count.bc | FileCheck %s --check-prefix=COUNT
; RUN: %opt -passes='ptrhook<hook-definition>,verify' -pass-remarks=ptrhook -pass-remarks-missed=ptrhook %S/Inputs/hook-empty.ll -o %t.empty.bc 2>&1 | FileCheck %s --check-prefix=EMPTY-REMARK
; RUN: %opt-noplugin -S %t.empty.bc | FileCheck %s --check-prefix=COUNT
; RUN: %opt -passes='ptrhook<hook-definition>,verify' -pass-remarks=ptrhook %S/Inputs/hook-calls-out.ll -o %t.out.bc 2>&1 | FileCheck %s --check-prefix=OUT-REMARK
; RUN: %opt-noplugin -S %t.out.bc | FileCheck %s --check-prefix=OUT
; RUN: %opt -passes='ptrhook<hook=%t.count.bc>,verify' -S %s | FileCheck %s --check-prefix=SITE-COUNT
; RUN: %opt -passes='ptrhook<hook=%t.out.bc>,verify' -S %s | FileCheck %s --check-prefix=SITE-OUT

; COUNT-REMARK: remark: {{.*}}hook '__injected_hook' needs no re-entry guard: it calls nothing that may be instrumented
; EMPTY-REMARK: remark: {{.*}}hook '__injected_hook' needs no re-entry guard
; COUNT-NOT: __ptrhook_hook_depth
; COUNT-NOT: __ptrhook_reentry
; COUNT-NOT: call void @__injected_hook
; COUNT-NOT: ptrhook_sites

; OUT-REMARK: remark: {{.*}}hook '__injected_hook' gets a re-entry guard: it calls 'record', which may be instrumented
; OUT: @__ptrhook_hook_depth = external thread_local(initialexec) global i32
; OUT-NOT: ptrhook_sites
; OUT-LABEL: define void @__injected_hook(i64 %a)
; OUT-NEXT:  entry:
; OUT-NEXT:    %b = alloca [8 x i8]
; OUT-NEXT:    %ptrhook.depth = load i32, ptr @__ptrhook_hook_depth
; OUT-NOT:   call void @__injected_hook
; OUT:         call void @__ptrhook_reentry_drop(i32 0)
; OUT:         store i32 1, ptr @__ptrhook_hook_depth
; OUT:         call void @note.llvm.{{[0-9]+}}(i64 %a)
; OUT-NEXT:    store i32 0, ptr @__ptrhook_hook_depth
; OUT-LABEL: define hidden void @note.llvm.{{[0-9]+}}(i64 %a)
; OUT-NOT:   __ptrhook_hook_depth
; OUT:         call void @record(i64 %a)
; OUT-NEXT:    ret void

target triple = "x86_64-unknown-linux-gnu"

; SITE-COUNT-LABEL: define ptr @one(ptr %p)
; SITE-COUNT-NOT: __ptrhook_hook_depth
; SITE-COUNT-NOT: __ptrhook_reentry_drop
; SITE-COUNT: ret ptr %q
; SITE-OUT-LABEL: define ptr @one(ptr %p)
; SITE-OUT:       %q = getelementptr i8, ptr %p, i64 8
; SITE-OUT:       load i32, ptr @__ptrhook_hook_depth
; SITE-OUT:       call void @__ptrhook_reentry_drop(i32 0)
; SITE-OUT:       store i32 1, ptr @__ptrhook_hook_depth
; SITE-OUT:       call void @note.llvm.{{[0-9]+}}(i64
; SITE-OUT:       store i32 0, ptr @__ptrhook_hook_depth
; SITE-OUT-NOT:   call void @__injected_hook
; SITE-OUT:       ret ptr %q
define ptr @one(ptr %p) {
entry:
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}
