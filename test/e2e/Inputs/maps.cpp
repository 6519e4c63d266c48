// A C++ program for the hook= tests: a std::map, strings, an exception.
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

static int lookup(const std::map<std::string, int> &m, const std::string &k) {
  auto it = m.find(k);
  if (it == m.end())
    throw std::out_of_range(k);
  return it->second;
}

int main() {
  std::map<std::string, int> m;
  for (int i = 0; i < 200; i++)
    m["key" + std::to_string(i)] = i;
  long s = 0;
  for (int i = 0; i < 250; i++) {
    try {
      s += lookup(m, "key" + std::to_string(i));
    } catch (const std::out_of_range &) {
      s -= 1;
    }
  }
  std::printf("s=%ld\n", s);
  return 0;
}
