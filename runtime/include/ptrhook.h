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
 * constant descriptor per site (section ptrhook_sites3, read-only, no
 * relocation); the site-aware hook receives a pointer to it, and
 * ptrhook_foreach_site() / ptrhook_site_at() reach them all.
 *
 * Layout 3 (PTRHOOK_SITE_VERSION, docs/hook-abi.md): 16 bytes whose fields
 * are private.  Read a site only through the accessors below
 * (ptrhook_site_kind(), _line(), _column(), _flags(), _function(), _file(),
 * _directory(), _elided(), and ptrhook_site_index()): they also read the
 * descriptors of objects built by older passes (layouts 1 and 2, 56 bytes
 * with absolute pointers).  Code written for layout 2 (`site->line`) does
 * not compile against this header. */
struct ptrhook_site {
  uint16_t ptrhook_private_head;   /* PTRHOOK_SITE_LAYOUT3 | flags | kind */
  uint16_t ptrhook_private_column; /* 0xffff: that column or beyond */
  uint32_t ptrhook_private_line;
  int32_t ptrhook_private_record;   /* bytes to the function's record */
  uint16_t ptrhook_private_file;    /* its (file, directory) pair */
  uint16_t ptrhook_private_elision; /* its elision entry + 1, or 0 */
};

/* The record after a function's descriptors (same block, 16-byte aligned,
 * a whole number of 16-byte slots): a header, then `nelided` elision
 * entries, `nfiles` pairs of byte offsets (file, directory) from the
 * record, then the NUL-terminated strings.  Private: use the accessors. */
struct ptrhook_site_record_ {
  uint16_t head; /* PTRHOOK_SITE_LAYOUT3 | PTRHOOK_SITE_RECORD_KIND */
  uint16_t nfiles;
  uint32_t slots; /* 16-byte slots of the record, header included */
  uint32_t name;  /* byte offset of the function's name */
  uint32_t nelided;
};
struct ptrhook_site_elision_ {
  int32_t base;
  int32_t anchor;
  int64_t offset;
};

/* Layouts 1 and 2, as objects built before layout 3 hold them (section
 * ptrhook_sites).  Only for the accessors: never build one. */
struct ptrhook_site_layout2 {
  uint16_t version; /* 1 or 2 */
  uint16_t kind;
  uint32_t line;
  uint32_t column;
  uint32_t flags;
  const char *function;
  const char *file;
  const char *directory;
  int32_t base; /* layout 2 only */
  int32_t anchor;
  int64_t offset;
};

/* The accessors are always inlined: at -O0 an outlined copy would be
 * instrumented, and a hook calling it would re-enter itself. */
#if defined(__GNUC__)
#define PTRHOOK_SITE_ACCESSOR_ static inline __attribute__((always_inline))
#else
#define PTRHOOK_SITE_ACCESSOR_ static inline
#endif

/* The descriptor's layout: 3, or 1/2 for a site of an object built by an
 * older pass. */
PTRHOOK_SITE_ACCESSOR_ unsigned
ptrhook_site_layout(const struct ptrhook_site *s) {
  return (s->ptrhook_private_head & PTRHOOK_SITE_LAYOUT3)
             ? 3u
             : s->ptrhook_private_head;
}
#define PTRHOOK_SITE_OLD_(s)                                                   \
  ((const struct ptrhook_site_layout2 *)(const void *)(s))
#define PTRHOOK_SITE_RECORD_(s)                                                \
  ((const struct ptrhook_site_record_                                          \
        *)(const void *)((const char *)(s) + (s)->ptrhook_private_record))

/* PTRHOOK_KIND_* of the site. */
PTRHOOK_SITE_ACCESSOR_ unsigned
ptrhook_site_kind(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->kind;
  return s->ptrhook_private_head & PTRHOOK_SITE_KIND_MASK;
}

/* PTRHOOK_SITE_* flags of the site. */
PTRHOOK_SITE_ACCESSOR_ unsigned
ptrhook_site_flags(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->flags;
  return (s->ptrhook_private_head >> PTRHOOK_SITE_FLAGS_SHIFT) &
         PTRHOOK_SITE_FLAGS_MASK;
}

/* Source line; 0 only without debug info (compiled without -g).  With
 * PTRHOOK_SITE_APPROXIMATE the instruction had none of its own. */
PTRHOOK_SITE_ACCESSOR_ unsigned
ptrhook_site_line(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->line;
  return s->ptrhook_private_line;
}

/* Source column, 0 when unknown (65535 stands for 65535 and beyond). */
PTRHOOK_SITE_ACCESSOR_ unsigned
ptrhook_site_column(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->column;
  return s->ptrhook_private_column;
}

