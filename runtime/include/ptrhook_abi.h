/*===-- ptrhook_abi.h - names shared by the ptrhook pass and runtime -------===*
 *
 * Every symbol, attribute and metadata name that crosses the boundary between
 * the compiler pass (pass/, C++) and the runtime (runtime/, C) is spelled
 * exactly once, here.  The pass includes this header as well as the runtime,
 * so the two sides cannot drift apart.
 *
 * This header is part of the public interface: it is installed next to
 * ptrhook.h and may be included from C and C++.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_ABI_H
#define PTRHOOK_ABI_H

/* The hook every instrumented pointer is reported to.  Its C signature is
 * `void __injected_hook(uintptr_t addr)`; the pass calls it with the
 * DataLayout's pointer-sized integer of address space 0 (uintptr_t). */
#define PTRHOOK_HOOK_SYM __injected_hook

/* The site-aware hook, selected with the pass parameter abi=site (wrapper:
 * -fptrhook-abi=site): `void __injected_hook_site(uintptr_t addr,
 * const struct ptrhook_site *site)`, site pointing at the constant
 * descriptor of the instruction that produced addr (ptrhook.h). */
#define PTRHOOK_HOOK_SITE_SYM __injected_hook_site

/* Register-preserving variants (pass parameter cc=preserve_most or
 * cc=preserve_all, wrapper -fptrhook-cc=...): the same two hooks under
 * their own names, called with clang's preserve_most / preserve_all
 * calling convention, so that a call site saves nothing around the call.
 * They have their own names because a caller that assumes a register is
 * preserved must never reach a plain C function that clobbers it.  A
 * program that defines only the plain hook gets the runtime's defaults of
 * these, and the runtime's start-up ABI check stops it with a message
 * (PTRHOOK_ABI_REGISTER_SYM below).  Declare your own with
 * PTRHOOK_PRESERVE_MOST /
 * PTRHOOK_PRESERVE_ALL (ptrhook.h).  Supported on x86-64 and AArch64. */
#define PTRHOOK_HOOK_PRESERVE_MOST_SYM __injected_hook_preserve_most
#define PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM __injected_hook_site_preserve_most
#define PTRHOOK_HOOK_PRESERVE_ALL_SYM __injected_hook_preserve_all
#define PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM __injected_hook_site_preserve_all

/* Every hook entry point above, in this order: the re-entry guard names
 * a hook to the runtime by its index in this list. */
#define PTRHOOK_HOOK_NAME_LIST                                                 \
  PTRHOOK_HOOK_NAME, PTRHOOK_HOOK_SITE_NAME, PTRHOOK_HOOK_PRESERVE_MOST_NAME,  \
      PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME, PTRHOOK_HOOK_PRESERVE_ALL_NAME,    \
      PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME
#define PTRHOOK_HOOK_COUNT 6

/* The re-entry guard.  Where the pass sees the definition of a hook (the
 * module that defines it is compiled with the plugin, as ptrhook-cc
 * compiles every source), it wraps the body: on entry the hook reads the
 * calling thread's depth, PTRHOOK_HOOK_DEPTH_SYM (a thread-local uint32_t
 * the runtime defines and exports, one per thread across the executable
 * and its DSOs); 0 means the thread is not inside a hook, and the body
 * runs with the depth set to 1, cleared on every way out (return and
 * unwinding).  Otherwise the event was raised by code the hook called
 * (instrumented helpers): it is not delivered, and the hook calls
 * `void PTRHOOK_REENTRY_DROP_SYM(uint32_t hook)` (hook: the index in
 * PTRHOOK_HOOK_NAME_LIST), which counts it for the exit report.
 * A hook defined with PTRHOOK_REENTRANT (ptrhook.h, the annotation below)
 * receives nested events instead, up to PTRHOOK_REENTRY_LIMIT levels; at
 * that depth it calls `void PTRHOOK_REENTRY_LIMIT_SYM(uint32_t hook,
 * uint32_t depth)`, which stops the program with a message.  Function
 * attribute PTRHOOK_GUARDED_ATTR marks a guarded hook (the pass is
 * idempotent). */
