/* Calls nth() 1000 times with loop-invariant arguments: each call reports
 * the GEP inside nth() and the pointer it returns, 2 events. */
#include <stdint.h>
#include <stdio.h>

long *nth(long *base, long i);
extern uint64_t hook_events;
static long arr[16];

int main(void) {
  long acc = 0;
  uint64_t before = hook_events;
  for (int r = 0; r < 1000; r++)
    acc += *nth(arr, 3);
  printf("acc=%ld nth-events=%llu\n", acc,
         (unsigned long long)(hook_events - before));
  return 0;
}
