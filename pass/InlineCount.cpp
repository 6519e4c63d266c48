//===-- InlineCount.cpp - inline=count: events counted in place -----------===//
//
// See InlineCount.h.
//
//===----------------------------------------------------------------------===//

#include "InlineCount.h"
#include "Compat.h"
#include "Placement.h"
#include "Options.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"

using namespace llvm;

namespace ptrhook {

GlobalValue::ThreadLocalMode runtimeTLSModel(const Module &M) {
  return M.getPIELevel() != PIELevel::Default ||
                 M.getPICLevel() == PICLevel::NotPIC
             ? GlobalValue::LocalExecTLSModel
             : GlobalValue::InitialExecTLSModel;
}

/// Declare the runtime's inline-counting symbols (PTRHOOK_INLINE_*), once.
/// False after a diagnostic if the module has them with other types.
bool InlineCounter::declare() {
  if (Counts)
    return true;
  if (Broken)
    return false;
  Broken = true; // until declared below
  // One %fs-relative add per event in an executable (runtimeTLSModel).
  GlobalValue::ThreadLocalMode Model = runtimeTLSModel(M);
  auto Declare = [&](StringRef Name, Type *Ty) -> GlobalVariable * {
    if (GlobalValue *Existing = M.getNamedValue(Name)) {
      auto *GV = dyn_cast<GlobalVariable>(Existing);
      if (GV && GV->getValueType() == Ty && GV->isThreadLocal())
        return GV;
      Ctx.emitError("ptrhook: '" + Name +
                    "' is defined in this module but "
                    "is not the runtime's thread-local counter that "
                    "inline=count needs");
      return nullptr;
    }
    auto *GV = new GlobalVariable(M, Ty, /*isConstant=*/false,
                                  GlobalValue::ExternalLinkage, nullptr, Name,
                                  nullptr, Model);
    GV->setAlignment(Align(8));
    return GV;
  };
  auto *I64 = Type::getInt64Ty(Ctx);
  Counts = Declare(PTRHOOK_INLINE_COUNTS_NAME,
                   ArrayType::get(I64, PTRHOOK_INLINE_KIND_COUNT));
  Thread = Declare(PTRHOOK_INLINE_THREAD_NAME, Type::getInt8Ty(Ctx));
  if (!Counts || !Thread) {
    Counts = nullptr;
    return false;
  }
  AttributeList Attrs = AttributeList()
                            .addFnAttribute(Ctx, Attribute::NoUnwind)
                            .addFnAttribute(Ctx, Attribute::Cold);
  Enter = M.getOrInsertFunction(PTRHOOK_INLINE_ENTER_NAME, Attrs,
                                Type::getVoidTy(Ctx));
  // preserve_all where LLVM has it (the runtime defines it so): a call that
  // clobbers nothing keeps the function's arguments out of callee-saved
  // registers, which would cost every call of the function a push and a
  // pop each, for a call made once per thread.
  Triple T(compat::targetTriple(M));
  EnterCC = T.getArch() == Triple::x86_64 || T.getArch() == Triple::aarch64
                ? CallingConv::PreserveAll
                : CallingConv::C;
  if (auto *F = dyn_cast<Function>(Enter.getCallee()))
    F->setCallingConv(EnterCC);
  Broken = false;
  return true;
}

/// inline=count: make the entry block of \p F check, once per call, that
/// the runtime knows the calling thread:
///
///   entry:               ; the static allocas, then
///     %seen = load i8, ptr @__ptrhook_inline_thread
///     br (%seen == 0), label %ptrhook.enter, label %ptrhook.entry
///   ptrhook.enter:       ; once per thread (cold)
///     call void @__ptrhook_inline_enter()
///   ptrhook.entry:       ; the rest of the old entry block
///
/// Every event of the function comes after the check, so a thread is known
/// before its first count.  Static allocas stay in the entry block (moved
/// to its start if some came later): in another block they would become
/// dynamic stack allocations.  Returns the block after the check.
BasicBlock *InlineCounter::prepareEntry(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock *Cont = splitAfterStaticAllocas(F, "ptrhook.entry");
  BasicBlock *EnterBB = BasicBlock::Create(Ctx, "ptrhook.enter", &F, Cont);

  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(Ctx, 0, 0, SP);
  Entry.getTerminator()->eraseFromParent();
  IRBuilder<> IRB(&Entry);
  IRB.SetCurrentDebugLocation(Loc);
  Value *Seen = IRB.CreateLoad(IRB.getInt8Ty(), Thread, "ptrhook.seen");
  IRB.CreateCondBr(IRB.CreateICmpEQ(Seen, IRB.getInt8(0)), EnterBB, Cont,
                   MDBuilder(Ctx).createBranchWeights(1, 1u << 20));
  IRB.SetInsertPoint(EnterBB);
  CallInst *Call = IRB.CreateCall(Enter);
  Call->setDoesNotThrow();
  Call->setCallingConv(EnterCC);
  IRB.CreateBr(Cont);
  return Cont;
}

/// Whether call \p CB may count events or read the counters: anything but
/// debug and lifetime intrinsics, and inline asm that declares no memory
/// access (no "memory" clobber, no memory operand; such asm may not touch
/// memory the compiler knows of, least of all the runtime's counters).
static bool mayCount(const CallBase &CB) {
  if (isa<DbgInfoIntrinsic>(CB) || CB.isLifetimeStartOrEnd())
    return false;
  const auto *Asm = dyn_cast<InlineAsm>(CB.getCalledOperand());
  if (!Asm)
    return true;
  for (const InlineAsm::ConstraintInfo &C : Asm->ParseConstraints()) {
    if (C.isIndirect)
      return true;
    if (C.Type == InlineAsm::isClobber)
      for (const std::string &Code : C.Codes)
        if (Code == "{memory}")
          return true;
  }
  return false;
}

/// Whether the events before \p I must be counted before it runs: it may
/// not return to the next instruction (a call, which may also exit, longjmp
/// or read the counters; a terminator).
static bool endsCountingRun(const Instruction &I) {
  if (I.isTerminator())
    return true;
  if (const auto *CB = dyn_cast<CallBase>(&I))
    return mayCount(*CB);
  return false;
}

/// inline=count: the counter increments for \p Sites of \p F.  An event is
/// counted where its hook call would have gone or later, never past a call
/// or the end of its block: the events of a run of instructions without a
/// call are counted together, one `__ptrhook_inline_counts[kind] += n` per
/// kind, before the call or terminator that ends the run.  (One memory add
/// per event made a chain of dependent read-modify-writes on the same
/// counter: on the GEP loop of test/bench/runtime-micro.c, as slow as a
/// call.)  Only a fault or signal inside the run separates an event from
/// its count.
void InlineCounter::emitCounts(Function &F, ArrayRef<Site> Sites) {
  DenseMap<const Instruction *, SmallVector<const Site *, 2>> At;
  for (const Site &S : Sites)
    At[&*S.InsertPt].push_back(&S);
  auto *I64 = Type::getInt64Ty(Ctx);
  DISubprogram *SP = F.getSubprogram();
  for (BasicBlock &BB : F) {
    uint64_t Pending[PTRHOOK_INLINE_KIND_COUNT] = {};
    bool Any = false;
    DebugLoc Loc;
    for (Instruction &I : BB) {
      auto It = At.find(&I);
      if (It != At.end())
        for (const Site *S : It->second) {
          ++Pending[kindIndex(S->Kind)];
          Any = true;
          if (DebugLoc L = S->Ptr->getDebugLoc())
            Loc = L;
        }
      if (!Any || !endsCountingRun(I))
        continue;
      IRBuilder<> IRB(&I);
      // Every instruction of a function with debug info needs a location
      // of that function (see HookCalls::inject).
      if (!Loc && SP)
        Loc = DILocation::get(Ctx, 0, 0, SP);
      IRB.SetCurrentDebugLocation(Loc);
      for (unsigned K = 0; K < PTRHOOK_INLINE_KIND_COUNT; ++K) {
        if (!Pending[K])
          continue;
        Value *Slot = IRB.CreateConstInBoundsGEP2_64(Counts->getValueType(),
                                                     Counts, 0, K);
        // Load, add, store: x86-64 makes it one memory-destination add,
        // which a signal handler on the same thread cannot split.
        LoadInst *Old = IRB.CreateAlignedLoad(I64, Slot, Align(8));
        IRB.CreateAlignedStore(IRB.CreateAdd(Old, IRB.getInt64(Pending[K])),
                               Slot, Align(8));
        Pending[K] = 0;
      }
      Any = false;
      Loc = DebugLoc();
    }
  }
}

namespace {
/// inline=count: keep the counters of a loop without calls in registers.
///
/// In such a loop nothing but the loop itself can read or write a counter
/// (the program's own accesses never alias them, and there is no callee
/// that could count), so each counter the loop updates is loaded once in
/// the preheader, carried in SSA values through the loop (SSAUpdater: each
/// block's load becomes the value live into it, each block's store the
/// value live out of it), and stored once in every exit block.  This is
/// LICM's scalar promotion, done directly: LICM itself (MemorySSA, alias
/// sets over every access of the loop) took as long on SQLite's
/// amalgamation as the rest of its -O2 compile.
///
/// Only loops in simplified form whose every exit is a branch to an exit
/// block outside the loop; the outermost such loop of a nest.
class CounterPromoter {
public:
  explicit CounterPromoter(const GlobalVariable *Counters)
      : Counters(Counters) {}

