; Checks that a call returning a pointer is reported after the call, that
; calls returning anything else are not, and that intrinsics creating
; addresses (stacksave) are reported.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

declare ptr @make()
declare i64 @count()
declare ptr @llvm.stacksave()
declare void @llvm.stackrestore(ptr)

; CHECK-LABEL: define ptr @f(
; CHECK:      %p = call ptr @make()
; CHECK-NEXT: %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT: %n = call i64 @count()
; CHECK-NEXT: %s = call ptr @llvm.stacksave{{(\.p0)?}}()
; CHECK-NEXT: %[[S:[0-9]+]] = ptrtoint ptr %s to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[S]])
; CHECK-NEXT: call void @llvm.stackrestore{{(\.p0)?}}(ptr %s)
; CHECK-NEXT: %i = call ptr %fp()
; CHECK-NEXT: %[[I:[0-9]+]] = ptrtoint ptr %i to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[I]])
; CHECK-NEXT: ret ptr %p
define ptr @f(ptr %fp) {
  %p = call ptr @make()
  %n = call i64 @count()
  %s = call ptr @llvm.stacksave()
  call void @llvm.stackrestore(ptr %s)
  %i = call ptr %fp()
  ret ptr %p
}
