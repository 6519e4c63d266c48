/*===-- rt_abi.c - does the program's hook match what its modules call? ---===*
 *
 * A program that defines a hook of one ABI while its modules were compiled
 * for another links without a word: the runtime's weak default of the hook
 * the modules call satisfies the link and receives every event, and the
 * program's own hook receives none (a plain __injected_hook with modules
 * built with -fptrhook-abi=site or -fptrhook-cc=preserve_most, or with
 * inline counting).  ELF has no way to fail such a link: the defaults must
 * stay for the DSOs a program may dlopen (docs/hook-abi.md).  So the check
 * is made here, at start-up, before main:
 *
 *   - which entry points the modules call: the registration constructor of
 *     each instrumented module calls __ptrhook_abi_register(calls), one
 *     PTRHOOK_CALLS_* bit per entry point (ptrhook_abi.h);
 *   - which hooks the program defines itself: each hook's address, as the
 *     dynamic linker bound it, is compared with the runtime's default, by
 *     its hidden alias (rt_hook.h).
 *
 * A program that defines a hook and has modules calling an entry point it
 * does not define stops with exit status 1 and one message naming the hook
 * found, the ABI compiled and the flag that fixes it.  A program that
 * defines no hook has the runtime's modes as the intended receiver: no
 * message.
 *
 * When.  The modules' constructors have priority 1, so in an executable
 * they all run before this file's (101); DSOs run theirs earlier still.
 * The static runtime therefore sees every module of the start-up set when
 * its constructor runs.  libptrhook_rt.so is initialized before the DSOs
 * that need it, so after its constructor each registration is checked as
 * it comes, and so is every module of a DSO dlopen'ed later.
 *
 * Two copies.  A process may hold the static runtime (in an executable that
 * exports its hooks with ptrhook.dynlist) and libptrhook_rt.so (pulled in
 * by a DSO): the hooks are then bound to the executable's defaults, which
 * the shared copy's aliases do not know.  So each copy also defines the
 * exported table __ptrhook_abi_defaults of its own defaults: the dynamic
 * linker binds every copy's references to one table, the same copy's whose
 * hooks it binds (ptrhook.dynlist exports both or neither), and an address
 * found in it is a runtime default too.
 *
 * The top floor of the runtime (merged into the member rt_hook.o of
 * libptrhook_rt.a, so that any program that links a default hook links the
 * check): it reads the defaults of rt_hook.c and rt_hook_cc.c.
 *===----------------------------------------------------------------------===*/
#include "rt_hook.h"
#include "rt_output.h"

#include <string.h>
#include <unistd.h>

/* The register-preserving hooks, as the dynamic linker bound them: a
 * compiler that knows their conventions has them from ptrhook.h; GCC gets
 * them here without (only their addresses are taken). */
#ifndef PTRHOOK_PRESERVE_MOST
extern void PTRHOOK_HOOK_PRESERVE_MOST_SYM(void);
extern void PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM(void);
extern void PTRHOOK_HOOK_PRESERVE_ALL_SYM(void);
extern void PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM(void);
#endif

/* One table of a copy's defaults, in PTRHOOK_CALLS_* bit order. */
struct __ptrhook_abi_defaults {
  uintptr_t hook[PTRHOOK_CALLS_HOOKS];
};

/* This copy's defaults. */
#define PTRHOOK_OWN_DEFAULTS                                                   \
  {{                                                                           \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_SYM,                                     \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_SITE_SYM,                                \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_PM_SYM,                                  \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_SITE_PM_SYM,                             \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_PA_SYM,                                  \
      (uintptr_t)PTRHOOK_DEFAULT_HOOK_SITE_PA_SYM,                             \
  }}
static const struct __ptrhook_abi_defaults own_defaults = PTRHOOK_OWN_DEFAULTS;

/* The same, exported, so that every copy reads the one the dynamic linker
 * binds (see the top of the file): default visibility in PIC code makes
 * every reference go through the GOT. */
PTRHOOK_EXPORT const struct __ptrhook_abi_defaults __ptrhook_abi_defaults =
    PTRHOOK_OWN_DEFAULTS;

/* What each PTRHOOK_CALLS_* bit is called in the message: the entry point
 * and the flags that compile calls to it. */
static const struct {
  const char *name;  /* the hook, or what the code does instead */
  const char *abi;   /* its options, in the pass's spelling */
  const char *flags; /* the wrapper flags that select it */
} entries[PTRHOOK_CALLS_COUNT] = {
#define PTRHOOK_ENTRY(name, abi, flags) {name, abi, flags},
    PTRHOOK_CALLS_ENTRIES(PTRHOOK_ENTRY)
#undef PTRHOOK_ENTRY
};

/* Modules registered so far, per PTRHOOK_CALLS_* bit.  Written by module
 * constructors, which the dynamic linker runs one at a time (dlopen holds
 * its lock), so no atomics. */
static unsigned modules[PTRHOOK_CALLS_COUNT];
static bool started; /* this copy's constructor ran: check as they come */
static bool done;    /* a mismatch was reported */

