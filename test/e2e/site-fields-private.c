// Checks that a hook written for layout 2, reading the descriptor's fields
// directly, does not compile against layout 3's ptrhook.h (it would read
// garbage): the fields are private, the accessors are the interface.
// RUN: not %clang -fsyntax-only %s 2>&1 | FileCheck %s
// CHECK: error: no member named 'line' in 'struct ptrhook_site'
// CHECK: error: no member named 'function' in 'struct ptrhook_site'
#include "ptrhook.h"

unsigned line_of(const struct ptrhook_site *site) { return site->line; }
const char *function_of(const struct ptrhook_site *site) {
  return site->function;
}
