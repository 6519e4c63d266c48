//===-- InlineCount.h - inline=count: events counted in place ---*- C++ -*-===//
//
// inline=count makes no hook call: each event adds one to the calling
// thread's counter of its kind, an element of the runtime's thread-local
// array PTRHOOK_INLINE_COUNTS_SYM, and every instrumented function checks
// once, at entry, that the runtime knows its thread (ptrhook_abi.h).  The
// counts of a run of instructions without a call are added together, and
// CounterPromotionPass keeps the counters of call-free loops in registers.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_INLINECOUNT_H
#define PTRHOOK_INLINECOUNT_H

#include "Site.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/CallingConv.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class GlobalVariable;
} // namespace llvm

namespace ptrhook {

/// The TLS model of code that reaches the runtime's exported thread-locals
/// (inline counters, the hook depth): local-exec (one %fs-relative access)
/// in code that can only end up in an executable (PIE, or not
/// position-independent at all); elsewhere initial-exec, through which a
/// DSO reaches the executable's (or libptrhook_rt.so's) variable with one
/// GOT load.
llvm::GlobalValue::ThreadLocalMode runtimeTLSModel(const llvm::Module &M);

class InlineCounter {
public:
  explicit InlineCounter(llvm::Module &M) : M(M), Ctx(M.getContext()) {}

  /// Declare the runtime's counters, thread flag and thread-entry function,
  /// once.  False after a diagnostic if the module has them with other
  /// types.
  bool declare();

  /// Make the entry block of \p F check, once per call, that the runtime
  /// knows the calling thread.  Returns the block after the check.
  llvm::BasicBlock *prepareEntry(llvm::Function &F);

  /// The counter increments for \p Sites of \p F.
  void emitCounts(llvm::Function &F, llvm::ArrayRef<Site> Sites);

private:
  llvm::Module &M;
  llvm::LLVMContext &Ctx;
  llvm::GlobalVariable *Counts = nullptr, *Thread = nullptr;
  llvm::FunctionCallee Enter;
  llvm::CallingConv::ID EnterCC = llvm::CallingConv::C;
  bool Broken = false;
};

/// inline=count: in the loops without calls of the functions that count
/// inline, keep each counter in a register and add it up once at the
/// loop's exits.  That is what makes a counted event cost about an add.
/// Skips optnone functions (-O0), which no pass may change.  Pipeline name
/// "ptrhook-promote-counters"; added after the ptrhook pass wherever the
/// plugin adds that.
class CounterPromotionPass : public llvm::PassInfoMixin<CounterPromotionPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace ptrhook

#endif // PTRHOOK_INLINECOUNT_H
