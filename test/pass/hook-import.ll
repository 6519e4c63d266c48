; Checks hook=: the hook of a hook definition is imported and inlined at
; every site.  No hook call is left and no copy of the hook's body: its
; state stays a declaration (the hook object defines it once), and the
; counter is loaded once per block (a store may still be needed between two
; sites when the program's own accesses in between may alias it).
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-tls.ll -o %t.hook.bc
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-hook=%t.hook.bc -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<hook=%t.hook.bc>' -pass-remarks=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @count.llvm.[[HASH:[0-9]+]] = external hidden thread_local global i64
; CHECK: options=kinds=all;skip-noop;abi=addr;sites;hook={{.*}}.hook.bc
; CHECK-NOT: @__injected_hook

; CHECK-LABEL: define ptr @two(ptr %p)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %q = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:    %[[C:[^ ]+]] = load i64, ptr @count.llvm.[[HASH]], align 8
; CHECK-NEXT:    %[[C1:[^ ]+]] = add i64 %[[C]], 1
; CHECK-NEXT:    store i64 %[[C1]], ptr @count.llvm.[[HASH]], align 8
; CHECK-NEXT:    %r = load ptr, ptr %q, align 8
; CHECK-NEXT:    %[[C2:[^ ]+]] = add i64 %[[C1]], 1
; CHECK-NEXT:    store i64 %[[C2]], ptr @count.llvm.[[HASH]], align 8
; CHECK-NEXT:    ret ptr %r
define ptr @two(ptr %p) {
entry:
  %q = getelementptr i8, ptr %p, i64 8
  %r = load ptr, ptr %q, align 8
  ret ptr %r
}

; CHECK-NOT: __injected_hook

; REMARK: remark: <unknown>:0:0: hook '__injected_hook' from {{.*}}.hook.bc inlined at 2 of 2 sites in 'two'
