// Checks -fptrhook-skip-access-geps end to end on the hand-counted walk
// (Inputs/walk.c): at -O2 each node's GEP &n->v only feeds the load of
// n->v, so 100 of the 300 events go (phi and load of n->next stay); at -O0
// the GEP feeds a load as well: 503 - 100.
// RUN: %ptrhook_cc -I%S/../../runtime/include -O2 -fptrhook-skip-access-geps %S/Inputs/walk.c -o %t.o2
// RUN: %t.o2 | FileCheck %s --check-prefix=O2
// RUN: %ptrhook_cc -I%S/../../runtime/include -O0 -fptrhook-skip-access-geps %S/Inputs/walk.c -o %t.o0
// RUN: %t.o0 | FileCheck %s --check-prefix=O0
// O2: sum=4950 walk-events=200 total={{[0-9]+}}
// O0: sum=4950 walk-events=403 total={{[0-9]+}}
