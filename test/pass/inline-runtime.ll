; Checks inline=runtime: the runtime's hooks, imported from the hook
; definition next to the plugin, are inlined at every site: the thread's
; mode byte read from the active runtime's exported record (@__ptrhook_tls),
; the count mode's increment in place, and one preserve_most call, taken in
; every other mode, to the rest of the hook.  The module takes the hook
; definition's data layout (clang's).
; RUN: llvm-dis %rt_hook_bc -o - | grep '^target datalayout' > %t.ll
; RUN: cat %s >> %t.ll
; RUN: %opt -passes='ptrhook<inline=runtime>,verify' -S %t.ll | FileCheck %s
; RUN: %opt -passes='ptrhook<inline=runtime;abi=site>,verify' -S %t.ll | FileCheck %s --check-prefix=SITE
; RUN: not %opt -passes='ptrhook<inline=runtime;hook=x.bc>' -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=BOTH
; BOTH: error: ptrhook: hook= inlines a hook file and inline=runtime the runtime's hook: choose one

target triple = "x86_64-unknown-linux-gnu"

; CHECK: @__ptrhook_tls = external thread_local(initialexec) {{(local_unnamed_addr )?}}global
; CHECK: options=kinds=all;skip-noop;abi=addr;inline=runtime;sites
; CHECK-LABEL: define ptr @f(ptr %p)
; CHECK:         %q = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:    %[[A:[0-9]+]] = ptrtoint ptr %q to i64
; LLVM 16 and later reach a thread-local through llvm.threadlocal.address and
; an i8 GEP; LLVM 14 and 15 name it in constant expressions.
; CHECK-NOT:     call {{.*}}@__ptrhook_rest
; CHECK:         %[[M:[^ ]+]] = load atomic i8, ptr {{.*}} monotonic
; CHECK-NEXT:    %[[E:[^ ]+]] = load i64, ptr [[SLOT:.*]], align 8
; CHECK-NEXT:    %[[E1:[^ ]+]] = add i64 %[[E]], 1
; CHECK-NEXT:    store i64 %[[E1]], ptr [[SLOT]], align 8
; CHECK-NEXT:    %[[C:[^ ]+]] = icmp eq i8 %[[M]], 1
; CHECK-NEXT:    br i1 %[[C]]
; CHECK:         call preserve_mostcc void @__ptrhook_rest_inlined(i64 {{.*}}%[[A]])
; CHECK-NOT:   call {{.*}}@__injected_hook
; CHECK:       declare preserve_mostcc void @__ptrhook_rest_inlined(i64{{.*}})
; CHECK-NOT:   @__injected_hook

; SITE: options=kinds=all;skip-noop;abi=site;inline=runtime;sites
; SITE-LABEL: define ptr @f(ptr %p)
; SITE:         call preserve_mostcc void @__ptrhook_rest_site_inlined(i64
; SITE-NOT:   call {{.*}}@__injected_hook_site
define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}
