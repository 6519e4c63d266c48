/*===-- ptrhook.h - public interface of the ptrhook runtime ----------------===*
 *
 * Programs built with ptrhook (clang -fpass-plugin=ptrhook.so, or the
 * ptrhook-cc / ptrhook-c++ wrappers) call __injected_hook() once for every
 * pointer value they create.  The runtime (libptrhook_rt) defines a weak
 * default hook that counts events per thread; a program may define its own
 * strong `void __injected_hook(uintptr_t)` to replace it.
 *
 * Include it from C (C99 or later) or C++.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_H
#define PTRHOOK_H

#include <stdint.h>

#include "ptrhook_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The hook ABI: one call per pointer-producing instruction, after it, with
 * the pointer's address converted to an integer (never a typed pointer).
 * A user definition must not throw; it may call anything.  Events raised
 * by code it calls that was compiled with ptrhook (a helper library built
 * with the wrapper) would re-enter it: where the hook itself is compiled
 * with the plugin, a per-thread guard keeps them out (they are counted and
 * reported at exit), unless the hook is marked PTRHOOK_REENTRANT. */
void PTRHOOK_HOOK_SYM(uintptr_t addr);

/* A hook site: one instruction the pass instrumented.  The pass emits one
 * constant descriptor per site (section ptrhook_sites); the site-aware hook
 * receives a pointer to it, and ptrhook_foreach_site() enumerates them all.
 * Layout version PTRHOOK_SITE_VERSION (2); fields are only ever appended. */
struct ptrhook_site {
  uint16_t version;      /* PTRHOOK_SITE_VERSION of the pass that wrote it */
  uint16_t kind;         /* PTRHOOK_KIND_* */
  uint32_t line;         /* source line, 0 when unknown (compiled without -g) */
  uint32_t column;       /* source column, 0 when unknown */
  uint32_t flags;        /* PTRHOOK_SITE_HAS_LOCATION, or
                            PTRHOOK_SITE_FUNCTION_LINE: line is the
                            function's (the site has no location of its
                            own), or 0: no debug info */
  const char *function;  /* the function's symbol (linkage) name */
  const char *file;      /* source file: debug info's file name, else the
                            module's source file name */
  const char *directory; /* debug info's compilation directory, "" without */
  /* Layout version 2.  With flag PTRHOOK_SITE_ELIDED (pass parameter
   * elide-const-geps, wrapper -fptrhook-elide-const-geps) the site is a
   * getelementptr that makes no hook call: its event happened, with
   *   address = address of the latest event of site `this + base` + offset
   * (modulo the pointer width), right after the event of site
   * `this + anchor` (after the other elided sites of that anchor that come
   * before it in the table).  Base and anchor are reported sites of the
   * same function, earlier in its block.  All three are 0 otherwise. */
  int32_t base;   /* index of the base site, relative to this one */
  int32_t anchor; /* index of the anchor site, relative to this one */
  int64_t offset; /* bytes from the base site's address */
};

/* The site-aware hook ABI (pass parameter abi=site, wrapper
 * -fptrhook-abi=site): the address plus its site descriptor.  The runtime's
 * weak default counts the event like __injected_hook; define your own to get
 * the source location of every pointer. */
void PTRHOOK_HOOK_SITE_SYM(uintptr_t addr, const struct ptrhook_site *site);

/* The register-preserving hooks (pass parameter cc=preserve_most or
 * cc=preserve_all, wrapper -fptrhook-cc=preserve_most|preserve_all): the
 * same arguments, under their own names, with clang's calling conventions
 * of those names (x86-64 and AArch64).  The runtime defines all four; to
 * define your own, put the macro on the definition, e.g.
 *
 *   PTRHOOK_PRESERVE_MOST void __injected_hook_preserve_most(uintptr_t a)
 *   { ... }
 *
 * (clang only: GCC has no such calling convention).  preserve_most keeps
 * the general-purpose registers (R11 excepted on x86-64), preserve_all
 * also the vector registers; the hook pays for saving what it uses. */
#if defined(__clang__) && (defined(__x86_64__) || defined(__aarch64__))
#define PTRHOOK_PRESERVE_MOST __attribute__((preserve_most))
#define PTRHOOK_PRESERVE_ALL __attribute__((preserve_all))
PTRHOOK_PRESERVE_MOST void PTRHOOK_HOOK_PRESERVE_MOST_SYM(uintptr_t addr);
PTRHOOK_PRESERVE_MOST void
PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM(uintptr_t addr,
                                    const struct ptrhook_site *site);
PTRHOOK_PRESERVE_ALL void PTRHOOK_HOOK_PRESERVE_ALL_SYM(uintptr_t addr);
PTRHOOK_PRESERVE_ALL void
PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM(uintptr_t addr,
                                   const struct ptrhook_site *site);
