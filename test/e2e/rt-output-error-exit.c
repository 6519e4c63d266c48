// Checks exit_on_output_error=1: an output that cannot be opened ends the
// program with exit status 1, before main for output= and the trace (opened
// at start), at exit for counts= (written at exit) and for a summary that
// cannot be written (stderr closed), after the program's own output.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=exit_on_output_error=1:output=/nonexistent/dir/out not %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUTPUT < %t.err
// RUN: count 0 < %t.out
// RUN: env PTRHOOK_OPTIONS=exit_on_output_error=1,mode=trace,trace_path=/nonexistent/dir/tr not %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=TRACE < %t.err
// RUN: count 0 < %t.out
// RUN: env PTRHOOK_OPTIONS=exit_on_output_error=1,counts=/nonexistent/dir/c not %t > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=COUNTS < %t.err
// RUN: FileCheck %s --check-prefix=RAN < %t.out
// RUN: env PTRHOOK_OPTIONS=exit_on_output_error=1,summary=1 not %t > %t.out 2>&-
// RUN: FileCheck %s --check-prefix=RAN < %t.out
// Without the option, the same closed stderr changes nothing.
// RUN: env PTRHOOK_OPTIONS=summary=1 %t > %t.out 2>&-
// OUTPUT: ptrhook: error: cannot open output '/nonexistent/dir/out.{{[0-9]+}}': No such file or directory
// OUTPUT-NEXT: ptrhook: error: exiting with status 1 (exit_on_output_error=1)
// TRACE: ptrhook: error: cannot create trace '/nonexistent/dir/tr.{{[0-9]+}}'
// TRACE-NEXT: ptrhook: error: exiting with status 1 (exit_on_output_error=1)
// COUNTS: ptrhook: error: cannot open counts '/nonexistent/dir/c.{{[0-9]+}}': No such file or directory
// COUNTS-NEXT: ptrhook: error: an output failed; exiting with status 1 (exit_on_output_error=1)
// RAN: ran 1
