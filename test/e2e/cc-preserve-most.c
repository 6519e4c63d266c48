// Checks the register-preserving hook conventions end to end, with the
// runtime's hooks: the hand-counted walk gives the same exact counts as with
// the C hook, at -O0 and -O2, for both hook ABIs and both conventions, and
// computes the same sum (the caller's registers survive the calls); trace
// mode records every event through them as well.
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-cc=preserve_most %S/Inputs/walk.c %rtlib -o %t.most
// RUN: %t.most | FileCheck %s --check-prefix=O2
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-cc=preserve_all %S/Inputs/walk.c %rtlib -o %t.all
// RUN: %t.all | FileCheck %s --check-prefix=O2
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-cc=preserve_most -mllvm -ptrhook-abi=site %S/Inputs/walk.c %rtlib -o %t.site
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.site 2>&1 | FileCheck %s --check-prefixes=O2,SITE
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-cc=preserve_most %S/Inputs/walk.c %rtlib -o %t.o0
// RUN: %t.o0 | FileCheck %s --check-prefix=O0
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=mode=trace:trace_path=%t.d/tr %t.most | FileCheck %s --check-prefix=O2
// RUN: %ptrhook_trace verify %t.d/tr.* | FileCheck %s --check-prefix=TRACE
// O2: sum=4950 walk-events=300 total={{[0-9]+}}
// O0: sum=4950 walk-events=503 total={{[0-9]+}}
// SITE: ptrhook: by kind: gep {{[0-9]+}}, load {{[0-9]+}}, phi 100
// TRACE: ok: {{[0-9]+}} events (0 nested) in 1 thread
