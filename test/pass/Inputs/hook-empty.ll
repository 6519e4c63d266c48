; An empty hook: void __injected_hook(uintptr_t a) {}
target triple = "x86_64-unknown-linux-gnu"

define void @__injected_hook(i64 %a) {
  ret void
}
