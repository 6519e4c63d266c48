/*===-- rt_internal.h - declarations shared by the runtime's files -*- C -*-===*
 *
 * Naming: the public API is ptrhook_* (ptrhook.h); everything else with
 * external linkage is __ptrhook_* and hidden, so that neither copy of the
 * runtime (libptrhook_rt.a linked into an executable, libptrhook_rt.so)
 * exports or interposes internals.  The `__ptrhook_` prefix also keeps the
 * pass away from these functions if the runtime is ever compiled with it.
 *
 * Every function of the runtime carries PTRHOOK_NO_INSTRUMENT (the pass's
 * opt-out annotation with clang, noinline everywhere): the runtime must
 * never report its own pointers, even if someone builds it with LTO and
 * the plugin at link time.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_INTERNAL_H
#define PTRHOOK_RT_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ptrhook.h"
#include "rt_options.h"
#include "rt_output.h"

#define PTRHOOK_HIDDEN __attribute__((visibility("hidden")))
#define PTRHOOK_EXPORT __attribute__((visibility("default")))
#define PTRHOOK_LIKELY(x) __builtin_expect(!!(x), 1)
#define PTRHOOK_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Process-wide state of this copy of the runtime.  Written once by
 * __ptrhook_init_once() (and by the fork child handler), read everywhere
 * after __ptrhook_ensure_init(). */
struct __ptrhook_state {
  /* Set (release) as the last step of init; the hook's slow path and the
   * API read it (acquire) to skip pthread_once once init is done. */
  atomic_bool ready;
  /* This copy of the runtime owns the output: it parsed PTRHOOK_OPTIONS
   * and prints the log and the summary.  Always true in the static
   * runtime; see rt_init.c for the shared one. */
  bool active;
  /* active && options.log, cached for the slow path. */
  bool log;
  struct __ptrhook_options options;
};
PTRHOOK_HIDDEN extern struct __ptrhook_state PTRHOOK_STATE_SYM;

/*--- rt_hook.c: hot path, thread registry ---------------------------------*/

/* A hidden alias of this copy's hook.  Its address is resolved inside the
 * object, never through the GOT, so it is "our" hook even when the global
 * symbol __injected_hook is bound elsewhere.  Only the shared runtime
 * defines it. */
PTRHOOK_HIDDEN void __ptrhook_hook_self(uintptr_t addr);

/* Everything the hook does besides counting: init, registering the thread,
 * folding events of a thread whose TLS destructor already ran, log mode.
 * Returns at once when the calling thread is already inside the runtime. */
/* Name of kind K ("alloca" ...), "?" when out of range (rt_sites.c). */
PTRHOOK_HIDDEN const char *__ptrhook_kind_name(unsigned k);

PTRHOOK_HIDDEN void __ptrhook_hook_slow(uintptr_t addr,
                                        const struct ptrhook_site *site);

/* Run __ptrhook_init_once() exactly once per process; safe from a
 * constructor, the first hook call or the API, whichever comes first, and
 * from several threads at once.  Cannot fail (init itself may exit the
 * process on malformed options). */
PTRHOOK_HIDDEN void __ptrhook_ensure_init(void);

/* Create the pthread key whose destructor retires exiting threads.
 * Returns 0, or -1 if no key was available: threads then fold every event
 * straight into the global total (exact, but each event takes the slow
 * path). */
PTRHOOK_HIDDEN int __ptrhook_registry_init(void);

/* pthread_atfork handlers: hold the registry lock across fork(), and in the
 * child drop the threads that do not exist there and restart the counts at
 * zero, so each process reports the events of its own pid. */
PTRHOOK_HIDDEN void __ptrhook_registry_lock(void);
PTRHOOK_HIDDEN void __ptrhook_registry_unlock(void);
PTRHOOK_HIDDEN void __ptrhook_registry_after_fork_child(void);

/* Events of the whole process (retired threads plus live ones); stores the
 * number of threads that reported at least one event in `*threads` unless
 * `threads` is NULL.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_registry_totals(uint64_t *threads);

/* Write "ptrhook: N events in T threads\n" to the output.  Returns 0, or -1
 * if the write failed. */
PTRHOOK_HIDDEN int __ptrhook_write_summary(void);

/*--- rt_init.c: init, constructor, destructor -----------------------------*/

/* The body of init: decide whether this copy is active, read the options,
 * open the output, print help, create the thread key.  Only through
 * __ptrhook_ensure_init().  Exits the process with status 1 on malformed
 * PTRHOOK_OPTIONS; every other failure degrades (stderr, folding). */
PTRHOOK_HIDDEN void __ptrhook_init_once(void);

#endif /* PTRHOOK_RT_INTERNAL_H */
