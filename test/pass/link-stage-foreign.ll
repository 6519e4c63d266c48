; Checks that inside the linker a module with no pending function (built
; without ptrhook, or instrumented at compile time) is left exactly as it
; was: no hook declaration, no module flag, attributes untouched.
; RUN: %opt -passes='ptrhook<link-stage>' -S %s | FileCheck %s

; CHECK-LABEL: define i32 @leaf(
; CHECK-SAME: #[[A:[0-9]+]]
define i32 @leaf(ptr %p) readonly {
  %g = getelementptr i8, ptr %p, i64 4
  %v = load i32, ptr %g
  ret i32 %v
}

; CHECK-NOT: __injected_hook
; CHECK: attributes #[[A]] = { {{readonly|memory\(read\)}} }
; CHECK-NOT: ptrhook
