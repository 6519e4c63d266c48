// Checks C++ with exceptions at -O0 and -O2: invokes, landing pads and
// cleanups are instrumented, the program behaves exactly as without ptrhook,
// and events are reported on both the normal and the exceptional paths.
// RUN: %clangxx -O2 %s %rtlib -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -O0 -fpass-plugin=%plugin %s %rtlib -o %t0
// RUN: %t0 > %t0.out
// RUN: diff %t.plain.out %t0.out
// RUN: %clangxx -O2 -fpass-plugin=%plugin %s %rtlib -o %t2
// RUN: %t2 > %t2.out
// RUN: diff %t.plain.out %t2.out
// RUN: env PTRHOOK_OPTIONS=summary=1 %t2 2>&1 | FileCheck %s
// CHECK: caught 7 at depth 7
// CHECK: caught 3 at depth 3
// CHECK: vector sum 45
// CHECK: ptrhook: {{[1-9][0-9]*}} events in 1 thread
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Guard {
  std::string name;
  explicit Guard(std::string n) : name(std::move(n)) {}
  ~Guard() { std::printf("unwind %s\n", name.c_str()); }
};

__attribute__((noinline)) int dive(int depth, int limit) {
  auto g = std::make_unique<Guard>("level " + std::to_string(depth));
  if (depth == limit)
    throw std::runtime_error(std::to_string(depth));
  return dive(depth + 1, limit) + 1;
}

int main() {
  for (int limit : {7, 3}) {
    try {
      dive(0, limit);
    } catch (const std::exception &e) {
      std::printf("caught %s at depth %d\n", e.what(), limit);
    }
  }
  std::vector<int> v;
  for (int i = 0; i < 10; i++)
    v.push_back(i);
  int sum = 0;
  for (int *p = v.data(); p != v.data() + v.size(); ++p)
    sum += *p;
  std::printf("vector sum %d\n", sum);
  std::fflush(stdout);
  return 0;
}
