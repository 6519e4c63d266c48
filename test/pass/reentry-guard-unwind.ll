; Checks that the re-entry guard is cleared when an exception leaves the
; hook: its calls that may throw become invokes of a cleanup landing pad
; that clears the depth and resumes (with the hook's personality, else the
; module's), an existing resume clears it too, and calls that cannot throw
; stay calls.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s
target triple = "x86_64-unknown-linux-gnu"

declare void @may_throw(i64)
declare void @no_throw(i64) nounwind
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define void @__injected_hook(i64 %a) #{{[0-9]+}} personality ptr @__gxx_personality_v0
; CHECK:      ptrhook.guarded:
; CHECK-NEXT:   store i32 1, ptr @__ptrhook_hook_depth
; CHECK-NEXT:   call void @no_throw(i64 %a)
; CHECK-NEXT:   invoke void @may_throw(i64 %a)
; CHECK-NEXT:           to label %[[CONT:.*]] unwind label %ptrhook.unwind
; CHECK:      [[CONT]]:
; CHECK-NEXT:   store i32 0, ptr @__ptrhook_hook_depth
; CHECK-NEXT:   ret void
; CHECK:      ptrhook.unwind:
; CHECK-NEXT:   [[LP:%.*]] = landingpad { ptr, i32 }
; CHECK-NEXT:           cleanup
; CHECK-NEXT:   store i32 0, ptr @__ptrhook_hook_depth
; CHECK-NEXT:   resume { ptr, i32 } [[LP]]
define void @__injected_hook(i64 %a) {
entry:
  call void @no_throw(i64 %a)
  call void @may_throw(i64 %a)
  ret void
}

; A hook with a landing pad of its own: its resume clears the depth.
; CHECK-LABEL: define void @__injected_hook_site(i64 %a, ptr %s) #{{[0-9]+}} personality ptr @__gxx_personality_v0
; CHECK:        invoke void @may_throw(i64 %a)
; CHECK-NEXT:           to label %done unwind label %pad
; CHECK:      pad:
; CHECK-NEXT:   %lp = landingpad { ptr, i32 }
; CHECK-NEXT:           cleanup
; CHECK-NEXT:   call void @no_throw(i64 0)
; CHECK-NEXT:   store i32 0, ptr @__ptrhook_hook_depth
; CHECK-NEXT:   resume { ptr, i32 } %lp
define void @__injected_hook_site(i64 %a, ptr %s) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw(i64 %a) to label %done unwind label %pad
done:
  ret void
pad:
  %lp = landingpad { ptr, i32 } cleanup
  call void @no_throw(i64 0)
  resume { ptr, i32 } %lp
}

; In a C module (no personality anywhere), the C personality, which runs
; cleanups for any exception.
; RUN: sed -e 's/personality ptr @__gxx_personality_v0//' -e '/^; CHECK/d' -e '/__injected_hook_site/,/^}/d' %s | %opt -passes='ptrhook,verify' -S | FileCheck %s --check-prefix=C
; C: define void @__injected_hook(i64 %a) #{{[0-9]+}} personality ptr @__gcc_personality_v0
; C: landingpad { ptr, i32 }
