//===-- PtrHook.h - report every pointer a program creates ----------------===//
//
// The ptrhook pass walks a module for instructions whose result is a scalar
// pointer and, after each one, inserts
//
//     %a = ptrtoint <ty>* %p to i64        ; DataLayout's intptr type
//     call void @__injected_hook(i64 %a)   ; nounwind, carries !dbg
//
// It is a required module pass, registered at the OptimizerLast extension
// point (after the optimizer, before codegen) and under the pipeline name
// "ptrhook".
//
// USAGE:
//   opt -load-pass-plugin=build/lib/ptrhook.so
//       -passes='ptrhook<kinds=alloca|gep|load>' in.ll -S -o out.ll
//   clang -fpass-plugin=build/lib/ptrhook.so -O2 prog.c build/lib/libptrhook_rt.a
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_PTRHOOK_H
#define PTRHOOK_PTRHOOK_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Instruction;
class Module;
} // namespace llvm

namespace ptrhook {

/// The kinds of pointer-producing instruction, one bit each.  The names are
/// the ones accepted by `kinds=` and `-ptrhook-kinds=`.
enum PtrKind : unsigned {
  KindAlloca = 1u << 0, ///< alloca
  KindGEP = 1u << 1,    ///< getelementptr
  KindLoad = 1u << 2,   ///< load of a pointer
  KindCall = 1u << 3,   ///< call, invoke, callbr returning a pointer
  KindCast = 1u << 4,   ///< inttoptr, bitcast, addrspacecast
  KindPhi = 1u << 5,    ///< phi
  KindSelect = 1u << 6, ///< select
  KindOther = 1u << 7,  ///< everything else: extractvalue, extractelement,
                        ///< freeze, va_arg, atomicrmw ...
  KindAll = (1u << 8) - 1,
};

/// Name of a single kind bit ("alloca", "gep", ...).
llvm::StringRef kindName(PtrKind K);

/// The kind of \p I if it produces a pointer ptrhook knows how to report,
/// or 0 if it produces none.
unsigned classifyPointerInstruction(const llvm::Instruction &I);

/// Everything that configures the pass.  Filled in one place
/// (PtrHookOptions.cpp) from the `-ptrhook-*` command-line flags and the
/// `ptrhook<...>` pipeline parameters; the pass itself never reads a cl::opt.
struct PtrHookOptions {
  /// When the pass instruments.
  enum class Stage {
    /// Instrument now (the default; also honours functions marked pending).
    Now,
    /// Only mark eligible functions PTRHOOK_PENDING_ATTR, with these
    /// options, for instrumentation inside the LTO link (-ptrhook-link-time).
    Defer,
    /// Inside the linker: instrument the pending functions, each with the
    /// options it recorded, and touch nothing else.
    Link,
  };
  Stage When = Stage::Now;