#define PTRHOOK_HOOK_DEPTH_SYM __ptrhook_hook_depth
#define PTRHOOK_REENTRY_DROP_SYM __ptrhook_reentry_drop
#define PTRHOOK_REENTRY_LIMIT_SYM __ptrhook_reentry_limit
#define PTRHOOK_REENTRY_LIMIT 64
#define PTRHOOK_REENTRANT_ANNOTATION "ptrhook_reentrant"
#define PTRHOOK_GUARDED_ATTR "ptrhook-guarded"

/* Inline counting (pass parameter inline=count, wrapper
 * -fptrhook-inline=count): no hook call.  Each event adds 1 to the calling
 * thread's counter of its kind, element PTRHOOK_KIND_x of the runtime's
 * thread-local `uint64_t PTRHOOK_INLINE_COUNTS_SYM[PTRHOOK_INLINE_KIND_COUNT]`,
 * and each instrumented function first checks the thread-local byte
 * PTRHOOK_INLINE_THREAD_SYM: 0 means the runtime has not seen this thread
 * yet, and the function calls `void PTRHOOK_INLINE_ENTER_SYM(void)`, which
 * sets it (with the preserve_all calling convention on x86-64 and AArch64,
 * so that the call, made once per thread, costs the function nothing).  (The runtime has to know every counting thread, to add its
 * counts to the totals when it exits.)  The pass uses the local-exec TLS
 * model in code for executables and initial-exec otherwise. */
/* inline=runtime (wrapper -fptrhook-inline=runtime): the runtime's own
 * hooks, imported from this hook definition (next to the plugin) and
 * inlined at every site like a user's hook= file; every run-time mode of
 * PTRHOOK_OPTIONS stays available. */
#define PTRHOOK_RUNTIME_HOOK_FILE "ptrhook_rt_hook.bc"

#define PTRHOOK_INLINE_COUNTS_SYM __ptrhook_inline_counts
#define PTRHOOK_INLINE_THREAD_SYM __ptrhook_inline_thread
#define PTRHOOK_INLINE_ENTER_SYM __ptrhook_inline_enter

/* Site descriptors, layout 3 (PTRHOOK_SITE_VERSION; struct ptrhook_site in
 * ptrhook.h, docs/hook-abi.md).  For every instrumented function the pass
 * emits one read-only block into section PTRHOOK_SITES_SECTION: its
 * 16-byte descriptors, then the function's record (name, files, elided
 * GEPs), every reference inside the block itself, so that the block needs
 * no relocation at all (none at link time, none at load time).  The linker
 * gathers the blocks between __start_ and __stop_ of the section, and a
 * constructor in each instrumented module hands those bounds to
 * PTRHOOK_SITES_INIT_SYM(start, stop), once per executable or DSO.
 *
 * Layouts 1 and 2 (56 bytes, three absolute pointers) went to section
 * PTRHOOK_SITES_V2_SECTION and registered with PTRHOOK_SITES_INIT_V2_SYM;
 * the runtime and the readers still accept them. */
#define PTRHOOK_SITES_SECTION ptrhook_sites3
#define PTRHOOK_SITES_INIT_SYM __ptrhook_sites_init3
#define PTRHOOK_SITE_VERSION 3
#define PTRHOOK_SITES_V2_SECTION ptrhook_sites
#define PTRHOOK_SITES_INIT_V2_SYM __ptrhook_sites_init

/* Layout 3: the first 16-bit word of every 16-byte slot of the section.
 * Bit 15 is always set (layouts 1 and 2 start with their version, 1 or 2,
 * in the same word, so a reader given any descriptor can tell them apart);
 * bits 8-14 are the PTRHOOK_SITE_* flags, bits 0-7 the kind, or
 * PTRHOOK_SITE_RECORD_KIND in the first slot of a function's record. */
#define PTRHOOK_SITE_LAYOUT3 0x8000u
#define PTRHOOK_SITE_FLAGS_SHIFT 8
#define PTRHOOK_SITE_FLAGS_MASK 0x7fu
#define PTRHOOK_SITE_KIND_MASK 0xffu
#define PTRHOOK_SITE_RECORD_KIND 0xffu
#define PTRHOOK_SITE_SLOT 16 /* bytes of a descriptor and of a record slot */

