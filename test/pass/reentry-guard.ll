; Checks the re-entry guard around a hook the module defines: the depth is
; read after the static allocas; a nested event goes to the runtime's drop
; counter and returns; otherwise the depth is set, and cleared before every
; return.  The hook keeps its name, calling convention and attributes, less
; those the guard makes false; other functions get no guard; a second run
; adds nothing.
; RUN: %opt -passes='ptrhook,verify' -S %s -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: %opt -passes='ptrhook,verify' -S %t.ll | FileCheck %s --check-prefix=TWICE
; The guard is put in in a position-independent module too, with the
; initial-exec TLS model (the module may end up in a DSO).
; RUN: sed 's/^;PIC //' %s | %opt -passes='ptrhook,verify' -S | FileCheck %s --check-prefix=PIC
target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__ptrhook_hook_depth = external thread_local(localexec) global i32, align 4
; PIC: @__ptrhook_hook_depth = external thread_local(initialexec) global i32, align 4

declare void @helper(i64)

; CHECK-LABEL: define preserve_mostcc void @__injected_hook_preserve_most(i64 %a)
; CHECK-SAME:  #[[GUARDED:[0-9]+]]
; CHECK-NEXT: entry:
; CHECK-NEXT:   %slot = alloca i64
; CHECK-NEXT:   %ptrhook.depth = load i32, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   [[BUSY:%.*]] = icmp ne i32 %ptrhook.depth, 0
; CHECK-NEXT:   br i1 [[BUSY]], label %ptrhook.drop, label %ptrhook.guarded
; CHECK:      ptrhook.drop:
; CHECK-NEXT:   call void @__ptrhook_reentry_drop(i32 2) #[[NOUNWIND:[0-9]+]]
; CHECK-NEXT:   ret void
; CHECK:      ptrhook.guarded:
; CHECK-NEXT:   store i32 1, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   store i64 %a, ptr %slot
; CHECK-NEXT:   %odd = and i64 %a, 1
; CHECK:        call void @helper(i64 %a)
; CHECK-NEXT:   store i32 0, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   ret void
; CHECK:        store i32 0, ptr @__ptrhook_hook_depth, align 4
; CHECK-NEXT:   ret void
; CHECK-NEXT: }
define preserve_mostcc void @__injected_hook_preserve_most(i64 %a) nounwind readnone {
entry:
  %slot = alloca i64
  store i64 %a, ptr %slot
  %odd = and i64 %a, 1
  %c = icmp ne i64 %odd, 0
  br i1 %c, label %call, label %done
call:
  call void @helper(i64 %a)
  ret void
done:
  ret void
}

; CHECK-LABEL: define void @user()
; CHECK-NOT: __ptrhook_hook_depth
; CHECK: ret void
define void @user() {
  %p = alloca i32
  call void @__injected_hook_preserve_most(i64 0) readnone
  ret void
}

; CHECK: declare void @__ptrhook_reentry_drop(i32) #[[COLD:[0-9]+]]
; CHECK: attributes #[[GUARDED]] = { nounwind "ptrhook-guarded"="guard" }
; CHECK: attributes #[[COLD]] = { cold nounwind }

; TWICE-COUNT-1: load i32, ptr @__ptrhook_hook_depth
; TWICE-NOT: load i32, ptr @__ptrhook_hook_depth
;PIC !llvm.module.flags = !{!0}
;PIC !0 = !{i32 7, !"PIC Level", i32 2}
