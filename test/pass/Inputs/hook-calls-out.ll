; A hook that records each address in a set a library of the program
; implements (which may be built with ptrhook), through a function of the
; hook file, and counts with memset (a library function):
;   void record(uintptr_t a);                     /* elsewhere */
;   static void note(uintptr_t a) { record(a); }
;   void __injected_hook(uintptr_t a) { char b[8]; memset(b, 0, 8); note(a); }
target triple = "x86_64-unknown-linux-gnu"

declare void @record(i64)
declare ptr @memset(ptr, i32, i64)

define void @__injected_hook(i64 %a) nounwind {
entry:
  %b = alloca [8 x i8], align 1
  %r = call ptr @memset(ptr %b, i32 0, i64 8)
  call void @note(i64 %a)
  ret void
}

define internal void @note(i64 %a) noinline nounwind {
  call void @record(i64 %a)
  ret void
}