/* The ABI check.  The registration constructor of every instrumented
 * module also calls PTRHOOK_ABI_REGISTER_SYM(calls) (a weak reference: a
 * program with its own hook needs no runtime), `calls` saying which entry
 * points the module's code reaches, one PTRHOOK_CALLS_* bit each.  At
 * start-up (and when a DSO is dlopen'ed later) the runtime compares them
 * with the hooks the program defines itself: a program that defines a hook
 * of one ABI while its modules call another would have every event go to
 * the runtime's weak default, and stops with a message instead
 * (runtime/rt_abi.c, docs/hook-abi.md).  The first six bits are the hooks,
 * bit (site ? 1 : 0) + 2 * cc, cc = 0 (c), 1 (preserve_most),
 * 2 (preserve_all); the last two are code that calls no hook of the
 * program's: counted inline (inline=count) or the runtime's own hook
 * inlined (inline=runtime). */
#define PTRHOOK_ABI_REGISTER_SYM __ptrhook_abi_register
/* Hidden aliases of the runtime's six default hooks, in bit order: a
 * program's strong definition takes the hook's name, the alias stays on
 * the runtime's code, so the runtime and ptrhook-report --check can tell
 * the two apart.  Named to sort before the hooks' own names, so that a
 * disassembler showing one name per address shows the hook's. */
#define PTRHOOK_DEFAULT_HOOK_SYM __injected_default_hook
#define PTRHOOK_DEFAULT_HOOK_SITE_SYM __injected_default_hook_site
#define PTRHOOK_DEFAULT_HOOK_PM_SYM __injected_default_hook_preserve_most
#define PTRHOOK_DEFAULT_HOOK_SITE_PM_SYM                                       \
  __injected_default_hook_site_preserve_most
#define PTRHOOK_DEFAULT_HOOK_PA_SYM __injected_default_hook_preserve_all
#define PTRHOOK_DEFAULT_HOOK_SITE_PA_SYM __injected_default_hook_site_preserve_all
#define PTRHOOK_DEFAULT_HOOK_PREFIX "__injected_default_hook"
#define PTRHOOK_CALLS_HOOKS 6 /* bits 0..5 name a hook */
#define PTRHOOK_CALLS_HOOK(site, cc) (1u << ((site) + 2 * (cc)))
#define PTRHOOK_CALLS_INLINE_COUNT (1u << 6)
#define PTRHOOK_CALLS_INLINE_RUNTIME (1u << 7)
#define PTRHOOK_CALLS_COUNT 8
/* What each bit is called in the check's message, in bit order: the entry
 * point (or what the code does instead), its options in the pass's
 * spelling, and the wrapper flags that compile calls to it.  The runtime
 * (rt_abi.c) and ptrhook-report --check expand it. */
#define PTRHOOK_CALLS_ENTRIES(X)                                               \
  X(PTRHOOK_HOOK_NAME, "abi=addr", "-fptrhook-abi=addr")                      \
  X(PTRHOOK_HOOK_SITE_NAME, "abi=site", "-fptrhook-abi=site")                 \
  X(PTRHOOK_HOOK_PRESERVE_MOST_NAME, "abi=addr, cc=preserve_most",            \
    "-fptrhook-cc=preserve_most")                                              \
  X(PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME, "abi=site, cc=preserve_most",       \
    "-fptrhook-abi=site -fptrhook-cc=preserve_most")                           \
  X(PTRHOOK_HOOK_PRESERVE_ALL_NAME, "abi=addr, cc=preserve_all",              \
    "-fptrhook-cc=preserve_all")                                               \
  X(PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME, "abi=site, cc=preserve_all",         \
    "-fptrhook-abi=site -fptrhook-cc=preserve_all")                            \
  X("no hook (events counted inline)", "inline=count",                        \
    "-fptrhook-inline=count")                                                  \
  X("the runtime's own hook (inlined)", "inline=runtime",                     \
    "-fptrhook-inline=runtime")

/* Build provenance.  Every module the pass instruments carries one record in
 * this section: a NUL-terminated line of tab-separated key=value fields,
 * starting with PTRHOOK_PROVENANCE_MAGIC:
 *   ptrhook-provenance-1  plugin=0.1.0  llvm=14.0.6  stage=compile|link
 *   source=<module source file>  options=<pass parameters>
 *   functions=<defined>  instrumented=<n>  excluded=<n>
 *   sites=<total>  alloca=<n> gep=<n> load=<n> call=<n> cast=<n> phi=<n>
 *   select=<n> other=<n> store=<n> alloc=<n> free=<n>
 * The linker concatenates the records of all objects; ptrhook-report --check
 * reads them back.  Nothing in a record depends on the build machine's
 * state (no time, no pointer), so objects stay reproducible. */
