//===-- Trampoline.h - the -O0 preserve_most trampoline ---------*- C++ -*-===//
//
// In optnone (-O0) functions on x86-64 ELF, the hook calls across which
// other values are live go through `__ptrhook_hook_preserve_most`, a
// preserve_most function taking the address in the swiftself register that
// calls the plain hook: the fast register allocator then keeps those values
// in registers instead of giving each a stack slot of its own.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_TRAMPOLINE_H
#define PTRHOOK_TRAMPOLINE_H

#include "Options.h"
#include "Site.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/IR/DerivedTypes.h"

namespace llvm {
class DataLayout;
class Function;
class Module;
} // namespace llvm

namespace ptrhook {

class Trampoline {
public:
  explicit Trampoline(llvm::Module &M) : M(M) {}

  /// Whether the hook calls of \p F, instrumented with \p FOpts, may go
  /// through the trampoline: optnone, the plain ABI and C convention, an
  /// x86-64 ELF target.
  bool applies(const llvm::Function &F, const PtrHookOptions &FOpts) const;

  /// Which of \p Sites (those of optnone function \p F) have a value other
  /// than the one they report live across their hook call.
  static llvm::BitVector crossings(llvm::Function &F,
                                   llvm::ArrayRef<Site> Sites,
                                   const llvm::DataLayout &DL);

  /// The trampoline to \p Hook (the plain hook), declared on first use from
  /// \p F.  Null if the module has the symbol with another signature.
  llvm::Function *get(const llvm::Function &F, llvm::FunctionCallee Hook);

  /// Give the trampoline its body, once all functions are instrumented (so
  /// that the loop over them does not see it).  Nothing if never used.
  void define();

private:
  llvm::Module &M;
  llvm::Function *Fn = nullptr;
  llvm::FunctionCallee Hook;
};

} // namespace ptrhook

#endif // PTRHOOK_TRAMPOLINE_H
