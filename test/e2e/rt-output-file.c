// Checks PTRHOOK_OPTIONS=output=PATH: the log and the summary go to
// PATH.<pid> (mode 0600), not to stderr.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=output=%t.dir/events:log=1:summary=1 %t 2> %t.err
// RUN: count 0 < %t.err
// RUN: cat %t.dir/events.* | FileCheck %s
// RUN: stat -c %%a %t.dir/events.* | FileCheck %s --check-prefix=MODE
// CHECK-COUNT-4: ptrhook: 0x{{[0-9a-f]+}}
// CHECK-NEXT: ptrhook: 4 events in 1 thread
// MODE: 600
