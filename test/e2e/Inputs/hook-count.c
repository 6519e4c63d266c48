/* A counting hook for the hook= tests: one thread-local counter, summed
 * into a process total as each thread ends, printed at exit. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "ptrhook.h"

static _Thread_local uint64_t count;
static uint64_t total;
static pthread_key_t key;

static void fold(void *unused) {
  (void)unused;
  __atomic_fetch_add(&total, count, __ATOMIC_RELAXED);
  count = 0;
}

__attribute__((constructor)) static void start(void) {
  pthread_key_create(&key, fold);
}

/* Called once per thread, before its first count: arms fold() for it.
 * Kept out of the hook's fast path (noinline). */
__attribute__((noinline)) static void first_event(void) {
  pthread_setspecific(key, (void *)1);
}

void __injected_hook(uintptr_t addr) {
  (void)addr;
  if (__builtin_expect(count == 0, 0))
    first_event();
  count++;
}

__attribute__((destructor)) static void finish(void) {
  fold(NULL);
  fprintf(stderr, "hook: %llu events\n", (unsigned long long)total);
}