#define PTRHOOK_PROVENANCE_SECTION ptrhook_provenance
#define PTRHOOK_PROVENANCE_MAGIC "ptrhook-provenance-1"

/* Kind numbers (ptrhook_site_kind()), in the order of the pass's kind
 * names.  The first eight are the pointer-producing instructions; the last
 * three are opt-in events that only their handlers receive (pass parameter
 * handlers=, ptrhook_handlers.h): a pointer stored to memory, the result of
 * an allocation function, the pointer given to a deallocation function. */
#define PTRHOOK_KIND_ALLOCA 0
#define PTRHOOK_KIND_GEP 1
#define PTRHOOK_KIND_LOAD 2
#define PTRHOOK_KIND_CALL 3
#define PTRHOOK_KIND_CAST 4
#define PTRHOOK_KIND_PHI 5
#define PTRHOOK_KIND_SELECT 6
#define PTRHOOK_KIND_OTHER 7
#define PTRHOOK_KIND_STORE 8
#define PTRHOOK_KIND_ALLOC 9
#define PTRHOOK_KIND_FREE 10
#define PTRHOOK_KIND_COUNT 11
/* inline=count counts the pointer kinds only (the first eight): its
 * counter array has this many elements. */
#define PTRHOOK_INLINE_KIND_COUNT 8
/* Their names, in that order, as an initializer list: every table of kind
 * names (pass, runtime, trace reader, report tool) is spelled with it. */
#define PTRHOOK_KIND_NAMES                                                     \
  "alloca", "gep", "load", "call", "cast", "phi", "select", "other", "store",  \
      "alloc", "free"

/* Per-kind handlers (ptrhook_handlers.h): the handler of kind K is
 * PTRHOOK_HANDLER_PREFIX K ("ptrhook_on_gep" ...).  Sites of the kinds named
 * by the pass parameter handlers= (wrapper -fptrhook-handlers=), or defined
 * by the hook= file, call it instead of the hook. */
#define PTRHOOK_HANDLER_PREFIX "ptrhook_on_"
/* The size argument of ptrhook_on_alloc when LLVM cannot tell the size of
 * an allocation (strdup, a function known only by its allocsize-less
 * allocator attributes). */
#define PTRHOOK_SIZE_UNKNOWN (~0ull)

/* ptrhook_site_flags() (seven bits in layout 3) */
#define PTRHOOK_SITE_HAS_LOCATION 1u /* line/column come from debug info */
#define PTRHOOK_SITE_FUNCTION_LINE 2u /* no location of its own (allocas at
                                         -O0): line is the function's */
#define PTRHOOK_SITE_ELIDED 4u /* elide-const-geps: no hook call; the event
                                 is reconstructed (ptrhook_site_elided()) */
#define PTRHOOK_SITE_ELIDE_CHECKED 8u /* with ELIDED, in a verification
                                 build (elide-check): the hook is called
                                 all the same, so readers do not put the
                                 event back (but verify-elision does) */
#define PTRHOOK_SITE_APPROXIMATE 16u /* the instruction had no line (or
                                 line 0): the line is the nearest located
                                 instruction's of its block, or (with
                                 PTRHOOK_SITE_FUNCTION_LINE) the
                                 function's */

/* Functions whose names start with this prefix belong to the runtime and are
 * never instrumented, even when the runtime itself goes through LTO. */
#define PTRHOOK_RUNTIME_PREFIX "__ptrhook_"

/* Opt-out: a function annotated with this string (see PTRHOOK_NO_INSTRUMENT
 * in ptrhook.h) is left alone by the pass. */
#define PTRHOOK_NO_INSTRUMENT_ANNOTATION "ptrhook_no_instrument"

/* Module flag set on every module the pass has processed, and the string
 * function attribute set on every function it instrumented.  Both make the
 * pass idempotent: running it twice on one module (plugin + default<O2>, or
 * pre-link + link time) never instruments twice. */
#define PTRHOOK_MODULE_FLAG "ptrhook.instrumented"
#define PTRHOOK_FUNCTION_ATTR "ptrhook-instrumented"

