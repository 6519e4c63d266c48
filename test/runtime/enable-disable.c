// Checks ptrhook_disable()/ptrhook_enable() and enabled=: while disabled
// nothing is recorded, on the calling thread and on another one, in count
// and trace mode; enabled=0 starts disabled.
// RUN: %clang -O2 -pthread -I%S/Inputs -fpass-plugin=%plugin %S/Inputs/control.c %rtlib -o %t
// RUN: %t | FileCheck %s --check-prefix=ON
// RUN: env PTRHOOK_OPTIONS=enabled=0 %t | FileCheck %s --check-prefix=OFF
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/tr %t | FileCheck %s --check-prefix=ON
// RUN: %ptrhook_trace verify %t.d/tr.* | FileCheck %s --check-prefix=TRACE
// ON: main: start=300 disabled=0 enabled=300 is_enabled=1
// ON: worker: start=300 disabled=0 enabled=300
// OFF: main: start=0 disabled=0 enabled=300 is_enabled=1
// OFF: worker: start=0 disabled=0 enabled=300
// Main and worker: 4 walks of 300 (main itself is not instrumented).
// TRACE: ok: 1200 events (0 nested) in 2 threads
