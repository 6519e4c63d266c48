/*===-- rt_hook_inline.c - the runtime's hooks, inlined (inline=runtime) --===*
 *
 * Not part of the runtime libraries.  Compiled (by clang, with the plugin's
 * hook-definition mode) into the hook definition ptrhook_rt_hook.bc, which
 * the pass imports and inlines at every site with the pass parameter
 * inline=runtime (wrapper: -fptrhook-inline=runtime).  Every mode of
 * PTRHOOK_OPTIONS (count, trace, log, off) stays available at run time.
 *
 * What is inlined is the count mode's fast path, branch-free but for one
 * rarely taken branch to the rest of the hook (a preserve_most call, so
 * that a site saves no register for it):
 *   plain hook: the mode byte is read, `events` incremented, and the rest
 *               called unless the mode is COUNT (the rest takes the
 *               increment back and runs the mode's own path);
 *   site hook:  when the mode is COUNT and the site in the thread's cached
 *               range, its counter incremented; else the rest called.
 * Every branch at a site is basic blocks at every site: the whole trace
 * path inlined (claim, bounds check, stores, publish) took 5.6x the plain
 * compile time of SQLite's amalgamation, the count mode's two tests 2.3x
 * (docs/performance.md); this shape adds no block but the cold call's.
 *
 * The inlined code reaches the active runtime through exported names that
 * bind like the hooks do (to the executable's runtime when it exports
 * them, else to libptrhook_rt.so): the thread record __ptrhook_tls and the
 * rest of each hook.  Every hook name is defined, whatever its calling
 * convention: inlined, the convention does not matter.
 *===----------------------------------------------------------------------===*/
#include "rt_registry.h"
#include "rt_state.h"

#if !defined(__clang__)
#error "rt_hook_inline.c is compiled by clang into a hook definition"
#endif

__attribute__((preserve_most, cold)) void PTRHOOK_RT_REST_SYM(uintptr_t addr);
__attribute__((preserve_most, cold)) void
PTRHOOK_RT_REST_SITE_SYM(uintptr_t addr, const struct ptrhook_site *site);

/* PTRHOOK_INLINED_HOOKS(CC, PLAIN, SITE): the plain and the site-aware hook
 * under the names of convention CC. */
#define PTRHOOK_INLINED_HOOKS(CC, PLAIN, SITE)                                 \
  CC void PLAIN(uintptr_t addr) {                                              \
    struct __ptrhook_thread *self = &PTRHOOK_RT_TLS_SYM;                       \
    unsigned hot = __atomic_load_n(&self->hot.mode, __ATOMIC_RELAXED);         \
                                                                               \
    self->events++;                                                            \
    if (PTRHOOK_UNLIKELY(hot != PTRHOOK_HOT_COUNT))                            \
      PTRHOOK_RT_REST_SYM(addr);                                               \
  }                                                                            \
  CC void SITE(uintptr_t addr, const struct ptrhook_site *site) {              \
    struct __ptrhook_thread *self = &PTRHOOK_RT_TLS_SYM;                       \
    unsigned hot = __atomic_load_n(&self->hot.mode, __ATOMIC_RELAXED);         \
                                                                               \
    /* `slot` is valid in COUNT mode only. */                                  \
    if (PTRHOOK_LIKELY(hot == PTRHOOK_HOT_COUNT)) {                            \
      const struct __ptrhook_site_slot *slot = self->slot;                     \
      uintptr_t off = (uintptr_t)site - slot->base;                            \
      if (PTRHOOK_LIKELY(off < slot->bytes)) {                                 \
        (*(uint64_t *)(slot->counts + off))++;                                 \
        return;                                                                \
      }                                                                        \
    }                                                                          \
    PTRHOOK_RT_REST_SITE_SYM(addr, site);                                      \
  }

PTRHOOK_INLINED_HOOKS(, PTRHOOK_HOOK_SYM, PTRHOOK_HOOK_SITE_SYM)
#if defined(__x86_64__) || defined(__aarch64__)
PTRHOOK_INLINED_HOOKS(PTRHOOK_PRESERVE_MOST, PTRHOOK_HOOK_PRESERVE_MOST_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM)
PTRHOOK_INLINED_HOOKS(PTRHOOK_PRESERVE_ALL, PTRHOOK_HOOK_PRESERVE_ALL_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM)
#endif
