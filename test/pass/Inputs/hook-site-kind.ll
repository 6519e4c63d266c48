; A site-ABI hook that counts getelementptr events apart:
;   void __injected_hook_site(uintptr_t a, const struct ptrhook_site *s) {
;     if (ptrhook_site_kind(s) == PTRHOOK_KIND_GEP) geps++; else others++;
;   (layout 3 only: the kind is the low byte of the first 16-bit word)
;   }
target triple = "x86_64-unknown-linux-gnu"

@geps = global i64 0, align 8
@others = global i64 0, align 8

define void @__injected_hook_site(i64 %a, ptr %s) {
entry:
  %head = load i16, ptr %s, align 2
  %kind = and i16 %head, 255
  %isgep = icmp eq i16 %kind, 1
  br i1 %isgep, label %gep, label %other
gep:
  %g = load i64, ptr @geps, align 8
  %g1 = add i64 %g, 1
  store i64 %g1, ptr @geps, align 8
  ret void
other:
  %o = load i64, ptr @others, align 8
  %o1 = add i64 %o, 1
  store i64 %o1, ptr @others, align 8
  ret void
}
