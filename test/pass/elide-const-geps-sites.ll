; Checks the site descriptors of elide-const-geps: an elided GEP keeps its
; descriptor (layout 3), with flag PTRHOOK_SITE_ELIDED (4: head -31743 =
; 0x8401, a gep) and the number (from 1) of its elision entry in the
; function's record, which holds the index of its base site and of its
; anchor site relative to its own, and its byte offset from the base
; (through chains of elided GEPs); other sites have entry 0.  The anchor is
; the last site reported before the GEP in its block, which need not be the
; base.
; RUN: %opt -passes='ptrhook<abi=site;elide-const-geps>,verify' -S %s | FileCheck %s

; CHECK: @__ptrhook_sites = private constant {{.*}} { [6 x { i16, i16, i32, i32, i16, i16 }] [
; n, reported (-32763 = 0x8005: a phi)
; CHECK-SAME: { i16 -32763, i16 0, i32 0, i32 96, i16 0, i16 0 },
; f = n + 4, nx = n + 8: elided
; CHECK-SAME: { i16 -31743, i16 0, i32 0, i32 80, i16 0, i16 1 },
; CHECK-SAME: { i16 -31743, i16 0, i32 0, i32 64, i16 0, i16 2 },
; nn, reported (a load)
; CHECK-SAME: { i16 -32766, i16 0, i32 0, i32 48, i16 0, i16 0 },
; t, u: elided
; CHECK-SAME: { i16 -31743, i16 0, i32 0, i32 32, i16 0, i16 3 },
; CHECK-SAME: { i16 -31743, i16 0, i32 0, i32 16, i16 0, i16 4 }],
; The record: 4 elision entries.
; CHECK-SAME: { i16 -32513, i16 1, i32 {{[0-9]+}}, i32 88, i32 4, [4 x { i32, i32, i64 }] [
; f: base n, anchor n
; CHECK-SAME: { i32 -1, i32 -1, i64 4 },
; nx = n + 8
; CHECK-SAME: { i32 -2, i32 -2, i64 8 },
; t = n + 8 + 8 (through nx): base n, anchor nn
; CHECK-SAME: { i32 -4, i32 -1, i64 16 },
; u = n - 24 (a struct index and a negative array index)
; CHECK-SAME: { i32 -5, i32 -2, i64 -24 }],

define i32 @walk(ptr %head) {
entry:
  br label %loop
loop:
  %n = phi ptr [ %head, %entry ], [ %nn, %loop ]
  %f = getelementptr i8, ptr %n, i64 4
  %v = load i32, ptr %f
  %nx = getelementptr i8, ptr %n, i64 8
  %nn = load ptr, ptr %nx
  %t = getelementptr i8, ptr %nx, i64 8
  %tv = load i32, ptr %t
  %u = getelementptr { i64, i64 }, ptr %n, i64 -2, i32 1
  %uv = load i32, ptr %u
  %done = icmp eq ptr %nn, null
  br i1 %done, label %exit, label %loop
exit:
  %r = add i32 %v, %tv
  %r2 = add i32 %r, %uv
  ret i32 %r2
}
