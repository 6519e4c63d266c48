// Checks PTRHOOK_OPTIONS=help=1 lists every flag of rt_flags.inc with its
// type, default and current value (mode, kinds and numbers formatted as
// they are written), then the program runs.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=help=1:mode=log:kinds=gep,load:trace_buffer=4k:enabled=no:summary=1 %t 2>&1 | FileCheck %s
// CHECK: ptrhook: options, set as PTRHOOK_OPTIONS=name=value:name=value
// CHECK-NEXT: ptrhook:   summary (bool, default 0, now 1):
// CHECK-NEXT: ptrhook:   log (bool, default 0, now 0):
// CHECK-NEXT: ptrhook:   output (string, default "", now ""):
// CHECK-NEXT: ptrhook:   help (bool, default 0, now 1):
// CHECK-NEXT: ptrhook:   mode (mode, default count, now log): count: {{.*}}; trace: {{.*}}; log: {{.*}}; off: nothing
// CHECK-NEXT: ptrhook:   enabled (bool, default 1, now 0):
// CHECK-NEXT: ptrhook:   kinds (kinds, default all, now gep,load):
// CHECK-NEXT: ptrhook:   trace_path (string, default "ptrhook.trace", now "ptrhook.trace"):
// CHECK-NEXT: ptrhook:   trace_buffer (number, default 32768, now 4096):
// CHECK-NEXT: ptrhook:   trace_pack (bool, default 1, now 1):
// CHECK-NEXT: ptrhook:   handle_signals (bool, default 1, now 1):
// CHECK-NEXT: ptrhook:   counts (string, default "", now ""):
// CHECK-NEXT: ptrhook:   exit_on_output_error (bool, default 0, now 0):
// CHECK-NEXT: ran 1
// Disabled from the start: nothing recorded, so no thread counted (it
// registered, but recorded no event).
// CHECK-NEXT: ptrhook: 0 events in 0 threads