  /// Promote the counters of the eligible loops of \p LI; true if any.
  bool run(LoopInfo &LI) {
    bool Changed = false;
    SmallVector<Loop *, 16> Work(LI.begin(), LI.end());
    while (!Work.empty()) {
      Loop *L = Work.pop_back_val();
      if (eligible(*L))
        Changed |= promote(*L);
      else
        Work.append(L->begin(), L->end());
    }
    return Changed;
  }

private:
  bool isCounter(const Instruction &I) const {
    return (isa<LoadInst>(I) || isa<StoreInst>(I)) &&
           getLoadStorePointerOperand(&I)->stripInBoundsConstantOffsets() ==
               Counters;
  }

  bool eligible(const Loop &L) const {
    if (!L.getLoopPreheader() || !L.hasDedicatedExits())
      return false;
    bool Counts = false;
    for (const BasicBlock *BB : L.blocks()) {
      const Instruction *T = BB->getTerminator();
      if (!isa<BranchInst>(T) && !isa<SwitchInst>(T))
        return false; // ret, unreachable, indirectbr, callbr, EH ...
      for (const Instruction &I : *BB) {
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (mayCount(*CB))
            return false;
        Counts |= isCounter(I);
      }
    }
    return Counts;
  }

  bool promote(Loop &L) {
    // Each counter's loads and stores in the loop, by address.
    MapVector<Value *, SmallVector<Instruction *, 8>> Slots;
    for (BasicBlock *BB : L.blocks())
      for (Instruction &I : *BB)
        if (isCounter(I))
          Slots[getLoadStorePointerOperand(&I)].push_back(&I);
    BasicBlock *Preheader = L.getLoopPreheader();
    SmallVector<BasicBlock *, 4> Exits;
    L.getUniqueExitBlocks(Exits);
    for (auto &Slot : Slots) {
      Value *Ptr = Slot.first;
      auto *Ty = Type::getInt64Ty(Ptr->getContext());
      SSAUpdater SSA;
      SSA.Initialize(Ty, "ptrhook.count");
      IRBuilder<> IRB(Preheader->getTerminator());
      LoadInst *Init =
          IRB.CreateAlignedLoad(Ty, Ptr, Align(8), "ptrhook.count");
      Init->copyMetadata(*Slot.second.front());
      SSA.AddAvailableValue(Preheader, Init);
      // One store per block (InlineCounter::emitCounts writes each counter once
      // per call-free run, and a block without calls is one run).
      for (Instruction *I : Slot.second)
        if (auto *SI = dyn_cast<StoreInst>(I))
          SSA.AddAvailableValue(SI->getParent(), SI->getValueOperand());
      for (Instruction *I : Slot.second)
        if (auto *LI = dyn_cast<LoadInst>(I))
          LI->replaceAllUsesWith(SSA.GetValueInMiddleOfBlock(LI->getParent()));
      for (BasicBlock *Exit : Exits) {
        IRB.SetInsertPoint(Exit, Exit->getFirstInsertionPt());
        StoreInst *SI = IRB.CreateAlignedStore(
            SSA.GetValueInMiddleOfBlock(Exit), Ptr, Align(8));
        SI->copyMetadata(*Slot.second.back());
      }
      for (Instruction *I : Slot.second)
        I->eraseFromParent();
    }
    return !Slots.empty();
  }

  const GlobalVariable *Counters;
};
} // namespace

PreservedAnalyses CounterPromotionPass::run(Module &M,
                                            ModuleAnalysisManager &MAM) {
  const GlobalVariable *Counters = M.getNamedGlobal(PTRHOOK_INLINE_COUNTS_NAME);
  if (!Counters)
    return PreservedAnalyses::all();
  // The functions that count: those whose code uses the counters.
  SetVector<Function *> Counting;
  SmallVector<const User *, 16> Work(Counters->users());
  while (!Work.empty()) {
    const User *U = Work.pop_back_val();
    if (auto *I = dyn_cast<Instruction>(U))
      Counting.insert(const_cast<Function *>(I->getFunction()));
    else if (isa<ConstantExpr>(U))
      Work.append(U->user_begin(), U->user_end());
  }
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  CounterPromoter Promoter(Counters);
  bool Changed = false;
  for (Function *F : Counting) {
    // No pass may change an optnone function.
    if (F->hasOptNone())
      continue;
    if (Promoter.run(FAM.getResult<LoopAnalysis>(*F))) {
      Changed = true;
      FAM.invalidate(*F, PreservedAnalyses::none());
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace ptrhook
