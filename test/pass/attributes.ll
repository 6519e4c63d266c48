; Checks that the attributes hook calls make false (readnone, readonly,
; writeonly, argmemonly, inaccessiblememonly, nosync, nofree, speculatable)
; are removed from instrumented functions, from functions that call anything
; that may reach the hook, and from calls to them; a leaf function with
; nothing to report keeps them.  Left in place, LICM/GVN could move or merge
; the calls and, with the hook inlined under LTO, lose events.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; Defined elsewhere: may be instrumented there.
; CHECK: declare i64 @ext(ptr) #[[EXT:[0-9]+]]
declare i64 @ext(ptr) readnone nounwind

; Instrumented: loses readnone/nosync/nofree/speculatable, keeps nounwind.
; CHECK-LABEL: define i64 @instrumented(
; CHECK-SAME: #[[INSTR:[0-9]+]]
define i64 @instrumented(ptr %p) readnone nosync nofree speculatable nounwind {
  %g = getelementptr i8, ptr %p, i64 4
  %i = ptrtoint ptr %g to i64
  ret i64 %i
}

; Nothing to report itself, but calls functions that may reach the hook.
; CHECK-LABEL: define i64 @caller(
; CHECK-SAME: #[[INSTR]]
; CHECK-NOT:  call void @__injected_hook
; CHECK:      call i64 @instrumented(ptr %p) #[[EXT]]
; CHECK-NEXT: call i64 @ext(ptr %p) #[[EXT]]
define i64 @caller(ptr %p) readonly argmemonly nounwind {
  %q = call i64 @instrumented(ptr %p) readnone nounwind
  %r = call i64 @ext(ptr %p) readnone nounwind
  %s = add i64 %q, %r
  ret i64 %s
}

; A leaf with no pointer to report and no call keeps everything.
; CHECK-LABEL: define i32 @leaf(
; CHECK-SAME: #[[LEAF:[0-9]+]]
define i32 @leaf(i32 %x) readnone nosync nofree nounwind {
  %y = add i32 %x, 1
  ret i32 %y
}

; Calls to that leaf, and their callers, keep their attributes too.
; CHECK-LABEL: define i32 @calls_leaf(
; CHECK-SAME: #[[LEAFCALLER:[0-9]+]]
; CHECK:      call i32 @leaf(i32 %x) #[[LEAFCALL:[0-9]+]]
define i32 @calls_leaf(i32 %x) readnone nounwind {
  %r = call i32 @leaf(i32 %x) readnone
  ret i32 %r
}

; CHECK-DAG: attributes #[[EXT]] = { nounwind }
; CHECK-DAG: attributes #[[INSTR]] = { nounwind "ptrhook-instrumented" }
; CHECK-DAG: attributes #[[LEAFCALLER]] = { nounwind {{readnone|memory\(none\)}} "ptrhook-instrumented" }
; (readnone is spelled memory(none) from LLVM 16 on.)
; CHECK-DAG: attributes #[[LEAF]] = { nofree nosync nounwind {{readnone|memory\(none\)}} "ptrhook-instrumented" }
; CHECK-DAG: attributes #[[LEAFCALL]] = { {{readnone|memory\(none\)}} }
