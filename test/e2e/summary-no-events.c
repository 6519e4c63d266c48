// Checks the summary of a run that records no event (enabled=0): the same
// line whether the events go through the hook or are counted inline, no
// thread counted (a thread counts once it recorded an event, not when it
// entered the runtime) and no empty "by kind:" line.
// RUN: %ptrhook_cc -O0 %S/Inputs/tiny.c -o %t.hook
// RUN: %ptrhook_cc -O0 -fptrhook-inline=count %S/Inputs/tiny.c -o %t.inline
// RUN: env PTRHOOK_OPTIONS=summary=1:enabled=0 %t.hook 2>&1 | FileCheck %s
// RUN: env PTRHOOK_OPTIONS=summary=1:enabled=0 %t.inline 2>&1 | FileCheck %s
// One thread is "1 thread".
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.hook 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.inline 2>&1 | FileCheck %s --check-prefix=ONE
// CHECK: ptrhook: 0 events in 0 threads
// CHECK-NOT: by kind
// ONE: ptrhook: 4 events in 1 thread{{$}}