/* The function's symbol (linkage) name. */
PTRHOOK_SITE_ACCESSOR_ const char *
ptrhook_site_function(const struct ptrhook_site *s) {
  const struct ptrhook_site_record_ *r;
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->function;
  r = PTRHOOK_SITE_RECORD_(s);
  return (const char *)r + r->name;
}

/* The (file, directory) offsets of the site's pair in its record. */
PTRHOOK_SITE_ACCESSOR_ const uint32_t *
ptrhook_site_pair_(const struct ptrhook_site *s) {
  const struct ptrhook_site_record_ *r = PTRHOOK_SITE_RECORD_(s);
  return (const uint32_t *)(const void
                                *)((const char *)(r + 1) +
                                   r->nelided *
                                       sizeof(struct ptrhook_site_elision_)) +
         2 * s->ptrhook_private_file;
}

/* Source file: debug info's file name, else the module's source file
 * name. */
PTRHOOK_SITE_ACCESSOR_ const char *
ptrhook_site_file(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->file;
  return (const char *)PTRHOOK_SITE_RECORD_(s) + ptrhook_site_pair_(s)[0];
}

/* Debug info's compilation directory, "" without. */
PTRHOOK_SITE_ACCESSOR_ const char *
ptrhook_site_directory(const struct ptrhook_site *s) {
  if (ptrhook_site_layout(s) != 3)
    return PTRHOOK_SITE_OLD_(s)->directory;
  return (const char *)PTRHOOK_SITE_RECORD_(s) + ptrhook_site_pair_(s)[1];
}

/* Flag PTRHOOK_SITE_ELIDED (pass parameter elide-const-geps, wrapper
 * -fptrhook-elide-const-geps): the site is a getelementptr that makes no
 * hook call; its event happened, with
 *   address = address of the latest event of site index + *base + *offset
 * (modulo the pointer width), right after the event of site index + *anchor
 * (after the other elided sites of that anchor that come before it in the
 * function's table).  Base and anchor are reported sites of the same
 * function, earlier in its block.  Returns 1 and fills the three for an
 * elided site, else 0 (they are then 0). */
PTRHOOK_SITE_ACCESSOR_ int ptrhook_site_elided(const struct ptrhook_site *s,
                                               int32_t *base, int32_t *anchor,
                                               int64_t *offset) {
  *base = *anchor = 0;
  *offset = 0;
  if (!(ptrhook_site_flags(s) & PTRHOOK_SITE_ELIDED))
    return 0;
  if (ptrhook_site_layout(s) != 3) {
    if (ptrhook_site_layout(s) < 2)
      return 0;
    *base = PTRHOOK_SITE_OLD_(s)->base;
    *anchor = PTRHOOK_SITE_OLD_(s)->anchor;
    *offset = PTRHOOK_SITE_OLD_(s)->offset;
    return 1;
  }
  if (s->ptrhook_private_elision == 0)
    return 0;
  {
    const struct ptrhook_site_elision_ *e =
        (const struct ptrhook_site_elision_
             *)(const void *)(PTRHOOK_SITE_RECORD_(s) + 1) +
        (s->ptrhook_private_elision - 1);
    *base = e->base;
    *anchor = e->anchor;
    *offset = e->offset;
  }
  return 1;
}

/* The dense site index (SanitizerCoverage's guard model).  Every site of
 * every instrumented executable and DSO registered so far has a number in
 * [0, ptrhook_site_count()): each link unit gets the range [base,
 * base + n) when its constructor registers it, in registration order, and
 * keeps it for the life of the process (a dlclose()d unit's numbers are not
 * handed out again).  All three are lock-free and O(1) in the number of
 * sites (ptrhook_site_index() and ptrhook_site_at() look the unit up among
 * the registered ones, remembering the last one found), and safe to call
 * from any thread, from a hook, or from a signal handler.
 *
 * ptrhook_site_index() returns PTRHOOK_NO_SITE_INDEX for a site of no
 * registered unit (one whose constructor has not run yet);
 * ptrhook_site_at() returns NULL for an index out of range or of a unit
 * that was dlclose()d. */
#define PTRHOOK_NO_SITE_INDEX UINT32_MAX
uint32_t ptrhook_site_count(void);
uint32_t ptrhook_site_index(const struct ptrhook_site *site);
const struct ptrhook_site *ptrhook_site_at(uint32_t index);

/* Called with the range [first, first + count) of each link unit as it is
 * registered (like SanitizerCoverage's __sanitizer_cov_trace_pc_guard_init):
 * ptrhook_on_site_range(fn, arg) first calls fn for every unit registered
 * so far, then for each one registered later (a DSO loaded by dlopen), on
 * the registering thread, under the runtime's site lock (fn must not call
 * ptrhook_on_site_range; the other functions above are fine).  One
 * callback: a second call replaces the first (and replays every range to
 * it); NULL removes it. */
