; Checks which getelementptrs elide-const-geps (-ptrhook-elide-const-geps,
; wrapper -fptrhook-elide-const-geps) leaves without a hook call: those at
; a constant offset from a value reported earlier in their block, directly
; or through other elided GEPs, with no call in between that could report
; events or not return.  Everything else keeps its call.
; RUN: %opt -passes='ptrhook<abi=site;elide-const-geps>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-abi=site -ptrhook-elide-const-geps -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<abi=site>,verify' -S %s | FileCheck %s --check-prefix=DEFAULT

declare void @use(ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.assume(i1)
declare i64 @llvm.smax.i64(i64, i64)

; A loaded pointer's fields: the load is reported, the constant GEPs from
; it, and from each other, are not.  A variable index is reported.
; CHECK-LABEL: define i64 @fields(ptr %pp, i64 %i)
; CHECK:       %p = load ptr, ptr %pp
; CHECK-NEXT:  ptrtoint ptr %p to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  %a = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:  %va = load i64, ptr %a
; CHECK-NEXT:  %b = getelementptr inbounds { i64, [4 x i32] }, ptr %p, i64 0, i32 1, i64 2
; CHECK-NEXT:  %vb = load i32, ptr %b
; CHECK-NEXT:  %c = getelementptr i8, ptr %a, i64 -4
; CHECK-NEXT:  %vc = load i32, ptr %c
; CHECK-NEXT:  %d = getelementptr i64, ptr %p, i64 %i
; CHECK-NEXT:  ptrtoint ptr %d to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  %vd = load i64, ptr %d
; DEFAULT-LABEL: define i64 @fields(
; DEFAULT-COUNT-5: call void @__injected_hook_site(
; DEFAULT: ret i64
define i64 @fields(ptr %pp, i64 %i) {
  %p = load ptr, ptr %pp
  %a = getelementptr i8, ptr %p, i64 8
  %va = load i64, ptr %a
  %b = getelementptr inbounds { i64, [4 x i32] }, ptr %p, i64 0, i32 1, i64 2
  %vb = load i32, ptr %b
  %c = getelementptr i8, ptr %a, i64 -4
  %vc = load i32, ptr %c
  %d = getelementptr i64, ptr %p, i64 %i
  %vd = load i64, ptr %d
  %s1 = add i64 %va, %vd
  %wb = zext i32 %vb to i64
  %wc = zext i32 %vc to i64
  %s2 = add i64 %s1, %wb
  %s3 = add i64 %s2, %wc
  ret i64 %s3
}

; A call between the report and the GEP may report events of its own (or
; not return): the GEP keeps its call.  So does a memcpy, which may become a
; call to an instrumented memcpy.  llvm.assume and arithmetic intrinsics do
; not end the run.
; CHECK-LABEL: define void @calls(ptr %pp, ptr %q)
; CHECK:       %p = load ptr, ptr %pp
; CHECK-NEXT:  ptrtoint ptr %p to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  call void @use(ptr %q)
; CHECK-NEXT:  %a = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:  ptrtoint ptr %a to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %q, i64 8, i1 false)
; CHECK-NEXT:  %b = getelementptr i8, ptr %a, i64 8
; CHECK-NEXT:  ptrtoint ptr %b to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  call void @llvm.assume(i1 true)
; CHECK-NEXT:  %m = call i64 @llvm.smax.i64(i64 1, i64 2)
; CHECK-NEXT:  %c = getelementptr i8, ptr %b, i64 8
; CHECK-NEXT:  call void @use(ptr %c)
define void @calls(ptr %pp, ptr %q) {
  %p = load ptr, ptr %pp
  call void @use(ptr %q)
  %a = getelementptr i8, ptr %p, i64 8
  call void @llvm.memcpy.p0.p0.i64(ptr %a, ptr %q, i64 8, i1 false)
  %b = getelementptr i8, ptr %a, i64 8
  call void @llvm.assume(i1 true)
  %m = call i64 @llvm.smax.i64(i64 1, i64 2)
  %c = getelementptr i8, ptr %b, i64 8
  call void @use(ptr %c)
  ret void
}

; Bases that are not reported in the block: an argument (never reported),
; and a value reported in another block.  Both GEPs keep their calls.
; CHECK-LABEL: define void @bases(ptr %arg, ptr %pp)
; CHECK:       %x = getelementptr i8, ptr %arg, i64 8
; CHECK-NEXT:  ptrtoint ptr %x to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK:       next:
; CHECK-NEXT:  %y = getelementptr i8, ptr %p, i64 8
; CHECK-NEXT:  ptrtoint ptr %y to i64
; CHECK-NEXT:  call void @__injected_hook_site(
define void @bases(ptr %arg, ptr %pp) {
  %x = getelementptr i8, ptr %arg, i64 8
  store i8 0, ptr %x
  %p = load ptr, ptr %pp
  br label %next
next:
  %y = getelementptr i8, ptr %p, i64 8
  store i8 0, ptr %y
  ret void
}

; A phi is reported after the block's phis: GEPs from it are elided, also
; after another report (their anchor is then that one).
; CHECK-LABEL: define i32 @phi_alloca(
; CHECK:       %n = phi ptr
; CHECK-NEXT:  ptrtoint ptr %n to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  %f = getelementptr i8, ptr %n, i64 4
; CHECK-NEXT:  %v = load i32, ptr %f
; CHECK-NEXT:  %nx = getelementptr i8, ptr %n, i64 8
; CHECK-NEXT:  %nn = load ptr, ptr %nx
; CHECK-NEXT:  ptrtoint ptr %nn to i64
; CHECK-NEXT:  call void @__injected_hook_site(
; CHECK-NEXT:  %t = getelementptr i8, ptr %n, i64 16
; CHECK-NEXT:  %tv = load i32, ptr %t
; CHECK-NOT:   call void @__injected_hook_site(
; CHECK:       br i1
define i32 @phi_alloca(ptr %head) {
entry:
  br label %loop
loop:
  %n = phi ptr [ %head, %entry ], [ %nn, %loop ]
  %f = getelementptr i8, ptr %n, i64 4
  %v = load i32, ptr %f
  %nx = getelementptr i8, ptr %n, i64 8
  %nn = load ptr, ptr %nx
  %t = getelementptr i8, ptr %n, i64 16
  %tv = load i32, ptr %t
  %done = icmp eq ptr %nn, null
  br i1 %done, label %exit, label %loop
exit:
  %r = add i32 %v, %tv
  ret i32 %r
}
