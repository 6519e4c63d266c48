// Checks that an unknown PTRHOOK_OPTIONS key within two edits of an option
// (a typo, a missing '_', a capital) is a warning suggesting that option, and
// that the program and the other options go on working.
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=sumary=1:summary=1 %t 2>&1 | FileCheck %s --check-prefix=TYPO
// RUN: env PTRHOOK_OPTIONS=tracepath=x:Summary=1 %t 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: env PTRHOOK_OPTIONS=on=1 %t 2>&1 | FileCheck %s --check-prefix=FAR
// TYPO: ptrhook: warning: unknown option 'sumary' in PTRHOOK_OPTIONS; did you mean 'summary'? (PTRHOOK_OPTIONS=help=1 lists them)
// TYPO: ptrhook: 4 events in 1 thread
// TWO: ptrhook: warning: unknown option 'tracepath' in PTRHOOK_OPTIONS; did you mean 'trace_path'? (PTRHOOK_OPTIONS=help=1 lists them)
// TWO-NEXT: ptrhook: warning: unknown option 'Summary' in PTRHOOK_OPTIONS; did you mean 'summary'? (PTRHOOK_OPTIONS=help=1 lists them)
// TWO-NEXT: ran 1
// A key two edits from 'log' but only two bytes long suggests nothing.
// FAR: ptrhook: warning: unknown option 'on' in PTRHOOK_OPTIONS (PTRHOOK_OPTIONS=help=1 lists them)
// FAR-NEXT: ran 1