/* The address of hook `i` (a PTRHOOK_CALLS_* bit number) as bound here. */
PTRHOOK_NO_INSTRUMENT static uintptr_t bound_hook(unsigned i) {
  switch (i) {
  case 0:
    return (uintptr_t)PTRHOOK_HOOK_SYM;
  case 1:
    return (uintptr_t)PTRHOOK_HOOK_SITE_SYM;
  case 2:
    return (uintptr_t)PTRHOOK_HOOK_PRESERVE_MOST_SYM;
  case 3:
    return (uintptr_t)PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM;
  case 4:
    return (uintptr_t)PTRHOOK_HOOK_PRESERVE_ALL_SYM;
  default:
    return (uintptr_t)PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM;
  }
}

/* The PTRHOOK_CALLS_* bits of the hooks the program defines itself: those
 * bound to neither this copy's default nor the bound table's. */
PTRHOOK_NO_INSTRUMENT static unsigned program_hooks(void) {
  /* Through a volatile pointer: the compiler must read the table the
   * dynamic linker bound, not fold this copy's initializer. */
  const struct __ptrhook_abi_defaults *volatile bound = &__ptrhook_abi_defaults;
  unsigned defined = 0;

  for (unsigned i = 0; i < PTRHOOK_CALLS_HOOKS; i++) {
    uintptr_t addr = bound_hook(i);
    if (addr != 0 && addr != bound->hook[i] &&
        addr != own_defaults.hook[i])
      defined |= 1u << i;
  }
  return defined;
}

/* Appends the C string S to BUF (of size PTRHOOK_ABI_FIX_MAX), cut. */
#define PTRHOOK_ABI_FIX_MAX 128
PTRHOOK_NO_INSTRUMENT static void append(char *buf, const char *s) {
  size_t n = strlen(buf);

  while (*s && n + 1 < PTRHOOK_ABI_FIX_MAX)
    buf[n++] = *s++;
  buf[n] = '\0';
}

/* The wrapper flags that make modules call hook HOOK instead of entry
 * point MISSING (PTRHOOK_CALLS_* bit numbers), in BUF: those of the ABI
 * and the convention where they differ, and inline=off for inline code. */
PTRHOOK_NO_INSTRUMENT static const char *fix_flags(char *buf, unsigned hook,
                                                   unsigned missing) {
  static const char *const ccs[] = {"c", "preserve_most", "preserve_all"};
  bool inl = missing >= PTRHOOK_CALLS_HOOKS;
  unsigned hook_site = hook & 1, hook_cc = hook / 2;

  buf[0] = '\0';
  if (inl)
    append(buf, "-fptrhook-inline=off");
  if (inl ? hook_site != 0 : hook_site != (missing & 1)) {
    append(buf, buf[0] ? " -fptrhook-abi=" : "-fptrhook-abi=");
    append(buf, hook_site ? "site" : "addr");
  }
  if (inl ? hook_cc != 0 : hook_cc != missing / 2) {
    append(buf, buf[0] ? " -fptrhook-cc=" : "-fptrhook-cc=");
    append(buf, ccs[hook_cc]);
  }
  return buf;
}

/* Reports the first module entry point the program's hooks leave to the
 * runtime, if the program defines any hook, and ends the process. */
PTRHOOK_NO_INSTRUMENT static void check(void) {
  unsigned defined, called = 0, hook, missing;
  char num[PTRHOOK_DEC_MAX], fix[PTRHOOK_ABI_FIX_MAX];

  if (done)
    return;
  for (unsigned i = 0; i < PTRHOOK_CALLS_COUNT; i++)
    if (modules[i] != 0)
      called |= 1u << i;
  if (called == 0 || (defined = program_hooks()) == 0 ||
      (called & ~defined) == 0)
    return;
  done = true;
  hook = (unsigned)__builtin_ctz(defined);
  missing = (unsigned)__builtin_ctz(called & ~defined);
  __ptrhook_format_dec(num, modules[missing]);
  fix_flags(fix, hook, missing);
  if (missing < PTRHOOK_CALLS_HOOKS)
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: this program defines ",
                    entries[hook].name, " (", entries[hook].abi, ") but ", num,
                    modules[missing] == 1 ? " module calls " : " modules call ",
                    entries[missing].name, " (compiled with ",
                    entries[missing].flags,
                    "): the runtime's default would receive every event. "
                    "Define ",
                    entries[missing].name, ", or build with ", fix, "\n",
                    (const char *)NULL);
  else
    __ptrhook_print(STDERR_FILENO, "ptrhook: error: this program defines ",
                    entries[hook].name, " (", entries[hook].abi, ") but ", num,
                    modules[missing] == 1 ? " module calls " : " modules call ",
                    entries[missing].name, " (compiled with ",
                    entries[missing].flags,
                    "): the runtime would receive every event. Build with ",
                    fix, "\n", (const char *)NULL);
  _exit(1);
}

/* Called by the registration constructor of every instrumented module
 * (ptrhook_abi.h) with the entry points its code reaches. */
PTRHOOK_NO_INSTRUMENT PTRHOOK_EXPORT void
PTRHOOK_ABI_REGISTER_SYM(uint32_t calls) {
  for (unsigned i = 0; i < PTRHOOK_CALLS_COUNT; i++)
    if (calls & (1u << i))
      modules[i]++;
  if (started)
    check();
}

/* After the constructors of every module of the executable (priority 1)
 * and of the DSOs loaded with it. */
PTRHOOK_NO_INSTRUMENT __attribute__((constructor(101))) static void
abi_ctor(void) {
  started = true;
  check();
}
