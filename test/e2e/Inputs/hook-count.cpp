// A counting hook written in C++: C linkage for the hook (extern "C"), C++
// for the rest (a thread-local counter object, std::atomic).
#include <atomic>
#include <cstdint>
#include <cstdio>

namespace {
std::atomic<std::uint64_t> total{0};
struct Counter {
  std::uint64_t n = 0;
  ~Counter() {
    total += n;
    n = 0;
  }
};
thread_local Counter counter;
struct Report {
  ~Report() {
    std::fprintf(stderr, "hook: %llu events\n",
                 static_cast<unsigned long long>(total + counter.n));
    counter.n = 0;
  }
} report;
} // namespace

extern "C" void __injected_hook(std::uintptr_t) { counter.n++; }