typedef void (*ptrhook_site_range_fn)(uint32_t first, uint32_t count,
                                      void *arg);
void ptrhook_on_site_range(ptrhook_site_range_fn fn, void *arg);

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

/* Per-kind handlers (opt-in).  Sites of the kinds named by the pass
 * parameter handlers= (wrapper -fptrhook-handlers=gep,load,...), or whose
 * handler the hook= file (-fptrhook-hook=FILE) defines, call the handler of
 * their kind instead of the hook, with the produced address, the context of
 * the kind (computed only at the sites of a selected handler) and the
 * site's descriptor.  The runtime defines every handler weakly, reporting
 * the event like the site-aware hook (counted, traced and logged per site
 * and kind): define only those you want.  Like the hook, a handler must not
 * throw, and is never instrumented itself.  docs/hook-abi.md has the whole
 * contract; in short: */

/* alloca: its size in bytes (array size x element size, computed at run
 * time for a dynamic alloca). */
void ptrhook_on_alloca(uintptr_t addr, uint64_t size,
                       const struct ptrhook_site *site);
/* getelementptr: the base pointer it was derived from (offset = addr -
 * base, modulo the pointer width). */
void ptrhook_on_gep(uintptr_t addr, uintptr_t base,
                    const struct ptrhook_site *site);
/* load of a pointer: the slot (address) it was loaded from. */
void ptrhook_on_load(uintptr_t addr, uintptr_t slot,
                     const struct ptrhook_site *site);
/* call returning a pointer: the address of the function called, the
 * run-time target for an indirect call (0 for inline assembly). */
void ptrhook_on_call(uintptr_t addr, uintptr_t callee,
                     const struct ptrhook_site *site);
/* inttoptr, bitcast, addrspacecast: the operand (the integer, or the
 * address in the source address space). */
void ptrhook_on_cast(uintptr_t addr, uintptr_t operand,
                     const struct ptrhook_site *site);
/* phi: the index of the incoming edge taken, in the phi's own order (the
 * value is addr itself; the index tells which predecessor it came
 * through). */
void ptrhook_on_phi(uintptr_t addr, uintptr_t incoming,
                    const struct ptrhook_site *site);
/* select: its condition, 1 when the first (true) operand was chosen, 0 when
 * the second was. */
void ptrhook_on_select(uintptr_t addr, uintptr_t cond,
                       const struct ptrhook_site *site);
/* extractvalue, extractelement, freeze, va_arg, atomicrmw ...: no context. */
void ptrhook_on_other(uintptr_t addr, const struct ptrhook_site *site);
/* New kinds, reported only to their handlers: */
/* store of a pointer: the value stored and the slot it was stored to,
 * after the store. */
void ptrhook_on_store(uintptr_t value, uintptr_t slot,
                      const struct ptrhook_site *site);
/* result of an allocation function (malloc, calloc, realloc, aligned_alloc,
 * operator new, strdup ..., as LLVM's MemoryBuiltins know them): its size
 * in bytes, PTRHOOK_SIZE_UNKNOWN when LLVM cannot compute it.  Such calls
 * are of kind alloc, not call, when this handler is selected. */
void ptrhook_on_alloc(uintptr_t addr, uint64_t size,
                      const struct ptrhook_site *site);
/* deallocation (free, operator delete ...): the pointer freed, before the
 * call. */
void ptrhook_on_free(uintptr_t addr, const struct ptrhook_site *site);

/* Name of a kind ("alloca", "gep", ...), or "?" for an unknown number. */
const char *ptrhook_kind_name(unsigned kind);

/* Call fn(site, arg) for every site of every instrumented module loaded so
 * far (the executable and DSOs), executed or not.  Returns the number of
 * sites visited. */
typedef void (*ptrhook_site_fn)(const struct ptrhook_site *site, void *arg);
uint64_t ptrhook_foreach_site(ptrhook_site_fn fn, void *arg);

/* Put PTRHOOK_EXTERN_C before a hook defined in C++, so that it gets the
 * C name instrumented code calls:
 *
 *   PTRHOOK_EXTERN_C void __injected_hook(uintptr_t addr) { ... }
 *
 * Without C linkage the definition is `__injected_hook(unsigned long)`,
 * which nothing calls (the pass warns about it).  In C it expands to
 * nothing. */
#ifdef __cplusplus
#define PTRHOOK_EXTERN_C extern "C"
#else
#define PTRHOOK_EXTERN_C
#endif

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
#define PTRHOOK_KINDS_MASK_ALL 0x7ffu
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
