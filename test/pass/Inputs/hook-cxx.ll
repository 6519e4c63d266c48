; A C++ hook without extern "C": __injected_hook(unsigned long).
target triple = "x86_64-unknown-linux-gnu"

define void @_Z15__injected_hookm(i64 %a) {
  ret void
}
