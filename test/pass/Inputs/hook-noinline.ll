; A hook marked noinline.
target triple = "x86_64-unknown-linux-gnu"

@n = global i64 0, align 8

define void @__injected_hook(i64 %a) noinline {
  %v = load i64, ptr @n, align 8
  %v1 = add i64 %v, 1
  store i64 %v1, ptr @n, align 8
  ret void
}
