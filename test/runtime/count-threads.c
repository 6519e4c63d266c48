// Checks exact counts under 16 threads x 1,000,200 events, with both hook
// ABIs: every thread's own count, the process total in the summary, and
// (abi=site) the per-kind and per-site counts, which add up to the total.
// RUN: %clang -O2 -pthread -I%S/Inputs -fpass-plugin=%plugin %S/Inputs/threads.c %rtlib -o %t.addr
// RUN: env PTRHOOK_OPTIONS=summary=1 %t.addr 2>&1 | FileCheck %s
// RUN: %clang -O2 -pthread -I%S/Inputs -fpass-plugin=%plugin -Xclang -load -Xclang %plugin -mllvm -ptrhook-abi=site %S/Inputs/threads.c %rtlib -o %t.site
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env PTRHOOK_OPTIONS=summary=1:counts=%t.d/c %t.site > %t.out 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,SITE < %t.out
// RUN: FileCheck %s --check-prefix=COUNTS < %t.d/c.*
// The kinds add up to the total, in the summary and in the counts file:
// RUN: awk '/events in/ { t = $2 } /by kind:/ { gsub(/,/, ""); for (i = 5; i <= NF; i += 2) s += $i } END { print (s == t ? "sum ok " : "sum BAD ") s " " t }' %t.out | FileCheck %s --check-prefix=SUM
// RUN: awk -F'\t' '$1 == "events" { t = $2 } $1 == "kind" { k += $3 } $1 == "site" || $1 == "unattributed" { s += ($1 == "site" ? $2 : $3) } END { print (k == t && s == t ? "sum ok " : "sum BAD ") k " " s " " t }' %t.d/c.* | FileCheck %s --check-prefix=SUM
// CHECK-COUNT-16: thread events=1000200
// CHECK: workers=16003200 main=[[MAIN:[0-9]+]] total=[[TOTAL:[0-9]+]] bad=0
// CHECK: ptrhook: [[TOTAL]] events in 17 threads
// 16 x 3334 x 100 for each of walk's three sites (phi, gep, load):
// SITE-NEXT: ptrhook: by kind: {{.*}}phi 5334400{{$}}
// SUM: sum ok
// COUNTS: threads{{.}}17
// A worker: its walks and the few events of worker() itself.
// COUNTS-COUNT-16: thread{{.}}{{[0-9]+}}{{.}}{{[0-9]+}}{{.}}10002{{[0-9][0-9]$}}
// COUNTS: kind{{.}}phi{{.}}5334400
// COUNTS: site{{.}}5334400{{.}}phi{{.}}{{.*}}:{{[0-9]+}}:{{[0-9]+}}{{.}}walk
// COUNTS: site{{.}}5334400{{.}}gep{{.}}{{.*}}:{{[0-9]+}}:{{[0-9]+}}{{.}}walk
// COUNTS: site{{.}}5334400{{.}}load{{.}}{{.*}}:{{[0-9]+}}:{{[0-9]+}}{{.}}walk
