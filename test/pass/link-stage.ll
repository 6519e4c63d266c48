; Checks the link step of link-time instrumentation (what runs inside lld,
; parameter `link-stage`): only functions marked ptrhook-pending are
; instrumented, each with the options it recorded (here: loads only), the
; mark becomes ptrhook-instrumented; unmarked functions (from objects built
; without ptrhook, or already instrumented) are left alone.
; RUN: %opt -passes='ptrhook<link-stage>,verify' -S %s | FileCheck %s
; A second link-stage run changes nothing more.
; RUN: %opt -passes='ptrhook<link-stage>,ptrhook<link-stage>,verify' -S %s | FileCheck %s
; Without link-stage, the recorded options still win for pending functions.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s --check-prefix=NOW

; CHECK-LABEL: define ptr @pending(
; CHECK-SAME: #[[DONE:[0-9]+]]
; CHECK:      %g = getelementptr i8, ptr %p, i64 4
; CHECK-NEXT: %l = load ptr, ptr %g
; CHECK-NEXT: %[[L:[0-9]+]] = ptrtoint ptr %l to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[L]])
; CHECK-NEXT: ret ptr %l
define ptr @pending(ptr %p) "ptrhook-pending"="kinds=load;skip-noop" {
  %g = getelementptr i8, ptr %p, i64 4
  %l = load ptr, ptr %g
  ret ptr %l
}

; CHECK-LABEL: define ptr @unmarked(
; CHECK-NOT:  call void @__injected_hook
; CHECK:      ret ptr
define ptr @unmarked(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 4
  ret ptr %g
}

; CHECK: attributes #[[DONE]] = { "ptrhook-instrumented" }
; CHECK-NOT: ptrhook-pending

; NOW-LABEL: define ptr @pending(
; NOW:       %l = load ptr, ptr %g
; NOW-NEXT:  ptrtoint ptr %l to i64
; NOW-NEXT:  call void @__injected_hook
; NOW-NEXT:  ret ptr %l
; NOW-LABEL: define ptr @unmarked(
; NOW:       %g = getelementptr i8, ptr %p, i64 4
; NOW-NEXT:  ptrtoint ptr %g to i64
; NOW-NEXT:  call void @__injected_hook
