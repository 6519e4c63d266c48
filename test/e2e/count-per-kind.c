// Checks per-kind event counts of the hand-counted walk (Inputs/walk.c), one
// kind at a time.  They are the same on every supported LLVM: typed pointers
// (14-16) add only bitcasts and all-zero GEPs, which are not reported.
//   -O0: alloca 2 (n.addr, s), load 401 (4 per node + the last loop test),
//        gep 100 (&n->v; &n->next has all-zero indices), the rest 0 = 503
//   -O2: phi 100, gep 100, load 100 (n->next), the rest 0         = 300
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=alloca %S/Inputs/walk.c %rtlib -o %t.O0.alloca
// RUN: %t.O0.alloca | FileCheck %s --check-prefix=O0-ALLOCA
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=load %S/Inputs/walk.c %rtlib -o %t.O0.load
// RUN: %t.O0.load | FileCheck %s --check-prefix=O0-LOAD
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=gep %S/Inputs/walk.c %rtlib -o %t.O0.gep
// RUN: %t.O0.gep | FileCheck %s --check-prefix=O0-GEP
// RUN: %clang -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=call,cast,phi,select,other %S/Inputs/walk.c %rtlib -o %t.O0.rest
// RUN: %t.O0.rest | FileCheck %s --check-prefix=NONE
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=phi %S/Inputs/walk.c %rtlib -o %t.O2.phi
// RUN: %t.O2.phi | FileCheck %s --check-prefix=HUNDRED
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=gep %S/Inputs/walk.c %rtlib -o %t.O2.gep
// RUN: %t.O2.gep | FileCheck %s --check-prefix=HUNDRED
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=load %S/Inputs/walk.c %rtlib -o %t.O2.load
// RUN: %t.O2.load | FileCheck %s --check-prefix=HUNDRED
// RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-kinds=alloca,call,cast,select,other %S/Inputs/walk.c %rtlib -o %t.O2.rest
// RUN: %t.O2.rest | FileCheck %s --check-prefix=NONE
// O0-ALLOCA: walk-events=2 total=
// O0-LOAD: walk-events=401 total=
// O0-GEP: walk-events=100 total=
// HUNDRED: walk-events=100 total=
// NONE: walk-events=0 total=
