; A site-ABI hook that counts getelementptr events apart:
;   void __injected_hook_site(uintptr_t a, const struct ptrhook_site *s) {
;     if (s->kind == PTRHOOK_KIND_GEP) geps++; else others++;
;   }
target triple = "x86_64-unknown-linux-gnu"

@geps = global i64 0, align 8
@others = global i64 0, align 8

define void @__injected_hook_site(i64 %a, ptr %s) {
entry:
  %kindp = getelementptr inbounds i8, ptr %s, i64 2
  %kind = load i16, ptr %kindp, align 2
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
