/*===-- rt_init.c - runtime init: active copy, options, output, trace -----===*
 *
 * Init runs once per copy of the runtime, from whichever comes first: the
 * constructor, the first hook call, or a public API call.  All three go
 * through ensure_init() in rt_hook.c (pthread_once), which calls
 * __ptrhook_init_once() below with the address of its own hook.
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
 * unless the program defines its own, in which case the archive members
 * holding the hooks and init are not linked at all.
 *===----------------------------------------------------------------------===*/
#include "rt_init.h"
#include "rt_options.h"
#include "rt_output.h"
#include "rt_registry.h"
#include "rt_sites.h"
#include "rt_thread.h"
#include "rt_trace.h"
#include "rt_tracefile.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef PTRHOOK_RT_SHARED
#include <dlfcn.h>
#endif

/* Whether this copy of the runtime, whose hook is `own_hook`, is the one
 * the hook calls reach.  Cannot fail: an unexpected answer from dlsym
 * counts as active, because one summary too many beats none. */
PTRHOOK_NO_INSTRUMENT static bool detect_active(void (*own_hook)(uintptr_t)) {
#ifdef PTRHOOK_RT_SHARED
  void *bound = dlsym(RTLD_DEFAULT, PTRHOOK_HOOK_NAME);

  /* Compare as integers: ISO C has no function-to-object pointer cast. */
  return bound == NULL || (uintptr_t)bound == (uintptr_t)own_hook;
#else
  (void)own_hook;
  return true;
#endif
}

/* fork() child handler: restart the counts, reopen output=PATH and the
 * trace for the new pid.  Runs with only the forking thread alive. */
PTRHOOK_NO_INSTRUMENT static void after_fork_child(void) {
  __ptrhook_thread_after_fork_child();
  __ptrhook_output_reopen_after_fork();
  if (PTRHOOK_STATE_SYM.mode == PTRHOOK_MODE_TRACE)
    __ptrhook_trace_after_fork_child();
}

/* A program may set its own defaults by defining this (ptrhook.h); the
 * environment still wins.  Weak and undefined here: the address is NULL
 * unless the program (or a DSO it loaded before init) defines it. */
extern const char *PTRHOOK_DEFAULT_OPTIONS_SYM(void) __attribute__((weak));

/* Read the options: the program's defaults, then the environment.  Exits
 * with status 1 on a malformed value. */
PTRHOOK_NO_INSTRUMENT static void read_options(struct __ptrhook_options *opts) {
  __ptrhook_options_set_defaults(opts);
  if (PTRHOOK_DEFAULT_OPTIONS_SYM != NULL &&
      __ptrhook_options_parse(opts, PTRHOOK_DEFAULT_OPTIONS_SYM(),
                              PTRHOOK_DEFAULT_OPTIONS_NAME "()", 0) < 0)
    _exit(1);
  /* secure_getenv: a set-uid program must not let the environment choose
   * a file for it to create, or what it records. */
  if (__ptrhook_options_parse(opts, secure_getenv("PTRHOOK_OPTIONS"),
                              "PTRHOOK_OPTIONS", 1) < 0)
    _exit(1); /* like compiler-rt: a malformed option ends the run */
  if (opts->trace_buffer < 64 || opts->trace_buffer > (1u << 24)) {
    char num[PTRHOOK_DEC_MAX];
    __ptrhook_format_dec(num, opts->trace_buffer);
    __ptrhook_print(STDERR_FILENO,
                    "ptrhook: error: option 'trace_buffer' expects a number "
                    "from 64 to 16777216, got '",
                    num, "'\n", (const char *)NULL);
    _exit(1);
  }
}

/* An output could not be opened at start (reported already): with
 * exit_on_output_error=1 the run ends here, before main, as it does on a
 * malformed option; otherwise the program runs as it would uninstrumented. */
PTRHOOK_NO_INSTRUMENT static void
output_failed_at_start(const struct __ptrhook_options *opts) {
  if (!opts->exit_on_output_error)
    return;
  __ptrhook_print(STDERR_FILENO,
                  "ptrhook: error: exiting with status 1 "
                  "(exit_on_output_error=1)\n",
                  (const char *)NULL);
  _exit(1);
}

/* Options that mean nothing in the mode chosen: said once, at start,
 * rather than found missing at exit. */
PTRHOOK_NO_INSTRUMENT static void
warn_unused_options(const struct __ptrhook_options *opts) {
  if (opts->log && opts->mode != PTRHOOK_MODE_LOG &&
      opts->mode != PTRHOOK_MODE_COUNT)
    __ptrhook_print(STDERR_FILENO, "ptrhook: warning: log=1 overrides mode=",
                    __ptrhook_mode_name(opts->mode), " (log=1 is mode=log)\n",
                    (const char *)NULL);
  if (opts->counts[0] != '\0' && !opts->log &&
      opts->mode != PTRHOOK_MODE_COUNT)
    __ptrhook_print(STDERR_FILENO, "ptrhook: warning: counts=",
                    opts->counts, " is written in mode=count only, not mode=",
                    __ptrhook_mode_name(opts->mode), "\n", (const char *)NULL);
  else if (opts->counts[0] != '\0' && opts->log)
    __ptrhook_print(STDERR_FILENO, "ptrhook: warning: counts=",
                    opts->counts, " is written in mode=count only, not with "
                    "log=1\n", (const char *)NULL);
}

PTRHOOK_NO_INSTRUMENT void __ptrhook_init_once(void (*own_hook)(uintptr_t)) {
  struct __ptrhook_state *st = &PTRHOOK_STATE_SYM;
  struct __ptrhook_options *opts = &st->options;

  __ptrhook_options_set_defaults(opts);
  st->active = detect_active(own_hook);
  st->mode = PTRHOOK_MODE_COUNT;
  atomic_store(&st->enabled, true);
  atomic_store(&st->kinds, PTRHOOK_KINDS_ALL);
  if (st->active) {
    read_options(opts);
    st->mode = (uint8_t)(opts->log ? PTRHOOK_MODE_LOG : opts->mode);
    atomic_store(&st->enabled, opts->enabled);
    atomic_store(&st->kinds, (unsigned)opts->kinds);
    __ptrhook_sites_check_kinds((unsigned)opts->kinds);
    warn_unused_options(opts);
    /* An output that cannot be opened is reported; the output goes to
     * stderr, events are counted. */
    if (opts->output[0] != '\0' && __ptrhook_output_open(opts->output) != 0)
      output_failed_at_start(opts);
    if (opts->help)
      __ptrhook_options_print_help(opts);
    if (st->mode == PTRHOOK_MODE_TRACE) {
      if (__ptrhook_tracefile_open(opts->trace_path) != 0)
        output_failed_at_start(opts);
      else if (opts->handle_signals)
        __ptrhook_trace_install_signals();
    }
    /* Without a key, threads fold every event: exact, only slower. */
    __ptrhook_registry_init(__ptrhook_thread_retire);
    pthread_atfork(__ptrhook_registry_lock, __ptrhook_registry_unlock,
                   after_fork_child);
  }
  atomic_store_explicit(&st->ready, true, memory_order_release);
}
