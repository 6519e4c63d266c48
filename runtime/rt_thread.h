/*===-- rt_thread.h - a thread's first event, exit, fork -------*- C -*-===*
 *
 * Layer 7 (runtime/CMakeLists.txt): uses the registry, the recording
 * modes and the reports.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_RT_THREAD_H
#define PTRHOOK_RT_THREAD_H

#include "rt_state.h"

/* First event of the calling thread, whose record is `t`: number it, link
 * it and arm the key destructor; without a key, it folds every event.
 * Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_thread_register(struct __ptrhook_thread *t);

/* The pthread key destructor (__ptrhook_registry_init): runs on the exiting
 * thread, once its start routine returned or it called pthread_exit, with
 * its record `arg`.  Writes its trace buffer, adds its counts to the
 * process totals and unlinks it.  (The main thread never gets here: exit()
 * leaves its record linked, and valid, to the end.)  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_thread_retire(void *arg);

/* fork() child handler, under the registry lock taken in the parent (which
 * it releases): drop the threads that do not exist in the child, restart
 * the counts at zero.  Cannot fail. */
PTRHOOK_HIDDEN void __ptrhook_thread_after_fork_child(void);

#endif /* PTRHOOK_RT_THREAD_H */