/* Link-time instrumentation: a function compiled with the pass in "defer"
 * mode carries this string attribute, whose value is the pass options it
 * was compiled with in pipeline-parameter syntax ("kinds=alloca|gep;..."),
 * and is instrumented inside the linker (LTO) with exactly those options. */
#define PTRHOOK_PENDING_ATTR "ptrhook-pending"

/* The runtime's global state object (options, "am I the active runtime").
 * It is hidden: a process may hold two copies of the runtime (the static one
 * in the executable, libptrhook_rt.so pulled in by an instrumented DSO), each
 * with its own state.  They agree on which one prints by looking at where
 * __injected_hook is bound; see runtime/rt_init.c.  Named here so a debugger
 * (`p __ptrhook_state`) and the pass's prefix rule both know it. */
#define PTRHOOK_STATE_SYM __ptrhook_state

/* Optional in the program: `const char *__ptrhook_default_options(void)`
 * returns options applied before PTRHOOK_OPTIONS (ptrhook.h). */
#define PTRHOOK_DEFAULT_OPTIONS_SYM __ptrhook_default_options

#define PTRHOOK_STRINGIFY_(x) #x
#define PTRHOOK_STRINGIFY(x) PTRHOOK_STRINGIFY_(x)
#define PTRHOOK_HOOK_NAME PTRHOOK_STRINGIFY(PTRHOOK_HOOK_SYM)
#define PTRHOOK_HOOK_SITE_NAME PTRHOOK_STRINGIFY(PTRHOOK_HOOK_SITE_SYM)
#define PTRHOOK_HOOK_PRESERVE_MOST_NAME                                        \
  PTRHOOK_STRINGIFY(PTRHOOK_HOOK_PRESERVE_MOST_SYM)
#define PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME                                   \
  PTRHOOK_STRINGIFY(PTRHOOK_HOOK_SITE_PRESERVE_MOST_SYM)
#define PTRHOOK_HOOK_PRESERVE_ALL_NAME                                         \
  PTRHOOK_STRINGIFY(PTRHOOK_HOOK_PRESERVE_ALL_SYM)
#define PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME                                    \
  PTRHOOK_STRINGIFY(PTRHOOK_HOOK_SITE_PRESERVE_ALL_SYM)
#define PTRHOOK_HOOK_DEPTH_NAME PTRHOOK_STRINGIFY(PTRHOOK_HOOK_DEPTH_SYM)
#define PTRHOOK_REENTRY_DROP_NAME PTRHOOK_STRINGIFY(PTRHOOK_REENTRY_DROP_SYM)
#define PTRHOOK_REENTRY_LIMIT_NAME PTRHOOK_STRINGIFY(PTRHOOK_REENTRY_LIMIT_SYM)
#define PTRHOOK_INLINE_COUNTS_NAME PTRHOOK_STRINGIFY(PTRHOOK_INLINE_COUNTS_SYM)
#define PTRHOOK_INLINE_THREAD_NAME PTRHOOK_STRINGIFY(PTRHOOK_INLINE_THREAD_SYM)
#define PTRHOOK_INLINE_ENTER_NAME PTRHOOK_STRINGIFY(PTRHOOK_INLINE_ENTER_SYM)
#define PTRHOOK_DEFAULT_OPTIONS_NAME PTRHOOK_STRINGIFY(PTRHOOK_DEFAULT_OPTIONS_SYM)
#define PTRHOOK_SITES_SECTION_NAME PTRHOOK_STRINGIFY(PTRHOOK_SITES_SECTION)
#define PTRHOOK_SITES_INIT_NAME PTRHOOK_STRINGIFY(PTRHOOK_SITES_INIT_SYM)
#define PTRHOOK_ABI_REGISTER_NAME PTRHOOK_STRINGIFY(PTRHOOK_ABI_REGISTER_SYM)
#define PTRHOOK_SITES_V2_SECTION_NAME                                          \
  PTRHOOK_STRINGIFY(PTRHOOK_SITES_V2_SECTION)
#define PTRHOOK_PROVENANCE_SECTION_NAME                                        \
  PTRHOOK_STRINGIFY(PTRHOOK_PROVENANCE_SECTION)

#endif /* PTRHOOK_ABI_H */
