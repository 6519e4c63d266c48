/*===-- rt_hook_cc.c - the register-preserving hooks ----------------------===*
 *
 * __injected_hook_preserve_most and friends (pass parameter cc=..., wrapper
 * -fptrhook-cc=...): the same fast paths as the C hooks (rt_hot.h), with
 * clang's preserve_most / preserve_all calling conventions.  A call site
 * then keeps its values in registers across the call, and the hook saves
 * only the registers its own fast path uses.
 *
 * The slow path is plain C (__ptrhook_hook_slow and everything it calls),
 * so it is reached through a cold trampoline of the hook's own convention:
 * the trampoline saves the registers C code may clobber, once, on the rare
 * slow call, and the fast path needs to save nothing around its call.
 *
 * GCC has no such conventions, so this file alone is compiled with the
 * clang of the LLVM the plugin is built for (runtime/CMakeLists.txt), into
 * both runtime libraries.  It shares the thread record (__ptrhook_current,
 * initial-exec TLS) and the process state with the C files.
 *===----------------------------------------------------------------------===*/
#include "rt_hook.h"
#include "rt_hot.h"
#include "rt_counts.h"

#if !defined(__clang__) || !(defined(__x86_64__) || defined(__aarch64__))
#error "rt_hook_cc.c needs clang on x86-64 or AArch64"
#endif

#define PM __attribute__((preserve_most))
#define PA __attribute__((preserve_all))
#define COLD_TRAMPOLINE __attribute__((noinline, cold))

/*--- the hooks ------------------------------------------------------------*/
/* PTRHOOK_DEFINE_CC_HOOKS(CC, suffix, PLAIN, SITE) defines, for calling
 * convention attribute CC, the plain hook PLAIN and the site-aware hook
 * SITE, with their cold trampolines of the same convention into the C slow
 * paths (slow_<suffix>, miss_<suffix>, rest_<suffix>).  The hooks are weak,
 * used and noinline like the C hooks (rt_hook.c): a program's own strong
 * definition replaces them.
 *
 * The plain hook tests the two commonest modes, OFF and COUNT, itself and
 * continues anywhere else in rest_<suffix>: its fast path then uses one
 * register besides R11 (scratch in both conventions), saved with one push
 * and pop.  With the whole of __ptrhook_hot_addr inlined, the trace path's
 * registers were saved on every event too (four pushes and pops). */
#define PTRHOOK_DEFINE_CC_HOOKS(CC, suffix, PLAIN, SITE)                        \
  PTRHOOK_NO_INSTRUMENT static CC COLD_TRAMPOLINE void slow_##suffix(          \
      uintptr_t addr, const struct ptrhook_site *site) {                       \
    __ptrhook_hook_slow(addr, site);                                           \
  }                                                                            \
  PTRHOOK_NO_INSTRUMENT static CC COLD_TRAMPOLINE void miss_##suffix(          \
      const struct ptrhook_site *site) {                                       \
    __ptrhook_count_site_miss(&__ptrhook_current, site);                       \
  }                                                                            \
  PTRHOOK_NO_INSTRUMENT static CC COLD_TRAMPOLINE void rest_##suffix(          \
      uintptr_t addr) {                                                        \
    if (PTRHOOK_LIKELY(__ptrhook_hot_addr(addr)))                              \
      return;                                                                  \
    slow_##suffix(addr, NULL);                                                 \
  }                                                                            \
  PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PTRHOOK_HOT_ALIGN CC                    \
  __attribute__((weak, used)) void PLAIN(uintptr_t addr) {                     \
    struct __ptrhook_thread *self = &__ptrhook_current;                        \
    unsigned hot = __atomic_load_n(&self->hot.mode, __ATOMIC_RELAXED);         \
                                                                               \
    if (hot == PTRHOOK_HOT_OFF)                                                \
      return;                                                                  \
    if (PTRHOOK_LIKELY(hot == PTRHOOK_HOT_COUNT)) {                            \
      self->events++;                                                          \
      return;                                                                  \
    }                                                                          \
    rest_##suffix(addr);                                                       \
  }                                                                            \
  PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PTRHOOK_HOT_ALIGN CC                    \
  __attribute__((weak, used)) void SITE(uintptr_t addr,                        \
                                        const struct ptrhook_site *site) {     \
    enum __ptrhook_hot_result r = __ptrhook_hot_site(addr, site);              \
                                                                               \
    if (PTRHOOK_LIKELY(r == PTRHOOK_HOT_DONE))                                 \
      return;                                                                  \
    if (r == PTRHOOK_HOT_MISS)                                                 \
      miss_##suffix(site);                                                     \
    else                                                                       \
      slow_##suffix(addr, site);                                               \
  }

