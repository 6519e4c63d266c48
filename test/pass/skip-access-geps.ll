; Checks skip-access-geps (-ptrhook-skip-access-geps, wrapper
; -fptrhook-skip-access-geps): a getelementptr whose every use is the address
; of a load or store in its own block is not reported; one used as a value
; (stored, passed, compared), or used in another block, still is.  Off by
; default.
; RUN: %opt -passes='ptrhook<skip-access-geps;no-sites>,verify' -S %s | FileCheck %s
; RUN: %opt -load=%plugin -ptrhook-skip-access-geps -passes='ptrhook<no-sites>,verify' -S %s | FileCheck %s
; RUN: %opt -passes='ptrhook<no-sites>,verify' -S %s | FileCheck %s --check-prefix=DEFAULT

declare void @use(ptr)

; CHECK-LABEL: define void @f(ptr %s, ptr %out, i64 %x)
; CHECK:       %field = getelementptr i8, ptr %s, i64 8
; CHECK-NEXT:  store i64 %x, ptr %field
; CHECK-NEXT:  %elem = getelementptr i64, ptr %s, i64 %x
; CHECK-NEXT:  %v = load i64, ptr %elem
; CHECK-NEXT:  store i64 %v, ptr %field
; Stored as a value: reported.
; CHECK-NEXT:  %escaped = getelementptr i8, ptr %s, i64 16
; CHECK-NEXT:  %[[E:[0-9]+]] = ptrtoint ptr %escaped to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[E]])
; CHECK-NEXT:  store ptr %escaped, ptr %out
; Passed to a call: reported.
; CHECK-NEXT:  %passed = getelementptr i8, ptr %s, i64 24
; CHECK-NEXT:  %[[P:[0-9]+]] = ptrtoint ptr %passed to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[P]])
; CHECK-NEXT:  call void @use(ptr %passed)
; Used in another block: reported.
; CHECK-NEXT:  %later = getelementptr i8, ptr %s, i64 32
; CHECK-NEXT:  %[[L:[0-9]+]] = ptrtoint ptr %later to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[L]])
; CHECK-NEXT:  br label %next
; DEFAULT-COUNT-5: call void @__injected_hook(
; DEFAULT-NOT: call void @__injected_hook(
define void @f(ptr %s, ptr %out, i64 %x) {
  %field = getelementptr i8, ptr %s, i64 8
  store i64 %x, ptr %field
  %elem = getelementptr i64, ptr %s, i64 %x
  %v = load i64, ptr %elem
  store i64 %v, ptr %field
  %escaped = getelementptr i8, ptr %s, i64 16
  store ptr %escaped, ptr %out
  %passed = getelementptr i8, ptr %s, i64 24
  call void @use(ptr %passed)
  %later = getelementptr i8, ptr %s, i64 32
  br label %next
next:
  store i64 %x, ptr %later
  ret void
}
