; Checks hook= with link-time instrumentation: the compile step records the
; hook file with the other options, and the link stage imports and inlines
; the hook from it.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-tls.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<link-time;hook=%t.hook.bc>,verify' -S %s -o %t.deferred.ll
; RUN: FileCheck %s --check-prefix=DEFER < %t.deferred.ll
; RUN: %opt -passes='ptrhook<link-stage>,verify' -S %t.deferred.ll | FileCheck %s --check-prefix=LINK

target triple = "x86_64-unknown-linux-gnu"

; DEFER-NOT: @count
; DEFER: define ptr @f(ptr %p) #[[ATTR:[0-9]+]]
; DEFER-NEXT: %q = getelementptr i8, ptr %p, i64 8
; DEFER-NEXT: ret ptr %q
; DEFER: attributes #[[ATTR]] = { "ptrhook-pending"="kinds=all;skip-noop;abi=addr;sites;hook={{.*}}.hook.bc" }

; LINK: @count.llvm.[[HASH:[0-9]+]] = external hidden thread_local global i64
; LINK: stage=link
; LINK-LABEL: define ptr @f(ptr %p)
; LINK-NEXT: %q = getelementptr i8, ptr %p, i64 8
; LINK-NEXT: %[[C:[^ ]+]] = load i64, ptr @count.llvm.[[HASH]], align 8
; LINK-NEXT: %[[C1:[^ ]+]] = add i64 %[[C]], 1
; LINK-NEXT: store i64 %[[C1]], ptr @count.llvm.[[HASH]], align 8
; LINK-NEXT: ret ptr %q
; LINK-NOT: __injected_hook
define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}
