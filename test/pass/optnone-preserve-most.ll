; Checks which hook calls go through __ptrhook_hook_preserve_most: in optnone
; (-O0) functions on x86-64 ELF, those that another value of the block is live
; across (preserve_most, address in the swiftself register), to one hidden
; linkonce_odr copy per link unit that calls the plain C hook.  Calls that
; only the reported value is live across, functions without optnone, other
; targets and abi=site call the hook directly.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s
; RUN: sed 's/x86_64-unknown-linux-gnu/aarch64-unknown-linux-gnu/' %s \
; RUN:   | %opt -passes='ptrhook,verify' -S | FileCheck %s --check-prefix=DIRECT
; RUN: %opt -passes='ptrhook<abi=site>,verify' -S %s \
; RUN:   | FileCheck %s --check-prefix=SITE

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define void @slow(
; CHECK:       %r = load ptr, ptr %q
; CHECK-NEXT:  %[[R:[0-9]+]] = ptrtoint ptr %r to i64
; CHECK-NEXT:  call void @__injected_hook(i64 %[[R]])
; CHECK-NEXT:  store i8 0, ptr %r
; CHECK-NEXT:  %x = load i64, ptr %q
; CHECK-NEXT:  %p = load ptr, ptr %q
; CHECK-NEXT:  %[[P:[0-9]+]] = ptrtoint ptr %p to i64
; CHECK-NEXT:  call preserve_mostcc void @__ptrhook_hook_preserve_most(i64 swiftself %[[P]]) #[[NOUNWIND:[0-9]+]]
; CHECK-NEXT:  store i64 %x, ptr %p
; DIRECT-LABEL: define void @slow(
; DIRECT-NOT:  preserve_most
; DIRECT:      ret void
; SITE-LABEL:  define void @slow(
; SITE-NOT:    preserve_most
; SITE:        ret void
define void @slow(ptr %q) #0 {
entry:
  br label %body

body:
  %r = load ptr, ptr %q
  store i8 0, ptr %r
  %x = load i64, ptr %q
  %p = load ptr, ptr %q
  store i64 %x, ptr %p
  ret void
}

; CHECK-LABEL: define void @fast(
; CHECK-NOT:   preserve_most
; CHECK:       ret void
define void @fast(ptr %q) {
  %x = load i64, ptr %q
  %p = load ptr, ptr %q
  store i64 %x, ptr %p
  ret void
}

; CHECK-LABEL: define linkonce_odr hidden preserve_mostcc void @__ptrhook_hook_preserve_most(i64 swiftself %0)
; CHECK-SAME:  #[[TRAMP:[0-9]+]] comdat {
; CHECK-NEXT:  call void @__injected_hook(i64 %0) #[[NOUNWIND]]
; CHECK-NEXT:  ret void
; CHECK:       attributes #[[TRAMP]] = { noinline nounwind uwtable "frame-pointer"="all" }
; DIRECT-NOT:  @__ptrhook_hook_preserve_most
; SITE-NOT:    @__ptrhook_hook_preserve_most

attributes #0 = { noinline optnone uwtable "frame-pointer"="all" }