  /// Bit set of PtrKind to instrument.
  unsigned Kinds = KindAll;
  /// Skip instructions that cannot change the address they produce: pointer
  /// bitcasts and getelementptr whose indices are all constant zero.  They
  /// only exist because of typed pointers (LLVM <= 16) and would otherwise
  /// report the same address twice.
  bool SkipNoop = true;
  /// Skip "access" GEPs: a getelementptr whose every use is the address
  /// operand of a load or store in its own block (a field or element
  /// access such as `s->f = x`).  Opt-in (skip-access-geps): it drops the
  /// commonest kind of event, whose address a tool can recompute from the
  /// base pointer it came from only if that one is reported.
  bool SkipAccessGEPs = false;
  /// elide-const-geps (opt-in, needs abi=site): a getelementptr whose
  /// address is a constant offset from a pointer reported earlier in its
  /// block, with no call between that report and it, gets no hook call.
  /// Its site descriptor says which site's address it derives from, by
  /// how much, and which site's event it follows, so that a reader
  /// reconstructs the full event stream (PTRHOOK_SITE_ELIDED, ptrhook.h).
  bool ElideConstGEPs = false;
  /// elide-check: a verification build of elide-const-geps.  The sites are
  /// chosen and described exactly as with elide-const-geps, but elided
  /// sites still call the hook, so that `ptrhook-trace verify-elision`
  /// can compare every event a reader would put back with the real one.
  bool ElideCheck = false;
  /// Which hook the calls go to: `__injected_hook(addr)` (the default, the
  /// plain C ABI) or `__injected_hook_site(addr, &site)`.
  enum class HookABI { Addr, Site };
  HookABI ABI = HookABI::Addr;
  /// The calling convention of the hook calls.  C is the plain C ABI of
  /// `__injected_hook`; the others call the hook's register-preserving
  /// variant (`__injected_hook_preserve_most` ...), so that call sites save
  /// nothing around the call.  Those exist on x86-64 and AArch64 only.
  enum class HookCC { C, PreserveMost, PreserveAll };
  HookCC CC = HookCC::C;
  /// inline=count: no hook call at all.  Each event is an increment of the
  /// thread's counter of its kind (`__ptrhook_inline_counts[kind]`, a TLS
  /// array of the runtime), and each instrumented function checks once, at
  /// entry, that its thread is known to the runtime
  /// (`__ptrhook_inline_thread`, else a call to `__ptrhook_inline_enter`).
  /// Exact counts per kind at a fraction of a call's cost; no addresses.
  bool InlineCount = false;
  /// Emit a constant site descriptor per hook site (section ptrhook_sites)
  /// and register the module's sites with the runtime.  Required by
  /// abi=site; on by default so every site can be enumerated.
  bool Sites = true;
  /// Selection in LLVM's SpecialCaseList format, with clang's
  /// -fsanitize-coverage-allowlist/-ignorelist semantics: with an allowlist
  /// a function is instrumented only if its source file (`src:`) and its
  /// name (`fun:`) both match; an ignorelist entry of either kind excludes.
  /// Entries go in section [ptrhook] or outside any section.
  std::vector<std::string> Allowlists, Ignorelists;

  /// Defaults overridden by any `-ptrhook-*` flag given on the command line
  /// (clang: `-mllvm -ptrhook-kinds=...`).  Fails on a malformed flag value.
  static llvm::Expected<PtrHookOptions> fromCommandLine();

  /// Apply the text between `<` and `>` of `ptrhook<...>` on top of *this.
  /// Parameters are separated by `;` (a `,` would end the pass in LLVM's
  /// pipeline parser); kind lists use `|`.  Fails naming the bad parameter.
  llvm::Error applyPipelineParams(llvm::StringRef Params);

  /// Fails naming the conflict when the options cannot be combined
  /// (inline=count with abi=site or a cc= other than c, elide-const-geps
  /// without abi=site).
  llvm::Error validate() const;

  /// The per-function options (kinds, skip-noop) in pipeline-parameter
  /// syntax, as recorded in PTRHOOK_PENDING_ATTR.
  std::string toParams() const;
};

/// Parse a kind list such as "alloca|gep" or "all" (`,` is accepted too, for
/// the command-line flag).  Fails naming the unknown kind.
llvm::Expected<unsigned> parseKindList(llvm::StringRef List);

/// The LLVM major of the libLLVM the host process runs (from the loaded
/// library's file name), or 0 when LLVM is linked into the host statically.
unsigned hostLLVMMajor();

/// The pass.  Thin: the work is done by the worker in PtrHook.cpp.
class PtrHookPass : public llvm::PassInfoMixin<PtrHookPass> {
public:
  explicit PtrHookPass(PtrHookOptions Opts = PtrHookOptions()) : Opts(Opts) {}

  /// A pass whose configuration failed.  Running it reports \p Message as an
  /// error diagnostic on the module ("error: ptrhook: ..." from clang and
  /// opt, exit status 1) and changes nothing.  Errors are reported this way
  /// because neither the pipeline parser callback nor the extension point
  /// callback can return one, and report_fatal_error would look like a crash.
  static PtrHookPass withError(std::string Message) {
    PtrHookPass P;
    P.ConfigError = std::move(Message);
    return P;
  }

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

  /// Required: runs at -O0, on optnone functions, and is never skipped by
  /// -opt-bisect-limit.
  static bool isRequired() { return true; }

private:
  PtrHookOptions Opts;
  std::string ConfigError;
};

} // namespace ptrhook

#endif // PTRHOOK_PTRHOOK_H