#endif

/* Name of a kind ("alloca", "gep", ...), or "?" for an unknown number. */
const char *ptrhook_kind_name(unsigned kind);

/* Call fn(site, arg) for every site of every instrumented module loaded so
 * far (the executable and DSOs), executed or not.  Returns the number of
 * sites visited. */
typedef void (*ptrhook_site_fn)(const struct ptrhook_site *site, void *arg);
uint64_t ptrhook_foreach_site(ptrhook_site_fn fn, void *arg);

/* Put PTRHOOK_NO_INSTRUMENT on a function definition to keep the pass out
 * of it.  It also implies noinline: otherwise the body could be inlined into
 * an instrumented caller and be instrumented there.  Clang's
 * __attribute__((disable_sanitizer_instrumentation)) is honoured as well.
 * GCC never runs the pass and has no `annotate` attribute (it would warn
 * under -Wattributes), so there the macro only keeps noinline. */
#if defined(__clang__)
#define PTRHOOK_NO_INSTRUMENT                                                  \
  __attribute__((annotate(PTRHOOK_NO_INSTRUMENT_ANNOTATION), noinline))
#elif defined(__GNUC__)
#define PTRHOOK_NO_INSTRUMENT __attribute__((noinline))
#else
#define PTRHOOK_NO_INSTRUMENT
#endif

/* Put PTRHOOK_REENTRANT on the definition of your hook to receive the
 * events raised while it runs (by instrumented code it calls) instead of
 * having the re-entry guard drop them:
 *
 *   PTRHOOK_REENTRANT void __injected_hook(uintptr_t addr) { ... }
 *
 * Delivery nests up to PTRHOOK_REENTRY_LIMIT (64) levels per thread; a
 * hook that reaches that depth stops the program with a message naming it
 * (exit status 1).  Only seen by the pass in a module compiled with the
 * plugin; elsewhere (GCC) the macro is empty. */
#if defined(__clang__)
#define PTRHOOK_REENTRANT                                                      \
  __attribute__((annotate(PTRHOOK_REENTRANT_ANNOTATION)))
#else
#define PTRHOOK_REENTRANT
#endif

/* The functions below report on the default hook's counters.  When the
 * program defines its own hook they stay at 0.  In a process holding both
 * runtimes (an executable linked with libptrhook_rt.a and ptrhook.dynlist,
 * plus a DSO that pulls in libptrhook_rt.so) every caller reaches the
 * executable's copy, the one that counts.  Counts are per process: a child
 * of fork() starts again from 0. */

/* Number of hook events the calling thread has reported so far.  Cannot
 * fail. */
uint64_t ptrhook_thread_events(void);

/* Number of hook events the whole process has reported so far: exited
 * threads plus every live thread (live threads are read without stopping
 * them, so the value is exact only when they are quiescent).  Cannot
 * fail. */
uint64_t ptrhook_total_events(void);

/* Write the one-line summary ("ptrhook: N events in T threads", "1 thread",
 * T being the threads that recorded at least one event) to the runtime's
 * output now (stderr, or PATH.<pid> with PTRHOOK_OPTIONS=output=PATH),
 * whatever the `summary` option says; when some event has a kind (abi=site
 * events in count mode, inline-counted events), a second line with the
 * events of each kind.  Returns 0, or -1 if the write failed. */
int ptrhook_print_summary(void);

/* Run-time control, for every thread at once (PTRHOOK_OPTIONS: enabled=,
 * kinds=).  While disabled an event costs a test and a return; nothing is
 * counted, traced or logged.  Changes take effect at each thread's next
 * event.  They do not fail. */
void ptrhook_enable(void);
void ptrhook_disable(void);
/* 1 if enabled, else 0. */
int ptrhook_is_enabled(void);

/* The kinds recorded, as a mask of (1u << PTRHOOK_KIND_x);
 * PTRHOOK_KINDS_MASK_ALL records all (the default).  Only events of the
 * site-aware hook (abi=site) carry a kind: those of the plain hook are
 * recorded with the full mask and dropped with any other (select kinds at
 * compile time with -fptrhook-kinds= instead).  Returns the previous mask. */
#define PTRHOOK_KINDS_MASK_ALL 0xffu
unsigned ptrhook_set_kinds(unsigned mask);
unsigned ptrhook_get_kinds(void);

/* Define this in the program to set its default PTRHOOK_OPTIONS (the
 * environment is applied after it and wins).  It runs during the runtime's
 * init, before main: it must not depend on anything initialized later. */
const char *PTRHOOK_DEFAULT_OPTIONS_SYM(void);

#ifdef __cplusplus
}
#endif

#endif /* PTRHOOK_H */
