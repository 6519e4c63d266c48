// Checks that an option the chosen mode ignores is a warning at start rather
// than an output found missing at exit: counts= outside count mode, log=1
// overriding another mode.  The program runs.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %clang -O0 -fpass-plugin=%plugin %S/Inputs/tiny.c %rtlib -o %t
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/tr:counts=%t.d/c %t 2>&1 | FileCheck %s --check-prefix=COUNTS
// RUN: env PTRHOOK_OPTIONS=mode=off:log=1 %t 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: env PTRHOOK_OPTIONS=log=1:counts=%t.d/c %t 2>&1 | FileCheck %s --check-prefix=LOGCOUNTS
// COUNTS: ptrhook: warning: counts={{.*}}/c is written in mode=count only, not mode=trace
// COUNTS: ran 1
// LOG: ptrhook: warning: log=1 overrides mode=off (log=1 is mode=log)
// LOG: ran 1
// LOGCOUNTS: ptrhook: warning: counts={{.*}}/c is written in mode=count only, not with log=1
