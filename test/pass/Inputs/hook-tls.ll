; A hook that counts in a thread-local, nothing else:
;   static _Thread_local uint64_t count;
;   void __injected_hook(uintptr_t a) { count++; }
target triple = "x86_64-unknown-linux-gnu"

@count = internal thread_local global i64 0, align 8

define void @__injected_hook(i64 %a) {
  %c = load i64, ptr @count, align 8
  %c1 = add i64 %c, 1
  store i64 %c1, ptr @count, align 8
  ret void
}
