//===-- ReentryGuard.h - a hook never recurses into itself -----*- C++ -*-===//
//
// A user's hook that calls code compiled with ptrhook (a helper library
// built with the wrapper) raises events from inside itself; each calls the
// hook again, until the stack overflows.  Where the pass sees a hook's
// definition it wraps the body in a per-thread guard (names and protocol
// in ptrhook_abi.h):
//
//   entry:                    ; the static allocas, then
//     %depth = load i32, ptr @__ptrhook_hook_depth
//     br (%depth != 0), label %ptrhook.drop, label %ptrhook.guarded
//   ptrhook.drop:             ; an event raised inside the hook (cold)
//     call void @__ptrhook_reentry_drop(i32 <hook>)
//     ret void
//   ptrhook.guarded:
//     store i32 1, ptr @__ptrhook_hook_depth
//     ...                     ; the body; before every ret and resume,
//     store i32 0, ptr @__ptrhook_hook_depth
//
// and, when the body may unwind, its calls that may throw become invokes
// of a cleanup that clears the depth and resumes.  A hook marked
// PTRHOOK_REENTRANT gets a depth counter instead: nested events are
// delivered up to PTRHOOK_REENTRY_LIMIT levels, and at that depth the hook
// calls __ptrhook_reentry_limit(), which stops the program with a message.
// The hook keeps its symbol, linkage, calling convention and attributes
// (less those the guard makes false: memory, nosync, nofree ...).
//
// A hook file (hook-definition, hook=FILE) is guarded only when its hook
// may reach instrumented code: when it (or a function of the hook file it
// calls, transitively) calls something other than an intrinsic, a library
// function TargetLibraryInfo recognises, or the runtime.  A hook inlined at
// every site then costs nothing more unless it calls out.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_REENTRYGUARD_H
#define PTRHOOK_REENTRYGUARD_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Module;
} // namespace llvm

namespace ptrhook {

/// Which hooks of a module get the guard.
enum class GuardPolicy {
  Always,       ///< every hook definition (a module the pass instruments)
  WhereNeeded,  ///< only hooks that may reach instrumented code (a hook file)
};

/// Guard every hook \p M defines (not yet guarded) as \p Policy says.
/// Remarks (-Rpass=ptrhook, -Rpass-missed=ptrhook) say which hook was
/// guarded and why, or why not.  Returns true if the module changed.  If
/// \p M holds the runtime's guard symbols with other types, an error
/// diagnostic names them and nothing is guarded.
bool guardHooks(llvm::Module &M, GuardPolicy Policy,
                llvm::FunctionAnalysisManager &FAM);

} // namespace ptrhook

#endif // PTRHOOK_REENTRYGUARD_H
