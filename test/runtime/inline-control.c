// Checks run-time control of inline-counted code (inline=count), which has
// no test on its hot path: ptrhook_disable()/ptrhook_enable() and enabled=0
// take the events made while disabled out of the counts, on the calling
// thread and on another one; kinds= does the same per kind; mode=off
// records nothing.
// RUN: %clang -O2 -pthread -I%S/Inputs -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-inline=count %S/Inputs/control.c %rtlib -o %t
// RUN: %t | FileCheck %s --check-prefix=ON
// RUN: env PTRHOOK_OPTIONS=enabled=0 %t | FileCheck %s --check-prefix=OFF
// RUN: env PTRHOOK_OPTIONS=kinds=phi:summary=1 %t 2>&1 | FileCheck %s --check-prefix=PHI
// RUN: env PTRHOOK_OPTIONS=mode=off %t | FileCheck %s --check-prefix=MODEOFF
// ON: main: start=300 disabled=0 enabled=300 is_enabled=1
// ON: worker: start=300 disabled=0 enabled=300
// OFF: main: start=0 disabled=0 enabled=300 is_enabled=1
// OFF: worker: start=0 disabled=0 enabled=300
// PHI: main: start=100 disabled=0 enabled=100 is_enabled=1
// PHI: worker: start=100 disabled=0 enabled=100
// PHI: ptrhook: by kind: phi 400{{$}}
// MODEOFF: main: start=0 disabled=0 enabled=0
// MODEOFF: worker: start=0 disabled=0 enabled=0
