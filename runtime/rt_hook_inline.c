/*===-- rt_hook_inline.c - the runtime's hooks, inlined (inline=runtime) --===*
 *
 * Not part of the runtime libraries.  Compiled (by clang, with the plugin's
 * hook-definition mode) into the hook definition ptrhook_rt_hook.bc, which
 * the pass imports and inlines at every site with the pass parameter
 * inline=runtime (wrapper: -fptrhook-inline=runtime): the runtime's own
 * fast paths (rt_hot.h, the same as the out-of-line hooks') without the
 * call, so that every mode of PTRHOOK_OPTIONS (count, trace, log, off)
 * stays available at run time.
 *
 * The inlined code reaches the active runtime through exported names, which
 * bind like the hooks do (to the executable's runtime when it exports them,
 * else to libptrhook_rt.so): the thread record __ptrhook_tls, and the slow
 * path and site-counter miss as preserve_most trampolines, so that a site
 * saves no register for the call it makes only when its thread's mode is
 * SLOW or a trace buffer is full.  Every hook name is defined, whatever
 * its calling convention: inlined, the convention does not matter.
 *===----------------------------------------------------------------------===*/
#define PTRHOOK_HOT_SELF (&PTRHOOK_RT_TLS_SYM)
#include "rt_hot.h"

#if !defined(__clang__)
#error "rt_hook_inline.c is compiled by clang into a hook definition"
#endif

__attribute__((preserve_most, cold)) void
PTRHOOK_RT_SLOW_SYM(uintptr_t addr, const struct ptrhook_site *site);
__attribute__((preserve_most, cold)) void
PTRHOOK_RT_MISS_SYM(const struct ptrhook_site *site);

/* PTRHOOK_INLINED_HOOKS(CC, PLAIN, SITE): the plain and the site-aware hook
 * under the names of convention CC. */
#define PTRHOOK_INLINED_HOOKS(CC, PLAIN, SITE)                                 \
  CC void PLAIN(uintptr_t addr) {                                              \
    if (PTRHOOK_LIKELY(__ptrhook_hot_addr(addr)))                              \
      return;                                                                  \
    PTRHOOK_RT_SLOW_SYM(addr, NULL);                                           \
  }                                                                            \
  CC void SITE(uintptr_t addr, const struct ptrhook_site *site) {              \
    enum __ptrhook_hot_result r = __ptrhook_hot_site(addr, site);              \
                                                                               \
    if (PTRHOOK_LIKELY(r == PTRHOOK_HOT_DONE))                                 \
      return;                                                                  \
    if (r == PTRHOOK_HOT_MISS)                                                 \
      PTRHOOK_RT_MISS_SYM(site);                                               \
    else                                                                       \
      PTRHOOK_RT_SLOW_SYM(addr, site);                                         \
  }

PTRHOOK_INLINED_HOOKS(, PTRHOOK_HOOK_SYM, PTRHOOK_HOOK_SITE_SYM)
#if defined(__x86_64__) || defined(__aarch64__)
PTRHOOK_INLINED_HOOKS(PTRHOOK_PRESERVE_MOST, PTRHOOK_HOOK_PRESERVE_MOST_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM)
PTRHOOK_INLINED_HOOKS(PTRHOOK_PRESERVE_ALL, PTRHOOK_HOOK_PRESERVE_ALL_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM)
#endif
