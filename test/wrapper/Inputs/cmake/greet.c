#include <stdio.h>
#include <string.h>
void greet(const char *who) {
  char buf[64];
  snprintf(buf, sizeof buf, "hello, %s", who);
  puts(strchr(buf, 'h'));
}