PTRHOOK_DEFINE_CC_HOOKS(PM, pm, PTRHOOK_HOOK_PRESERVE_MOST_SYM,
                        PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM)
PTRHOOK_DEFINE_CC_HOOKS(PA, pa, PTRHOOK_HOOK_PRESERVE_ALL_SYM,
                        PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM)

/* Hidden aliases of the four defaults, for the ABI check (rt_abi.c; see
 * rt_hook.h).  rt_hook.h declares them without their conventions, as the
 * C files see them, so they are defined here in assembler terms: a
 * hidden symbol at the hook's address. */
#define PTRHOOK_DEFAULT_ALIAS(alias, hook)                                     \
  __asm__(".globl " PTRHOOK_STRINGIFY(alias) "\n"                              \
          ".hidden " PTRHOOK_STRINGIFY(alias) "\n"                             \
          ".set " PTRHOOK_STRINGIFY(alias) ", " PTRHOOK_STRINGIFY(hook) "\n");
PTRHOOK_DEFAULT_ALIAS(PTRHOOK_DEFAULT_HOOK_PM_SYM, PTRHOOK_HOOK_PRESERVE_MOST_SYM)
PTRHOOK_DEFAULT_ALIAS(PTRHOOK_DEFAULT_HOOK_SITE_PM_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM)
PTRHOOK_DEFAULT_ALIAS(PTRHOOK_DEFAULT_HOOK_PA_SYM, PTRHOOK_HOOK_PRESERVE_ALL_SYM)
PTRHOOK_DEFAULT_ALIAS(PTRHOOK_DEFAULT_HOOK_SITE_PA_SYM,
                      PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM)

/*--- inline=runtime -------------------------------------------------------*/

/* The rest of the hooks inlined into instrumented code (rt_hook_inline.c),
 * beyond the count mode's fast path: exported, so that every module's
 * inlined code reaches the active runtime (like __ptrhook_tls,
 * rt_registry.c), and preserve_most, so that a site saves no register for
 * the call.  The inlined plain hook has already added the event to
 * `events`, the count mode's counter; anywhere else it is taken back
 * before the mode's own path runs.  The inlined site hook counted nothing. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PM COLD_TRAMPOLINE void
PTRHOOK_RT_REST_SYM(uintptr_t addr) {
  __ptrhook_current.events--;
  if (PTRHOOK_LIKELY(__ptrhook_hot_addr(addr)))
    return;
  __ptrhook_hook_slow(addr, NULL);
}

PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PM COLD_TRAMPOLINE void
PTRHOOK_RT_REST_SITE_SYM(uintptr_t addr, const struct ptrhook_site *site) {
  enum __ptrhook_hot_result r = __ptrhook_hot_site(addr, site);

  if (PTRHOOK_LIKELY(r == PTRHOOK_HOT_DONE))
    return;
  if (r == PTRHOOK_HOT_MISS)
    __ptrhook_count_site_miss(&__ptrhook_current, site);
  else
    __ptrhook_hook_slow(addr, site);
}

/*--- inline=count ---------------------------------------------------------*/

/* Called by every instrumented function of inline=count code whose thread
 * the runtime does not know yet (ptrhook_abi.h), with preserve_all so that
 * the call, made once per thread, costs the callers nothing. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT PA __attribute__((cold)) void
PTRHOOK_INLINE_ENTER_SYM(void) {
  __ptrhook_inline_enter_c();
}
