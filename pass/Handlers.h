//===-- Handlers.h - per-kind handlers and their context --------*- C++ -*-===//
//
// handlers=: the sites of the selected kinds call ptrhook_on_<kind>
// (ptrhook.h) instead of the hook, with the context of their kind, computed
// at the site only for those: a getelementptr's base, the slot a pointer was
// loaded from, the callee, an alloca's or an allocation's size, a cast's
// operand, the incoming edge of a phi, the condition of a select.  Three
// kinds exist only for handlers: pointer stores, the results of allocation
// functions and the pointers given to deallocation functions, recognised by
// LLVM's MemoryBuiltins with the function's TargetLibraryInfo.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_HANDLERS_H
#define PTRHOOK_HANDLERS_H

#include "Site.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/BasicBlock.h"

namespace llvm {
class Function;
class Instruction;
class TargetLibraryInfo;
class Type;
class Value;
} // namespace llvm

namespace ptrhook {

class HookCalls;

/// The kind \p I has when the handlers \p Selected (a kind mask) are
/// enabled: store, alloc or free if \p I is such an event and its handler
/// is selected, else \p Kind (classifyPointerInstruction's, maybe 0).  For
/// store and free, \p Reported is set to the pointer the event reports.
unsigned handlerKind(llvm::Instruction &I, unsigned Kind,
                     unsigned Selected, const llvm::TargetLibraryInfo &TLI,
                     llvm::Value *&Reported);

/// The context arguments of handler site \p S (none for other and free),
/// computed before \p IP, where its call goes.  \p TLI for allocation
/// sizes.
llvm::SmallVector<llvm::Value *, 1>
handlerContext(const Site &S, llvm::BasicBlock::iterator IP,
               HookCalls &Hooks, const llvm::TargetLibraryInfo &TLI);

/// Fill in Site::From for every site of \p Sites: the site, among them,
/// that produced the operand the site's context names.
void linkDerivations(llvm::MutableArrayRef<Site> Sites);

} // namespace ptrhook

#endif // PTRHOOK_HANDLERS_H
