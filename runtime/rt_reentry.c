/*===-- rt_reentry.c - events the re-entry guard kept from the hook -------===*
 *
 * A user's hook compiled with the plugin carries a guard (the pass puts it
 * there, ReentryGuard.cpp): an event raised while the same thread is
 * inside the hook (by instrumented code the hook calls) is not delivered
 * to it again, which would recurse until the stack overflows.  The guard
 * reads the thread's depth, __ptrhook_hook_depth, defined here and
 * exported (ptrhook.dynlist), so that the executable and every DSO share
 * one per thread; it reports each event it drops through
 * __ptrhook_reentry_drop() (rt_hook.c), which registers the thread and
 * counts the event here.  At exit the runtime says how many were dropped:
 * nothing that was raised goes silently missing.
 *
 * The counts follow the registry's rules (rt_report.c): a live thread's
 * are in its record, an exited thread's in `retired`; both read under the
 * registry lock.
 *===----------------------------------------------------------------------===*/
#include "rt_reentry.h"
#include "rt_output.h"
#include "rt_registry.h"

#include <stdio.h>
#include <unistd.h>

PTRHOOK_EXPORT _Thread_local uint32_t PTRHOOK_HOOK_DEPTH_SYM
    __attribute__((tls_model("initial-exec")));

/* Dropped events of exited (and FOLDING) threads. */
static atomic_uint_least64_t retired;
/* Every hook any thread dropped events of (bit = hook index). */
static atomic_uint hooks_seen;

static const char *const hook_names[PTRHOOK_HOOK_COUNT] = {
    PTRHOOK_HOOK_NAME_LIST};

PTRHOOK_NO_INSTRUMENT void __ptrhook_reentry_count(struct __ptrhook_thread *t,
                                                   uint32_t hook) {
  uint32_t bit = hook < PTRHOOK_HOOK_COUNT ? 1u << hook : 0;

  /* Once per thread and hook: the shared mask is not written per event. */
  if (!(t->rhooks & bit)) {
    t->rhooks |= bit;
    atomic_fetch_or_explicit(&hooks_seen, bit, memory_order_relaxed);
  }
  if (t->state == PTRHOOK_THREAD_FOLDING)
    atomic_fetch_add_explicit(&retired, 1, memory_order_relaxed);
  else
    __atomic_store_n(&t->rdropped, t->rdropped + 1, __ATOMIC_RELAXED);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_reentry_retire_locked(struct __ptrhook_thread *t) {
  atomic_fetch_add_explicit(&retired, t->rdropped, memory_order_relaxed);
  t->rdropped = 0;
}

PTRHOOK_NO_INSTRUMENT uint64_t __ptrhook_reentry_total_locked(uint32_t *hooks) {
  uint64_t total = atomic_load_explicit(&retired, memory_order_relaxed);

  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next)
    total += __atomic_load_n(&t->rdropped, __ATOMIC_RELAXED);
  if (hooks != NULL)
    *hooks = atomic_load_explicit(&hooks_seen, memory_order_relaxed);
  return total;
}

/* "__injected_hook", or "__injected_hook and __injected_hook_site" ...,
 * for the hooks in `mask`, into `out` (`size` bytes). */
PTRHOOK_NO_INSTRUMENT static void hook_list(char *out, size_t size,
                                            uint32_t mask) {
  size_t len = 0;
  unsigned left = 0;

  /* Counted by hand: __builtin_popcount would link libgcc's helper into
   * every program. */
  for (uint32_t m = mask; m != 0; m &= m - 1)
    left++;
  out[0] = '\0';
  for (unsigned i = 0; i < PTRHOOK_HOOK_COUNT; i++) {
    if (!(mask & (1u << i)))
      continue;
    left--;
    len += (size_t)snprintf(out + len, size - len, "%s%s", hook_names[i],
                            left == 0 ? "" : left == 1 ? " and " : ", ");
    if (len >= size)
      return;
  }
}

PTRHOOK_NO_INSTRUMENT int __ptrhook_reentry_report(void) {
  char num[PTRHOOK_DEC_MAX], names[256];
  uint32_t hooks;
  uint64_t n;

  __ptrhook_registry_lock();
  n = __ptrhook_reentry_total_locked(&hooks);
  __ptrhook_registry_unlock();
  if (n == 0)
    return 0;
  __ptrhook_format_dec(num, n);
  hook_list(names, sizeof names, hooks != 0 ? hooks : 1u);
  bool one = n == 1, several = (hooks & (hooks - 1)) != 0;
  return __ptrhook_print(
      STDERR_FILENO, "ptrhook: ", num, one ? " event" : " events",
      " raised inside ", names, one ? " was" : " were",
      " not delivered to ", several ? "them" : "it",
      " (re-entry guard): code the hook calls is instrumented; mark that "
      "code PTRHOOK_NO_INSTRUMENT, or the hook PTRHOOK_REENTRANT to "
      "receive such events\n",
      (const char *)NULL);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_reentry_stop(uint32_t hook,
                                                  uint32_t depth) {
  char num[PTRHOOK_DEC_MAX];

  __ptrhook_format_dec(num, depth);
  __ptrhook_print(STDERR_FILENO, "ptrhook: error: ",
                  hook < PTRHOOK_HOOK_COUNT ? hook_names[hook] : "the hook",
                  " (PTRHOOK_REENTRANT) re-entered itself ", num,
                  " levels deep on one thread, the limit: code it calls is "
                  "instrumented and raises events that call it again; "
                  "exiting with status 1\n",
                  (const char *)NULL);
  /* Not exit(): its handlers would run instrumented code, and reach the
   * limit again.  The program's stdio is flushed all the same. */
  fflush(NULL);
  _exit(1);
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_reentry_after_fork_child(struct __ptrhook_thread *self) {
  atomic_store_explicit(&retired, 0, memory_order_relaxed);
  atomic_store_explicit(&hooks_seen, self->rhooks, memory_order_relaxed);
  self->rdropped = 0;
}
