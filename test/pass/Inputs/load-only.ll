; Input of plugin-load-only.test: one getelementptr.
define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 1
  ret ptr %q
}
