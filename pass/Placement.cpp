//===-- Placement.cpp - where each hook call goes -------------------------===//
//
// See Placement.h.  The constructs that break a naive "call after the
// instruction" and what this file does with each: several phis (after the
// group), an EH pad (after it), a catchswitch block (skipped), an invoke
// (on its normal edge, split when shared), a callbr (only on an unshared
// default edge), musttail and deoptimize calls (nothing may follow them).
//
//===----------------------------------------------------------------------===//

#include "Placement.h"
#include "Selection.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace ptrhook {

/// Find where the hook call for \p I goes: the first legal point where its
/// value is available.  May split the normal edge of an invoke.  Returns
/// false when there is no such point and \p I must be skipped.
static bool findInsertionPoint(Instruction &I, BasicBlock::iterator &IP) {
  BasicBlock *BB = I.getParent();

  // Nothing may come between a musttail (or deoptimize) call and the ret.
  CallInst *Tail = BB->getTerminatingMustTailCall();
  if (!Tail)
    Tail = BB->getTerminatingDeoptimizeCall();
  if (Tail && (Tail == &I || Tail->comesBefore(&I)))
    return false;

  if (isa<PHINode>(I)) {
    // After the whole phi group, and after the block's EH pad if any; a
    // catchswitch block has no insertion point at all.
    IP = BB->getFirstInsertionPt();
    return IP != BB->end();
  }

  if (auto *Invoke = dyn_cast<InvokeInst>(&I)) {
    // The result exists only on the normal edge.  If the normal
    // destination has other predecessors, the value does not dominate it:
    // give the edge a block of its own.
    // (That includes an invoke looping back to its own block.)
    BasicBlock *Normal = Invoke->getNormalDest();
    if (Normal == BB || Normal->getSinglePredecessor() != BB)
      Normal = SplitEdge(BB, Normal);
    IP = Normal->getFirstInsertionPt();
    return IP != Normal->end();
  }

  if (auto *CallBr = dyn_cast<CallBrInst>(&I)) {
    // Splitting a callbr edge is not possible; report the result only when
    // the default destination is reached from this callbr alone.
    BasicBlock *Default = CallBr->getDefaultDest();
    if (Default == BB || Default->getSinglePredecessor() != BB)
      return false;
    IP = Default->getFirstInsertionPt();
    return IP != Default->end();
  }

  assert(!I.isTerminator() && "pointer-producing terminator not handled");
  IP = std::next(I.getIterator());
  return true;
}

SmallVector<Site, 64> placeSites(Function &F, ArrayRef<Instruction *> Ptrs,
                                 BasicBlock *AfterEntry,
                                 ArrayRef<unsigned> Kinds) {
  SmallVector<Site, 64> Sites;
  for (unsigned Idx = 0; Idx < Ptrs.size(); ++Idx) {
    Instruction *I = Ptrs[Idx];
    BasicBlock::iterator IP;
    if (!Kinds.empty() && Kinds[Idx] != classifyPointerInstruction(*I)) {
      // A handler-only kind: a free before its call, the rest (a store, an
      // allocation's result) where a value of theirs would go.
      if (Kinds[Idx] == KindFree)
        Sites.push_back({I, I->getIterator(), Kinds[Idx]});
      else if (findInsertionPoint(*I, IP))
        Sites.push_back({I, IP, Kinds[Idx]});
      continue;
    }
    if (AfterEntry && I->getParent() == &F.getEntryBlock()) {
      // Only static allocas are left in the entry block.
      Sites.push_back({I, AfterEntry->getFirstInsertionPt(),
                       classifyPointerInstruction(*I)});
      continue;
    }
    if (findInsertionPoint(*I, IP))
      Sites.push_back({I, IP, classifyPointerInstruction(*I)});
  }
  return Sites;
}

/// True for the instructions clang puts at the top of an unoptimized
/// function before its body: static allocas, the stores of the arguments
/// into them (through constant-offset GEPs and casts of those allocas, for
/// coerced structs), and debug intrinsics.  None of them can trap, call or
/// produce an event.
static bool isPrologueInstruction(const Instruction &I) {
  if (auto *AI = dyn_cast<AllocaInst>(&I))
    return AI->isStaticAlloca();
  if (isa<DbgInfoIntrinsic>(I))
    return true;
  if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) ||
      (isa<GetElementPtrInst>(I) &&
       cast<GetElementPtrInst>(I).hasAllConstantIndices()))
    return isa<AllocaInst>(I.getOperand(0)->stripInBoundsConstantOffsets());
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return SI->isSimple() && isa<Argument>(SI->getValueOperand()) &&
           isa<AllocaInst>(
               SI->getPointerOperand()->stripInBoundsConstantOffsets());
  return false;
}

AllocaInst *frameBase(Instruction &Ptr, const DataLayout &DL, APInt &Offset) {
  Offset = APInt(DL.getIndexTypeSizeInBits(Ptr.getType()), 0);
  auto *Base = dyn_cast<AllocaInst>(
      Ptr.stripAndAccumulateInBoundsConstantOffsets(DL, Offset));
  if (!Base || !Base->isStaticAlloca() ||
      Base->getType()->getPointerAddressSpace() !=
          Ptr.getType()->getPointerAddressSpace())
    return nullptr;
  return Base;
}

/// Why: -O0 code is allocated by the fast register allocator, which gives
/// every virtual register live across a call a stack slot of its own and
/// never reuses slots.  With one hook call after each alloca, every incoming
/// argument register is live across all of them until clang stores it into
/// its alloca: one 8-byte slot per argument register in every frame.  After
/// the prologue the arguments are in memory and nothing but frame addresses
/// is live.  The events are the same, in the same order, and the reported
/// addresses are SSA values, so reporting them a few non-event instructions
/// later changes nothing a hook can see but the timing.
void sinkPrologueSites(Function &F, MutableArrayRef<Site> Sites) {
  // The prologue ends after its last alloca, argument store or debug
  // intrinsic: the GEPs and casts that follow belong to the body.
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator End = Entry.begin();
  for (auto It = Entry.begin(); It != Entry.end() && isPrologueInstruction(*It);
       ++It)
    if (!isa<GetElementPtrInst>(*It) && !isa<CastInst>(*It))
      End = std::next(It);
  SmallPtrSet<const Instruction *, 32> Prologue;
  for (Instruction &I : make_range(Entry.begin(), End))
    Prologue.insert(&I);
  // Sites are in instruction order: the prologue's come first.
  for (Site &S : Sites) {
    if (!Prologue.count(S.Ptr))
      break;
    S.InsertPt = End;
  }
}

BasicBlock *splitAfterStaticAllocas(Function &F, const char *Name) {
  BasicBlock &Entry = F.getEntryBlock();
  auto IsStatic = [](const Instruction &I) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    return AI && AI->isStaticAlloca();
  };
  BasicBlock::iterator SplitAt = Entry.begin();
  while (IsStatic(*SplitAt))
    ++SplitAt;
  for (Instruction &I : make_early_inc_range(make_range(SplitAt, Entry.end())))
    if (IsStatic(I))
      I.moveBefore(Entry, SplitAt);
  return Entry.splitBasicBlock(SplitAt, Name);
}

} // namespace ptrhook
