// Checks the trace round trip: 4 threads x 1000 walks written in trace mode
// and read back by ptrhook-trace: complete and consistent (verify), the
// same totals, per kind and per site as an independent count-mode run of
// the same program, and dump's format.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %clang -O2 -g -pthread -I%S/Inputs -DTHREADS=4 -DROUNDS=1000 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %S/Inputs/threads.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=counts=%t.d/c %t > %t.d/count.out
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/tr:trace_buffer=1000 %t > %t.d/trace.out
// RUN: %ptrhook_trace verify %t.d/tr.* | FileCheck %s --check-prefix=VERIFY
// RUN: grep -E '^(events|threads|kind|site)' %t.d/c.* > %t.d/from-count
// RUN: %ptrhook_trace stats %t.d/tr.* | grep -E '^(events|threads|kind|site)' > %t.d/from-trace
// RUN: diff %t.d/from-count %t.d/from-trace
// RUN: FileCheck %s --check-prefix=STATS < %t.d/from-trace
// RUN: %ptrhook_trace dump %t.d/tr.* | FileCheck %s --check-prefix=DUMP -DEXE=%t
// RUN: %clang -O2 -pthread -I%S/Inputs -DTHREADS=4 -DROUNDS=1000 -fpass-plugin=%plugin %S/Inputs/threads.c %rtlib -o %t.plain
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/plain:summary=1 %t.plain 2>&1 | FileCheck %s --check-prefix=PLAIN
// RUN: %ptrhook_trace verify %t.d/plain.* | FileCheck %s --check-prefix=PLAINV
// RUN: %ptrhook_trace dump %t.d/plain.* | FileCheck %s --check-prefix=PLAIND
// VERIFY: ok: {{120[0-9][0-9][0-9][0-9]}} events (0 nested) in 5 threads, {{[0-9]+}} sites in 1 tables
// STATS: threads{{.}}5
// STATS: site{{.}}400000{{.}}phi{{.}}{{.*}}walk.h:{{[0-9]+}}:{{[0-9]+}}{{.}}walk
// DUMP: # ptrhook trace v2: pid {{[0-9]+}}, parent {{[0-9]+}}, 8-byte pointers
// DUMP-NEXT: # program [[EXE]]
// DUMP: {{^[0-9]+}} 0 0x{{[0-9a-f]+}} {{phi|gep|load}} {{.*}}walk.h:{{[0-9]+}}:{{[0-9]+}} walk
// PLAIN: workers=1200000 main={{[0-9]+}} total=[[TOTAL:[0-9]+]] bad=0
// PLAIN: ptrhook: [[TOTAL]] events in 5 threads
// PLAINV: ok: [[TOTAL:[0-9]+]] events (0 nested) in 5 threads
// PLAIND: {{^[0-9]+}} 0 0x{{[0-9a-f]+$}}
