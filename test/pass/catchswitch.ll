; Checks that a pointer phi in a block ending in catchswitch (a block with no
; insertion point) is skipped, not forced, while the catchpad block of the
; same function is instrumented with the funclet operand bundle.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

target triple = "x86_64-pc-windows-msvc"

declare void @may_throw()
declare ptr @get()
declare i32 @__CxxFrameHandler3(...)

; CHECK-LABEL: define void @f(
; CHECK:      dispatch:
; CHECK-NEXT: %p = phi ptr [ %a, %entry ], [ %b, %second ]
; CHECK-NEXT: %cs = catchswitch within none [label %handler] unwind to caller
; CHECK:      handler:
; CHECK-NEXT: %cp = catchpad within %cs [ptr null, i32 64, ptr null]
; CHECK-NEXT: %q = call ptr @get() [ "funclet"(token %cp) ]
; CHECK-NEXT: %[[Q:[0-9]+]] = ptrtoint ptr %q to i64
; CHECK-NEXT: call void @__injected_hook(i64 %[[Q]]) #{{[0-9]+}} [ "funclet"(token %cp) ]
; CHECK-NEXT: catchret from %cp to label %done
define void @f(ptr %a, ptr %b) personality ptr @__CxxFrameHandler3 {
entry:
  invoke void @may_throw() to label %second unwind label %dispatch
second:
  invoke void @may_throw() to label %done unwind label %dispatch
dispatch:
  %p = phi ptr [ %a, %entry ], [ %b, %second ]
  %cs = catchswitch within none [label %handler] unwind to caller
handler:
  %cp = catchpad within %cs [ptr null, i32 64, ptr null]
  %q = call ptr @get() [ "funclet"(token %cp) ]
  catchret from %cp to label %done
done:
  ret void
}
