; Checks that hook= does not optimize the inlined hook with analyses
; computed before instrumentation: GlobalsAA, computed on the program
; alone, says that @sum writes no memory; after instrumentation it counts
; events, so the counter must be reloaded after each call of it (a stale
; GlobalsAA let EarlyCSE reuse the value from before the call, and events
; of the recursion were lost).
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-tls.ll -o %t.hook.bc
; RUN: %opt -passes='require<globals-aa>,ptrhook<hook=%t.hook.bc>,verify' -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

%node = type { ptr, i64 }

; %nextp, a zero-offset GEP (no site: skip-noop), is folded into %n by the
; clean-up after inlining on LLVM 22.
; CHECK-LABEL: define internal i64 @sum(ptr %n)
; CHECK:         %next = load ptr, ptr {{%nextp|%n}},
; CHECK:         %rest = call i64 @sum(ptr %next)
; CHECK-NEXT:    %q = getelementptr i8, ptr %n, i64 4
; CHECK-NEXT:    %[[C:[^ ]+]] = load i64, ptr @count.llvm.{{[0-9]+}}
define internal i64 @sum(ptr %n) {
entry:
  %null = icmp eq ptr %n, null
  br i1 %null, label %done, label %more
more:
  %vp = getelementptr %node, ptr %n, i64 0, i32 1
  %v = load i64, ptr %vp
  %nextp = getelementptr %node, ptr %n, i64 0, i32 0
  %next = load ptr, ptr %nextp
  %rest = call i64 @sum(ptr %next)
  %q = getelementptr i8, ptr %n, i64 4
  %s = add i64 %v, %rest
  %r = ptrtoint ptr %q to i64
  %t = add i64 %s, %r
  ret i64 %t
done:
  ret i64 0
}

define i64 @top(ptr %n) {
  %s = call i64 @sum(ptr %n)
  ret i64 %s
}
