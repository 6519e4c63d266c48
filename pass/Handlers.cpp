//===-- Handlers.cpp - per-kind handlers and their context ----------------===//
//
// See Handlers.h.  What each handler gets (ptrhook.h, docs/hook-abi.md):
//
//   alloca  size in bytes         gep     base pointer
//   load    slot                  call    callee (run-time target)
//   cast    operand               phi     index of the incoming edge taken
//   select  condition             other   -
//   store   slot (value reported) alloc   size in bytes
//   free    - (pointer freed reported, before the call)
//
// An operand that has no integer address (a swifterror slot, a pointer in a
// non-integral address space) is passed as 0.
//
//===----------------------------------------------------------------------===//

#include "Handlers.h"
#include "Compat.h"
#include "HookCalls.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ptrhook {

/// Whether pointer \p P may be converted to an integer: ptrtoint is
/// meaningless for non-integral pointers, and illegal on swifterror values.
static bool hasIntegerAddress(const Value *P, const DataLayout &DL) {
  return P->getType()->isPointerTy() && !P->isSwiftError() &&
         !DL.isNonIntegralPointerType(P->getType());
}

unsigned handlerKind(Instruction &I, unsigned Kind, unsigned Selected,
                     const TargetLibraryInfo &TLI, Value *&Reported) {
  Reported = nullptr;
  const DataLayout &DL = I.getModule()->getDataLayout();
  if (auto *SI = dyn_cast<StoreInst>(&I)) {
    Value *V = SI->getValueOperand();
    if ((Selected & KindStore) && hasIntegerAddress(V, DL)) {
      Reported = V;
      return KindStore;
    }
    return Kind;
  }
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB || !(Selected & (KindAlloc | KindFree)))
    return Kind;
  // At -O0, and in IR that no optimizing pipeline saw, a library function's
  // declaration lacks the attributes MemoryBuiltins reads: give it those
  // InferFunctionAttrs gives it in every optimizing pipeline.
  if (Function *Callee = CB->getCalledFunction())
    if (Callee->isDeclaration() && !Callee->isIntrinsic())
      compat::inferLibFuncAttrs(*Callee, TLI);
  if ((Selected & KindAlloc) && hasIntegerAddress(CB, DL) &&
      isAllocationFn(CB, &TLI))
    return KindAlloc;
  if (Selected & KindFree)
    if (Value *P = compat::freedOperand(*CB, TLI))
      if (hasIntegerAddress(P, DL)) {
        Reported = P;
        return KindFree;
      }
  return Kind;
}

SmallVector<Value *, 1> handlerContext(const Site &S, BasicBlock::iterator IP,
                                       HookCalls &Hooks,
                                       const TargetLibraryInfo &TLI) {
  Instruction &I = *S.Ptr;
  const DataLayout &DL = I.getModule()->getDataLayout();
  LLVMContext &Ctx = I.getContext();
  IntegerType *AddrTy = Hooks.addrType();
  IRBuilder<> IRB(IP->getParent(), IP);

  // An operand's address as the handlers' address type.
  auto AddrOf = [&](Value *P) -> Value * {
    if (P->getType()->isIntegerTy()) // inttoptr's operand
      return IRB.CreateZExtOrTrunc(P, AddrTy);
    if (!hasIntegerAddress(P, DL))
      return ConstantInt::get(AddrTy, 0);
    return IRB.CreateZExtOrTrunc(
        IRB.CreatePtrToInt(P, DL.getIntPtrType(P->getType())), AddrTy);
  };
  // The size of the object I allocates, by LLVM's own reckoning
  // (ObjectSizeOffsetEvaluator, which inserts what it computes before I).
  auto SizeOf = [&]() -> Value * {
    ObjectSizeOffsetEvaluator Eval(DL, &TLI, Ctx);
    Value *Size = compat::objectSize(Eval, &I);
    if (!Size)
      return ConstantInt::get(Type::getInt64Ty(Ctx), PTRHOOK_SIZE_UNKNOWN);
    return IRB.CreateZExtOrTrunc(Size, Type::getInt64Ty(Ctx));
  };

  switch (S.Kind) {
  case KindAlloca:
  case KindAlloc:
    return {SizeOf()};
  case KindGEP:
    return {AddrOf(cast<GetElementPtrInst>(I).getPointerOperand())};
  case KindLoad:
    return {AddrOf(cast<LoadInst>(I).getPointerOperand())};
  case KindStore:
    return {AddrOf(cast<StoreInst>(I).getPointerOperand())};
  case KindCall: {
    auto &CB = cast<CallBase>(I);
    if (CB.isInlineAsm())
      return {ConstantInt::get(AddrTy, 0)};
    return {AddrOf(CB.getCalledOperand())};
  }
  case KindCast:
    return {AddrOf(I.getOperand(0))};
  case KindPhi: {
    // A phi of constants beside the original: the number of the edge
    // taken.  Two edges from one block (a switch) carry one value, so
    // each gets the number of its block's first entry.
    auto &PN = cast<PHINode>(I);
    IRBuilder<> AtTop(PN.getParent(), PN.getParent()->begin());
    PHINode *Index =
        AtTop.CreatePHI(AddrTy, PN.getNumIncomingValues(), "ptrhook.edge");
    for (BasicBlock *Pred : PN.blocks())
      Index->addIncoming(
          ConstantInt::get(AddrTy, PN.getBasicBlockIndex(Pred)), Pred);
    return {Index};
  }
  case KindSelect:
    return {IRB.CreateZExt(cast<SelectInst>(I).getCondition(), AddrTy)};
  default: // other, free
    return {};
  }
}

/// The operand whose producing site \p S is derived from, or null.
static Value *derivedOperand(const Site &S) {
  Instruction &I = *S.Ptr;
  switch (S.Kind) {
  case KindGEP:
    return cast<GetElementPtrInst>(I).getPointerOperand();
  case KindLoad:
    return cast<LoadInst>(I).getPointerOperand();
  case KindCast:
    return I.getOperand(0);
  case KindStore:
  case KindFree:
    return S.Reported;
  case KindCall:
    return cast<CallBase>(I).getCalledOperand();
  default:
    return nullptr;
  }
}

void linkDerivations(MutableArrayRef<Site> Sites) {
  DenseMap<const Value *, int> Producer;
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx)
    if (!Sites[Idx].Reported)
      Producer[Sites[Idx].Ptr] = Idx;
  for (Site &S : Sites) {
    Value *Op = derivedOperand(S);
    if (!Op)
      continue;
    // Through the no-op casts and zero-index getelementptrs that are not
    // sites themselves (skip-noop).
    auto It = Producer.find(Op);
    if (It == Producer.end() && Op->getType()->isPointerTy())
      It = Producer.find(Op->stripPointerCasts());
    if (It != Producer.end())
      S.From = It->second;
  }
}

} // namespace ptrhook
