; A hook that calls itself: void __injected_hook(uintptr_t a) { if (a > 1) __injected_hook(a / 2); }
target triple = "x86_64-unknown-linux-gnu"

define void @__injected_hook(i64 %a) {
entry:
  %big = icmp ugt i64 %a, 1
  br i1 %big, label %again, label %done
again:
  %h = lshr i64 %a, 1
  call void @__injected_hook(i64 %h)
  br label %done
done:
  ret void
}
