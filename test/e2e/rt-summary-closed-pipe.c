// Checks that a summary written to a pipe whose reader is gone does not kill
// the program with SIGPIPE: it exits with its own status, as it would
// uninstrumented (`prog 2>&1 | head -1`).  The write fails and, unless
// exit_on_output_error=1, is only lost.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: python3 %S/Inputs/closed-pipe.py %t summary=1 | FileCheck %s
// RUN: python3 %S/Inputs/closed-pipe.py %t summary=1:exit_on_output_error=1 | FileCheck %s --check-prefix=EXIT
// CHECK: status 0
// EXIT: status 1
