; A hook file of handlers only; in C:
;   uint64_t stores, bytes;
;   void ptrhook_on_store(uintptr_t v, uintptr_t slot, const struct ptrhook_site *s) { stores++; }
;   void ptrhook_on_alloc(uintptr_t a, uint64_t size, const struct ptrhook_site *s) { bytes += size; }
;   void ptrhook_on_free(uintptr_t a, const struct ptrhook_site *s) {}
target triple = "x86_64-unknown-linux-gnu"

@stores = global i64 0, align 8
@bytes = global i64 0, align 8

define void @ptrhook_on_store(i64 %v, i64 %slot, ptr %s) {
  %n = load i64, ptr @stores, align 8
  %n1 = add i64 %n, 1
  store i64 %n1, ptr @stores, align 8
  ret void
}

define void @ptrhook_on_alloc(i64 %a, i64 %size, ptr %s) {
  %b = load i64, ptr @bytes, align 8
  %b1 = add i64 %b, %size
  store i64 %b1, ptr @bytes, align 8
  ret void
}

define void @ptrhook_on_free(i64 %a, ptr %s) {
  ret void
}
