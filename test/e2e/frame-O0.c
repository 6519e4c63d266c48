// Checks that at -O0 hook calls barely grow a frame: a recursive function
// passing 16-byte structs by value (reduced from jq's jv_setpath, whose frame
// went from 256 to 960 bytes and overflowed 8 MB at 10,000 levels) keeps its
// frame within 32 bytes of the uninstrumented one (552 before, 200 now, 184
// plain, LLVM 14 and 22 alike).
// RUN: %clang -target x86_64-unknown-linux-gnu -O0 -c -fstack-usage %s -o %t.plain.o
// RUN: %clang -target x86_64-unknown-linux-gnu -O0 -c -fstack-usage -fpass-plugin=%plugin %s -o %t.instr.o
// RUN: cat %t.plain.su %t.instr.su | awk -F '\t' \
// RUN:   '$1 ~ /:setpath$/ { f[n++] = $2 } \
// RUN:    END { print "plain", f[0], "instrumented", f[1], (f[1] - f[0] <= 32 ? "ok" : "too big") }' \
// RUN:   | FileCheck %s
// CHECK: plain {{[0-9]+}} instrumented {{[0-9]+}} ok

typedef struct {
  unsigned char kind, pad;
  unsigned short off;
  int size;
  void *ptr;
} jv;

jv jv_get(jv t, jv k);
jv jv_set(jv t, jv k, jv v);
jv jv_copy(jv a);
void jv_free(jv a);
int jv_len(jv a);
jv jv_idx(jv a, int i);

jv setpath(jv root, jv path, jv v) {
  if (jv_len(path) == 0) {
    jv_free(path);
    jv_free(root);
    return v;
  }
  jv first = jv_idx(jv_copy(path), 0);
  jv subroot = jv_get(jv_copy(root), jv_copy(first));
  jv rest = jv_idx(path, 1);
  return jv_set(root, first, setpath(subroot, rest, v));
}
