#include <stdio.h>

void greet(const char *who) {
  char buf[64];
  snprintf(buf, sizeof buf, "hello, %s", who);
  puts(buf);
}
