/*===-- rt_init.c - runtime init, constructor and exit summary ------------===*
 *
 * Init runs once per copy of the runtime, from whichever comes first: the
 * constructor below, the first hook call, or a public API call.  All three
 * go through __ptrhook_ensure_init() (pthread_once).
 *
 * Which runtime is active.  A process may hold two copies: the static one,
 * linked into an instrumented executable that exports __injected_hook (the
 * compiler wrapper links it with ptrhook.dynlist), and libptrhook_rt.so,
 * pulled in by an instrumented shared library.  The DSO's hook calls then
 * bind to the executable's hook, so the executable's runtime sees every
 * event and libptrhook_rt.so must stay silent: no options, no log, no
 * summary (otherwise help, warnings and the summary would all appear twice
 * and output=PATH would be truncated twice).  The shared copy therefore asks
 * the dynamic linker where __injected_hook is bound: to itself (or nowhere
 * visible, as in a dlopen(RTLD_LOCAL) group) means it is the runtime the
 * hook calls reach and it is active; anywhere else, it is not.  The static
 * copy is always active: if it is linked in, its hook is the one in use,
 * unless the program defines its own, in which case the archive member
 * holding this code is not linked at all.
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef PTRHOOK_RT_SHARED
#include <dlfcn.h>
#endif

struct __ptrhook_state PTRHOOK_STATE_SYM;

/* Whether this copy of the runtime is the one the hook calls reach.
 * Cannot fail: an unexpected answer from dlsym counts as active, because
 * one summary too many beats none. */
PTRHOOK_NO_INSTRUMENT static bool detect_active(void) {
#ifdef PTRHOOK_RT_SHARED
  void *bound = dlsym(RTLD_DEFAULT, PTRHOOK_HOOK_NAME);

  /* Compare as integers: ISO C has no function-to-object pointer cast. */
  return bound == NULL ||
         (uintptr_t)bound == (uintptr_t)&__ptrhook_hook_self;
#else
  return true;
#endif
}

/* fork() child handler: restart the counts and reopen output=PATH for the
 * new pid.  Runs with only the forking thread alive. */
PTRHOOK_NO_INSTRUMENT static void after_fork_child(void) {
  __ptrhook_registry_after_fork_child();
  __ptrhook_output_reopen_after_fork();
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_init_once(void) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;

  __ptrhook_options_set_defaults(&st->options);
  st->active = detect_active();
  if (st->active) {
    /* secure_getenv: a set-uid program must not let the environment choose
     * a file for it to create. */
    if (__ptrhook_options_parse(&st->options,
                                secure_getenv("PTRHOOK_OPTIONS")) < 0)
      _exit(1); /* like compiler-rt: a malformed option ends the run */
    if (st->options.output[0] != '\0')
      __ptrhook_output_open(st->options.output); /* falls back to stderr */
    if (st->options.help)
      __ptrhook_options_print_help(&st->options);
    st->log = st->options.log;
    /* Without a key, threads fold every event: exact, only slower. */
    __ptrhook_registry_init();
    pthread_atfork(__ptrhook_registry_lock, __ptrhook_registry_unlock,
                   after_fork_child);
  }
  atomic_store_explicit(&st->ready, true, memory_order_release);
}

/* Priority 101, the first one open to programs: runs before the program's
 * own prioritized and plain constructors in the same object, so help and
 * option diagnostics come first.  Hook calls made even earlier (another
 * object's constructor) simply init from the hook. */
PTRHOOK_NO_INSTRUMENT __attribute__((constructor(101))) static void
ptrhook_rt_ctor(void) {
  __ptrhook_ensure_init();
}

/* Destructors of one object run in reverse priority order, so 101 makes
 * this the last one of its object: it runs from _dl_fini, after the atexit
 * handlers, the C++ static destructors and the program's own plain
 * destructors, and counts their events too.  Events reported after it
 * (destructors of other objects) are counted but no longer printed. */
PTRHOOK_NO_INSTRUMENT __attribute__((destructor(101))) static void
ptrhook_rt_dtor(void) {
  __ptrhook_ensure_init();
  if (PTRHOOK_STATE_SYM.active && PTRHOOK_STATE_SYM.options.summary)
    __ptrhook_write_summary();
}
