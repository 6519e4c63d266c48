; Checks the guard of a hook marked PTRHOOK_REENTRANT (the annotation
; "ptrhook_reentrant"): a depth counter instead of a flag.  At depth 64 the
; hook calls the runtime's limit function, which does not return; else the
; depth goes up by one for the body and back to what it was on every way
; out.  The limit function names the hook by its index (1: the site hook).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s
target triple = "x86_64-unknown-linux-gnu"

@.str = private unnamed_addr constant [18 x i8] c"ptrhook_reentrant\00", section "llvm.metadata"
@.file = private unnamed_addr constant [7 x i8] c"hook.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @__injected_hook_site, ptr @.str, ptr @.file, i32 3, ptr null }], section "llvm.metadata"

declare void @helper(i64)

; CHECK-LABEL: define void @__injected_hook_site(i64 %a, ptr %site)
; CHECK-SAME:  #[[ATTRS:[0-9]+]]
; CHECK-NEXT: entry:
; CHECK-NEXT:   %ptrhook.depth = load i32, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   [[FULL:%.*]] = icmp uge i32 %ptrhook.depth, 64
; CHECK-NEXT:   br i1 [[FULL]], label %ptrhook.limit, label %ptrhook.guarded
; CHECK:      ptrhook.limit:
; CHECK-NEXT:   call void @__ptrhook_reentry_limit(i32 1, i32 %ptrhook.depth) #[[NORETURN:[0-9]+]]
; CHECK-NEXT:   unreachable
; CHECK:      ptrhook.guarded:
; CHECK-NEXT:   [[UP:%.*]] = add i32 %ptrhook.depth, 1
; CHECK-NEXT:   store i32 [[UP]], ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   call void @helper(i64 %a)
; CHECK-NEXT:   store i32 %ptrhook.depth, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   ret void
define void @__injected_hook_site(i64 %a, ptr %site) nounwind willreturn {
entry:
  call void @helper(i64 %a)
  ret void
}

; CHECK-NOT: willreturn
; CHECK: attributes #[[ATTRS]] = { nounwind "ptrhook-guarded"="reentrant" }
; CHECK: attributes #[[NORETURN]] = { noreturn nounwind }
