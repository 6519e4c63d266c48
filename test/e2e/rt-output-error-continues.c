// Checks that, by default (exit_on_output_error=0), an output of the runtime
// that cannot be opened is reported, naming the path and the reason, and
// changes nothing else: the program runs and exits with its own status, for
// output=, the trace and counts= alike.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=output=/nonexistent/dir/out:summary=1 %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUTPUT < %t.err
// RUN: FileCheck %s --check-prefix=RAN < %t.out
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=/nonexistent/dir/tr %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=TRACE < %t.err
// RUN: FileCheck %s --check-prefix=RAN < %t.out
// RUN: env PTRHOOK_OPTIONS=counts=/nonexistent/dir/c %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=COUNTS < %t.err
// RUN: FileCheck %s --check-prefix=RAN < %t.out
// OUTPUT: ptrhook: error: cannot open output '/nonexistent/dir/out.{{[0-9]+}}': No such file or directory; writing to stderr instead
// OUTPUT-NEXT: ptrhook: 4 events in 1 thread
// OUTPUT-NOT: exit
// TRACE: ptrhook: error: cannot create trace '/nonexistent/dir/tr.{{[0-9]+}}': No such file or directory; events are counted but not traced
// TRACE-NOT: exit
// COUNTS: ptrhook: error: cannot open counts '/nonexistent/dir/c.{{[0-9]+}}': No such file or directory
// COUNTS-NOT: exit
// RAN: ran 1
