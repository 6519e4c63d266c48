// Checks that an unwritable output path is reported once, naming the path
// and the reason, and that nothing is lost: the output goes to stderr.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=output=/nonexistent/dir/events:summary=1 %t 2>&1 | FileCheck %s
// CHECK: ptrhook: error: cannot open output '/nonexistent/dir/events.{{[0-9]+}}': No such file or directory; writing to stderr instead
// CHECK: ptrhook: 4 events in 1 thread
