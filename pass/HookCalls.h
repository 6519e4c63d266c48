//===-- HookCalls.h - declaring the hooks and calling them ------*- C++ -*-===//
//
// The hooks a module calls (ptrhook_abi.h: one per ABI and calling
// convention), declared on first use and checked against any declaration
// the module already has, and the call sequence inserted for each reported
// value:
//
//     %a = ptrtoint <ty>* %p to i64        ; DataLayout's intptr type
//     call void @__injected_hook(i64 %a)   ; nounwind, carries !dbg
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_HOOKCALLS_H
#define PTRHOOK_HOOKCALLS_H

#include "Options.h"

#include "Compat.h" // EHPersonalities.h (ColorVector)
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/CallingConv.h"
#include "llvm/IR/DerivedTypes.h"

namespace llvm {
class Constant;
class DataLayout;
class Module;
} // namespace llvm

namespace ptrhook {

class HookCalls {
public:
  explicit HookCalls(llvm::Module &M);

  /// The hook of \p FOpts' ABI and calling convention, declared on first
  /// use.  Null after a diagnostic when the module declares the symbol with
  /// another type or convention, or the target has no such convention.
  llvm::FunctionCallee *hookFor(const PtrHookOptions &FOpts);

  /// The handler of kind \p KindBit (ptrhook_on_<kind>, ptrhook.h),
  /// declared on first use: `void (iN addr, [iN or i64 context,] ptr site)`.
  /// Null after a diagnostic when the module declares the symbol with
  /// another type.
  llvm::FunctionCallee *handlerFor(unsigned KindBit);

  /// The type of the context argument of kind \p KindBit's handler: i64 for
  /// a size (alloca, alloc), iN for an address or an index, null for none
  /// (other, free).
  llvm::Type *contextType(unsigned KindBit) const;

  /// Insert `ptrtoint` + a call of \p Callee for \p Ptr before \p IP:
  /// the address of \p Reported (default: \p Ptr itself), then \p Context
  /// (a handler's), then \p SiteDesc when not null.  \p Colors: the
  /// funclet colours of the function, when it has funclet EH.
  void
  inject(llvm::Instruction &Ptr, llvm::BasicBlock::iterator IP,
         llvm::FunctionCallee Callee, llvm::Constant *SiteDesc,
         const llvm::DenseMap<llvm::BasicBlock *, llvm::ColorVector> *Colors,
         llvm::ArrayRef<llvm::Value *> Context = {},
         llvm::Value *Reported = nullptr);

  /// iN, N the pointer width of address space 0: the hooks' address type.
  llvm::IntegerType *addrType() const { return HookArgTy; }

private:
  bool declare(llvm::StringRef Name, llvm::FunctionType *Ty,
               llvm::CallingConv::ID CC, llvm::FunctionCallee &Out);

  llvm::Module &M;
  llvm::LLVMContext &Ctx;
  const llvm::DataLayout &DL;
  llvm::IntegerType *HookArgTy;
  /// The hooks, by [abi=site][cc], each declared on first use.
  llvm::FunctionCallee Hooks[2][3];
  bool Broken[2][3] = {}; ///< declared with a wrong type (reported)
  /// The handlers, by kind number, each declared on first use.
  llvm::FunctionCallee Handlers[PTRHOOK_KIND_COUNT];
  bool HandlerBroken[PTRHOOK_KIND_COUNT] = {};
};

} // namespace ptrhook

#endif // PTRHOOK_HOOKCALLS_H
