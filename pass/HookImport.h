//===-- HookImport.h - the user's hook, imported and inlined ----*- C++ -*-===//
//
// hook=FILE: instead of calling the hook, put its body at every site.  The
// hook file is compiled once as a "hook definition" (hook-definition: its
// internal symbols promoted to hidden globals with stable names, the way
// ThinLTO promotes an exporting module's locals), to bitcode for the
// compiles and to an object for the link.  Each instrumented module imports
// the hook's entry points from the bitcode as available_externally
// definitions (IRMover, as ThinLTO's function importer does); everything
// else the hook references (its globals, thread-locals and other
// functions) stays a declaration that the hook object defines once.  Once
// the calls are placed, they are inlined and the instrumented functions
// cleaned up; a hook that cannot be inlined stays a call, with a remark.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_HOOKIMPORT_H
#define PTRHOOK_HOOKIMPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace ptrhook {

/// The module flag that marks a module compiled as a hook definition.
inline constexpr const char *HookModuleFlag = "ptrhook.hook-module";

/// The most IR instructions a hook may have to be inlined (documented in
/// docs/options.md); a larger one stays a call.
inline constexpr unsigned HookInlineLimit = 100;

/// hook-definition: make \p M a hook definition.  Marks it, and promotes its
/// internal functions and mutable globals to hidden external symbols with
/// names stable for this file (renameModuleForThinLTO), so that the code
/// inlined into other modules and the object compiled from \p M agree on
/// them.  Idempotent.
void prepareHookDefinition(llvm::Module &M);

class HookImport {
public:
  explicit HookImport(llvm::Module &M) : M(M) {}

  /// Import the hook entry points (every hook symbol it defines) from the
  /// hook definition \p Path into the module, before it is instrumented.
  /// False after an error diagnostic naming the file and the problem
  /// (unreadable, not a hook definition, another target, no hook, a hook
  /// the module defines too).
  bool load(llvm::StringRef Path);

  /// Whether \p Name is a hook this import defines.
  bool defines(llvm::StringRef Name) const;

  /// The kinds (a PtrKind mask) whose handler (ptrhook_on_<kind>) the hook
  /// file defines, and whether it defines one of the hooks as well.
  unsigned handlerKinds() const { return HandlerKinds; }
  bool definesHook() const { return HasHook; }

  /// Inline the hook calls of \p Functions (instrumented by this run), then
  /// clean up what inlining left; remarks (-Rpass=ptrhook,
  /// -Rpass-missed=ptrhook) say per function how many calls were inlined,
  /// or why not.  Finally the imported bodies are dropped: calls that were
  /// not inlined reach the hook object's definition.
  void inlineCalls(llvm::ArrayRef<llvm::Function *> Functions,
                   llvm::ModuleAnalysisManager &MAM);

private:
  llvm::Module &M;
  std::string Path;
  /// The imported entry points, available_externally in M.
  llvm::SmallVector<llvm::Function *, 2> Hooks;
  unsigned HandlerKinds = 0;
  bool HasHook = false;
};

} // namespace ptrhook

#endif // PTRHOOK_HOOKIMPORT_H
