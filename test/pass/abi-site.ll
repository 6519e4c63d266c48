; Checks the site-aware ABI (abi=site, -ptrhook-abi=site): each hook call is
; __injected_hook_site(addr, &site) with the address of its own descriptor.
; RUN: %opt -passes='ptrhook<abi=site>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-abi=site -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: not %opt -passes='ptrhook<abi=fast>' -S %s 2>&1 | FileCheck %s --check-prefix=BAD

; CHECK-LABEL: define ptr @f(
; CHECK:      %g = getelementptr i8, ptr %p, i64 1
; CHECK-NEXT: %[[G:[0-9]+]] = ptrtoint ptr %g to i64
; (Newer LLVMs fold the GEP to element 0 into the table's address.)
; CHECK-NEXT: call void @__injected_hook_site(i64 %[[G]], ptr {{(getelementptr inbounds \(\{ \[2 x .*\}, ptr )?}}@[[SITES:__ptrhook_sites[.0-9]*]]{{(, i32 0, i32 0, i32 0\))?}})
; CHECK-NEXT: %l = load ptr, ptr %g
; CHECK-NEXT: %[[L:[0-9]+]] = ptrtoint ptr %l to i64
; CHECK-NEXT: call void @__injected_hook_site(i64 %[[L]], ptr getelementptr inbounds ({ [2 x {{.*}} }, ptr @[[SITES]], i32 0, i32 0, i32 1))
; CHECK: declare void @__injected_hook_site(i64, ptr) #[[NOUNWIND:[0-9]+]]
; CHECK: attributes #[[NOUNWIND]] = { nounwind }
; BAD: error: ptrhook: pass parameter 'abi=fast': unknown hook ABI 'fast' (valid: addr, site)
define ptr @f(ptr %p) {
  %g = getelementptr i8, ptr %p, i64 1
  %l = load ptr, ptr %g
  ret ptr %l
}
