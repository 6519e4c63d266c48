//===-- Options.h - what configures the ptrhook pass ------------*- C++ -*-===//
//
// PtrHookOptions is one plain struct whose fields are expanded from the
// option table (Options.def).  It is filled in one place (Options.cpp) from
// the `-ptrhook-*` command-line flags and the `ptrhook<...>` pipeline
// parameters; the rest of the pass never reads a cl::opt.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_OPTIONS_H
#define PTRHOOK_OPTIONS_H

#include "ptrhook_abi.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ptrhook {

/// The kinds of pointer-producing instruction, one bit each, in the order of
/// PTRHOOK_KIND_NAMES (ptrhook_abi.h): bit PTRHOOK_KIND_x is kind x.
enum PtrKind : unsigned {
  KindAlloca = 1u << PTRHOOK_KIND_ALLOCA, ///< alloca
  KindGEP = 1u << PTRHOOK_KIND_GEP,       ///< getelementptr
  KindLoad = 1u << PTRHOOK_KIND_LOAD,     ///< load of a pointer
  KindCall = 1u << PTRHOOK_KIND_CALL,     ///< call, invoke, callbr
  KindCast = 1u << PTRHOOK_KIND_CAST,     ///< inttoptr, bitcast, addrspacecast
  KindPhi = 1u << PTRHOOK_KIND_PHI,       ///< phi
  KindSelect = 1u << PTRHOOK_KIND_SELECT, ///< select
  KindOther = 1u << PTRHOOK_KIND_OTHER,   ///< extractvalue, extractelement,
                                          ///< freeze, va_arg, atomicrmw ...
  // Reported only to their handlers (handlers=):
  KindStore = 1u << PTRHOOK_KIND_STORE, ///< store of a pointer
  KindAlloc = 1u << PTRHOOK_KIND_ALLOC, ///< result of an allocation function
  KindFree = 1u << PTRHOOK_KIND_FREE,   ///< pointer given to a free function
  KindHandlerOnly = KindStore | KindAlloc | KindFree,
  KindAll = (1u << PTRHOOK_KIND_COUNT) - 1,
};

/// The number (PTRHOOK_KIND_x) of a single kind bit.
inline unsigned kindIndex(unsigned KindBit) { return __builtin_ctz(KindBit); }

/// Name of a single kind bit ("alloca", "gep", ...), "?" for anything else.
llvm::StringRef kindName(unsigned KindBit);

/// Parse a kind list such as "alloca|gep", "all" or "none" (`,` is
/// accepted too, for the command-line flag).  Fails naming the unknown kind.
llvm::Expected<unsigned> parseKindList(llvm::StringRef List);

/// Everything that configures the pass: one field per row of Options.def,
/// with its default, plus the stage the pass runs at.
struct PtrHookOptions {
  /// abi=: which hook the calls go to, `__injected_hook(addr)` (the plain C
  /// ABI, the default) or `__injected_hook_site(addr, &site)`.
  enum class HookABI { Addr, Site };
  /// cc=: the calling convention of the hook calls.  C is the plain C ABI;
  /// the others call the hook's register-preserving variant
  /// (`__injected_hook_preserve_most` ...), so that call sites save nothing
  /// around the call.  Those exist on x86-64 and AArch64 only.
  enum class HookCC { C, PreserveMost, PreserveAll };
  /// inline=: Count makes no hook call at all.  Each event is an increment
  /// of the thread's counter of its kind (a TLS array of the runtime), and
  /// each instrumented function checks once, at entry, that its thread is
  /// known to the runtime (InlineCount.cpp).  Runtime inlines the runtime's
  /// own hooks, as hook= does a user's (HookImport.cpp).
  enum class InlineMode { Off, Count, Runtime };

#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  bool Field = Default;
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  Type Field = Type(0);
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                  \
  unsigned Field = llvm::StringRef(Default) == "all" ? KindAll : 0u;
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  std::vector<std::string> Field;
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help) std::string Field;
#include "Options.def"

  /// Inside the linker: instrument only the functions compiled with
  /// link-time, each with the options it recorded, and touch nothing else.
  /// Set by the plugin at the link-time extension points (and by the
  /// internal pass parameter `link-stage`), never by a user option.
  bool LinkStage = false;

  bool siteABI() const { return ABI == HookABI::Site; }
  bool inlineCount() const { return Inline == InlineMode::Count; }

  /// Defaults overridden by any `-ptrhook-*` flag given on the command line
  /// (clang: `-mllvm -ptrhook-kinds=...`).  Fails on a malformed value,
  /// naming the flag.
  static llvm::Expected<PtrHookOptions> fromCommandLine();

  /// Apply the text between `<` and `>` of `ptrhook<...>` on top of *this.
  /// Parameters are separated by `;` (a `,` would end the pass in LLVM's
  /// pipeline parser); kind lists use `|`.  Fails naming the bad parameter.
  llvm::Error applyPipelineParams(llvm::StringRef Params);

  /// Fails naming the conflict when the options cannot be combined
  /// (inline=count with abi=site or a cc= other than c, elide-const-geps
  /// without abi=site ...).
  llvm::Error validate() const;

  /// The options a function records for link-time instrumentation
  /// (PTRHOOK_PENDING_ATTR) and a module in its provenance record, in
  /// pipeline-parameter syntax: the rows of Options.def marked ALWAYS, and
  /// those marked SET that differ from their default.
  std::string toParams() const;
};

} // namespace ptrhook

#endif // PTRHOOK_OPTIONS_H
