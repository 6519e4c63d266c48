//===-- Selection.h - which functions and values the pass reports -*- C++
//-*-===//
//
// Selection decides what is instrumented: whole functions (exclusions,
// opt-outs, the allow/ignore lists) and, inside a function, which
// instructions produce a pointer of a selected kind that can be reported.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_SELECTION_H
#define PTRHOOK_SELECTION_H

#include "Options.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace llvm {
class Function;
class Instruction;
class Module;
class SpecialCaseList;
} // namespace llvm

namespace ptrhook {

/// The kind of \p I if it produces a pointer ptrhook knows how to report,
/// or 0 if it produces none.
unsigned classifyPointerInstruction(const llvm::Instruction &I);

/// Whether \p Name is one of the hooks (any ABI, any calling convention)
/// or one of the per-kind handlers.
bool isHookName(llvm::StringRef Name);

/// The kind bit of handler \p Name (ptrhook_on_<kind>), or 0.
unsigned handlerKindOf(llvm::StringRef Name);
/// The functions of \p M annotated with \p Annotation
/// (`__attribute__((annotate(...)))`, in llvm.global.annotations), added to
/// \p Out.
void collectAnnotated(llvm::Module &M, llvm::StringRef Annotation,
                      llvm::SmallPtrSetImpl<const llvm::Function *> &Out);

class Selection {
public:
  Selection(llvm::Module &M, const PtrHookOptions &Opts);
  ~Selection();

  /// Read the PTRHOOK_NO_INSTRUMENT annotations and the allowlist and
  /// ignorelist files.  A missing or malformed list is an error diagnostic
  /// naming it (and the line); returns false then, and nothing is to be
  /// instrumented.
  bool load();

  /// Whether \p F is left alone as a whole, with the reason in a comment of
  /// each test: declarations, naked functions, the hooks and the runtime,
  /// opt-outs, the lists, functions already instrumented, SEH.
  bool isExcluded(const llvm::Function &F) const;

  /// True if \p I produces a pointer of a kind selected by \p FOpts that
  /// can be reported.
  bool isReportable(const llvm::Instruction &I,
                    const PtrHookOptions &FOpts) const;

private:
  void collectOptOuts();

  llvm::Module &M;
  const PtrHookOptions &Opts;
  std::unique_ptr<llvm::SpecialCaseList> Allowlist, Ignorelist;
  bool SourceSelected = true; ///< the module's src: passes the lists
  llvm::SmallPtrSet<const llvm::Function *, 8> OptedOut;
};

} // namespace ptrhook

#endif // PTRHOOK_SELECTION_H
