; A counting hook with a slow path, as clang -O2 compiles
;   static _Thread_local uint64_t count;
;   static uint64_t odd;
;   __attribute__((noinline)) static void note(uintptr_t a) { odd += a; }
;   void __injected_hook(uintptr_t a) { count++; if (a & 1) note(a); }
;   uint64_t hook_count(void) { return count; }
target triple = "x86_64-unknown-linux-gnu"

@count = internal thread_local global i64 0, align 8
@odd = internal global i64 0, align 8
@greeting = private unnamed_addr constant [6 x i8] c"hello\00", align 1

define void @__injected_hook(i64 %a) {
entry:
  %c = load i64, ptr @count, align 8
  %c1 = add i64 %c, 1
  store i64 %c1, ptr @count, align 8
  %bit = and i64 %a, 1
  %isodd = icmp ne i64 %bit, 0
  br i1 %isodd, label %slow, label %done
slow:
  call void @note(i64 %a)
  br label %done
done:
  ret void
}

define internal void @note(i64 %a) noinline {
  %o = load i64, ptr @odd, align 8
  %o1 = add i64 %o, %a
  store i64 %o1, ptr @odd, align 8
  ret void
}

define i64 @hook_count() {
  %c = load i64, ptr @count, align 8
  ret i64 %c
}

define ptr @hook_greeting() {
  ret ptr @greeting
}
