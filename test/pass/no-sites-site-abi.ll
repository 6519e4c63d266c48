; Checks that no-sites with abi=site is an error naming both (the site ABI
; passes a descriptor to every call; no-sites would drop them, and the
; provenance record would say no-sites while descriptors were emitted), in
; each spelling, and that no module comes out.
; RUN: not %opt -passes='ptrhook<abi=site;no-sites>' -S %s 2>&1 | FileCheck %s
; RUN: not %opt -load=%plugin -ptrhook-abi=site -ptrhook-sites=false -passes=ptrhook -S %s 2>&1 | FileCheck %s
; RUN: not %opt -load=%plugin -ptrhook-abi=site -ptrhook-sites=false -passes='default<O2>' -S %s 2>&1 | FileCheck %s
; Either alone is fine.
; RUN: %opt -passes='ptrhook<abi=site>,verify' -S %s | FileCheck %s --check-prefix=SITE
; RUN: %opt -passes='ptrhook<no-sites>,verify' -S %s | FileCheck %s --check-prefix=NOSITES

; CHECK: error: ptrhook: abi=site passes a site descriptor to every hook call and no-sites leaves the descriptors out: they cannot be combined
; CHECK-NOT: define
; SITE: call void @__injected_hook_site(
; NOSITES: call void @__injected_hook(

define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 1
  ret ptr %q
}
