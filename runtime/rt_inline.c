/*===-- rt_inline.c - events counted inline (inline=count) ----------------===*
 *
 * Code built with -fptrhook-inline=count calls no hook: each event adds 1
 * to the thread's counter of its kind, __ptrhook_inline_counts[kind], a
 * thread-local array defined here, and each instrumented function checks
 * __ptrhook_inline_thread on entry and calls __ptrhook_inline_enter once
 * per thread (ptrhook_abi.h).  That call links the thread into the
 * registry like a first hook event (rt_hook.c) and records where its
 * counters are (`t->icounts`), so that totals, reports and the thread's
 * exit can read them.
 *
 * Run-time control without a test on the hot path.  The counters always
 * count; what the program disabled is subtracted.  For each kind the
 * runtime knows whether it is recorded now (enabled, mode not off, in the
 * kind mask: `recording`), and for each thread:
 *
 *   imark[k]  the counter's value when kind k last stopped being recorded
 *   iskip[k]  events of kind k made while it was not recorded, before that
 *
 * so the events recorded are c - iskip - (recording ? 0 : c - imark).
 * Every change of the process state (ptrhook_enable/disable/set_kinds)
 * updates the marks of every live thread under the registry lock
 * (__ptrhook_inline_sync_locked).  Events that race with the change land on
 * either side of it, as they would with the hooks.
 *
 * Every function here runs under the registry lock or on the owning
 * thread; other threads' counters are read with relaxed loads (an aligned
 * 8-byte load never tears).
 *
 * Not counted: events of a thread after its exit destructor ran (a later
 * TLS destructor running inline-counted code), and events of a thread whose
 * pthread key could not be set (PTHREAD_KEYS_MAX reached).
 *===----------------------------------------------------------------------===*/
#include "rt_inline.h"
#include "rt_output.h"
#include "rt_registry.h"

#include <string.h>
#include <unistd.h>

PTRHOOK_EXPORT _Thread_local uint64_t PTRHOOK_INLINE_COUNTS_SYM
    [PTRHOOK_INLINE_KIND_COUNT] __attribute__((tls_model("initial-exec"), aligned(64)));
PTRHOOK_EXPORT _Thread_local uint8_t PTRHOOK_INLINE_THREAD_SYM
    __attribute__((tls_model("initial-exec"), aligned(8)));

/* Recorded events of exited threads, per kind. */
static uint64_t retired[PTRHOOK_INLINE_KIND_COUNT];
/* The kinds recorded when the marks were last updated; `synced` false
 * until the first update. */
static unsigned recording;
static bool synced;
static atomic_bool warned_mode;

/* The kinds recorded now, from the process state. */
PTRHOOK_NO_INSTRUMENT static unsigned recording_now(void) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;

  if (!atomic_load_explicit(&st->enabled, memory_order_relaxed) ||
      st->mode == PTRHOOK_MODE_OFF)
    return 0;
  return atomic_load_explicit(&st->kinds, memory_order_relaxed) &
         PTRHOOK_KINDS_ALL;
}

PTRHOOK_NO_INSTRUMENT static uint64_t counter(const struct __ptrhook_thread *t,
                                              unsigned k) {
  return __atomic_load_n(&t->icounts[k], __ATOMIC_RELAXED);
}

/* Recorded events of kind `k` of `t`. */
PTRHOOK_NO_INSTRUMENT static uint64_t recorded(const struct __ptrhook_thread *t,
                                               unsigned k) {
  uint64_t c = counter(t, k), n = c - t->iskip[k];

  if (!(recording & (1u << k)))
    n -= c - t->imark[k];
  return n;
}

/* Kinds that stop being recorded: remember where their counters are. */
PTRHOOK_NO_INSTRUMENT static void stop(struct __ptrhook_thread *t,
                                       unsigned kinds) {
  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    if (kinds & (1u << k))
      t->imark[k] = counter(t, k);
}

/* Kinds recorded again: what happened meanwhile is skipped for good. */
PTRHOOK_NO_INSTRUMENT static void resume(struct __ptrhook_thread *t,
                                         unsigned kinds) {
  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    if (kinds & (1u << k))
      t->iskip[k] += counter(t, k) - t->imark[k];
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_inline_sync_locked(void) {
  unsigned now = recording_now();

  if (!synced) {
    recording = now;
    synced = true;
    return;
  }
  if (now == recording)
    return;
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next)
    if (t->icounts != NULL) {
      stop(t, recording & ~now);
      resume(t, now & ~recording);
    }
  recording = now;
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_inline_attach_locked(
    struct __ptrhook_thread *self) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;

  __ptrhook_inline_sync_locked();
  self->icounts = PTRHOOK_INLINE_COUNTS_SYM;
  memset(self->iskip, 0, sizeof self->iskip);
  /* Kinds not recorded now start out stopped, at the current count (0, or
   * the events counted while the runtime was busy registering us). */
  stop(self, ~recording & PTRHOOK_KINDS_ALL);
  if ((st->mode == PTRHOOK_MODE_TRACE || st->mode == PTRHOOK_MODE_LOG) &&
      st->active &&
      !atomic_exchange_explicit(&warned_mode, true, memory_order_relaxed))
    __ptrhook_print(STDERR_FILENO,
                    "ptrhook: warning: code built with "
                    "-fptrhook-inline=count calls no hook: its events are "
                    "counted per kind, not ",
                    st->mode == PTRHOOK_MODE_TRACE ? "traced" : "logged",
                    "\n", (const char *)NULL);
}

PTRHOOK_NO_INSTRUMENT uint64_t
__ptrhook_inline_thread_count(const struct __ptrhook_thread *t) {
  uint64_t n = 0;

  if (t->icounts == NULL)
    return 0;
  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    n += recorded(t, k);
  return n;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_inline_retire_locked(struct __ptrhook_thread *t) {
  if (t->icounts == NULL)
    return;
  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    retired[k] += recorded(t, k);
}

PTRHOOK_NO_INSTRUMENT bool
__ptrhook_inline_by_kind_locked(uint64_t out[PTRHOOK_KIND_COUNT]) {
  bool any = false;

  memset(out, 0, PTRHOOK_KIND_COUNT * sizeof *out);

  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    out[k] = retired[k];
  for (struct __ptrhook_thread *t = __ptrhook_registry_live(); t != NULL;
       t = t->next)
    if (t->icounts != NULL) {
      any = true;
      for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
        out[k] += recorded(t, k);
    }
  for (unsigned k = 0; k < PTRHOOK_INLINE_KIND_COUNT; k++)
    any |= out[k] != 0;
  return any;
}

PTRHOOK_NO_INSTRUMENT void
__ptrhook_inline_after_fork_child(struct __ptrhook_thread *self) {
  /* The child counts its own events only (like the hooks' counts). */
  memset(retired, 0, sizeof retired);
  memset(PTRHOOK_INLINE_COUNTS_SYM, 0, sizeof PTRHOOK_INLINE_COUNTS_SYM);
  memset(self->iskip, 0, sizeof self->iskip);
  memset(self->imark, 0, sizeof self->imark);
}
