/*===-- rt_registry.h - the thread registry ------------------*- C -*-===*
 *
 * The calling thread's record, the list of live ones and the lock that
 * guards it.  Layer 3 (runtime/CMakeLists.txt): uses nothing of the
 * runtime but rt_state.h; the key destructor it arms is passed in by init.
 *
 * `_locked` at the end of a function's name, here and in every layer
 * above, means: the caller holds the registry lock.  The fork child
 * handlers (`*_after_fork_child`) run with it held too (it is the
 * pthread_atfork prepare handler), in the only thread left.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_REGISTRY_H
#define PTRHOOK_RT_REGISTRY_H

#include "rt_state.h"

/* The calling thread's record.  Initial-exec: one %fs-relative access, in
 * libptrhook_rt.so as well. */
PTRHOOK_HIDDEN extern _Thread_local struct __ptrhook_thread __ptrhook_current
    __attribute__((tls_model("initial-exec")));

/* The names by which the hook definition of inline=runtime reaches the
 * active runtime (rt_hook_inline.c): the thread record (an exported alias
 * of __ptrhook_current, rt_registry.c), and the rest of each hook, beyond
 * the count mode's fast path, as preserve_most trampolines (rt_hook_cc.c). */
#define PTRHOOK_RT_TLS_SYM __ptrhook_tls
#define PTRHOOK_RT_REST_SYM __ptrhook_rest_inlined
#define PTRHOOK_RT_REST_SITE_SYM __ptrhook_rest_site_inlined
PTRHOOK_EXPORT extern _Thread_local struct __ptrhook_thread PTRHOOK_RT_TLS_SYM
    __attribute__((tls_model("initial-exec")));

/* The calling thread's record, for files that do not access TLS directly.
 * Cannot fail. */
PTRHOOK_HIDDEN struct __ptrhook_thread *__ptrhook_registry_self(void);

/* Create the pthread key whose destructor, `retire`, runs on each
 * registered thread as it exits.  Returns 0, or -1 if no key was
 * available: threads then fold every event straight into the global total
 * (exact, but each event takes the slow path). */
PTRHOOK_HIDDEN int __ptrhook_registry_init(void (*retire)(void *));

/* Arm the key destructor for the calling thread, whose record is `t`.
 * Returns false when there is no key or it could not be set. */
PTRHOOK_HIDDEN bool __ptrhook_registry_arm(struct __ptrhook_thread *t);

/* Number `t` (the next thread number) and, when `armed`, link it into the
 * live list as PTRHOOK_THREAD_LIVE; else it is PTRHOOK_THREAD_FOLDING.
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_registry_add_locked(struct __ptrhook_thread *t,
                                                  bool armed);

/* Take `t` off the live list; it is PTRHOOK_THREAD_FOLDING from then on.
 * Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_registry_remove_locked(struct __ptrhook_thread *t);

/* Take and release the registry lock (also the pthread_atfork prepare and
 * parent handlers).  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_registry_lock(void);
PTRHOOK_HIDDEN void __ptrhook_registry_unlock(void);

/* The first live record (follow ->next).  Walk the list under the lock;
 * without it only where nothing else can be done (a fatal signal
 * handler).  NULL when no thread is live. */
PTRHOOK_HIDDEN struct __ptrhook_thread *__ptrhook_registry_live(void);

/* Threads that reported an event so far (numbered); the first under the
 * lock the caller holds, the second takes it.  Cannot fail. */
PTRHOOK_HIDDEN uint64_t __ptrhook_registry_threads_locked(void);
PTRHOOK_HIDDEN uint64_t __ptrhook_registry_threads(void);

/* Set every live thread's hot mode to SLOW so it re-reads the process
 * state at its next event.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_registry_kick_all_locked(void);

/* fork() child, under the lock taken in the parent: the list holds `self`
 * alone (if it was linked), as thread 1.  Cannot fail. */
PTRHOOK_HIDDEN void
__ptrhook_registry_after_fork_child(struct __ptrhook_thread *self);

#endif /* PTRHOOK_RT_REGISTRY_H */
