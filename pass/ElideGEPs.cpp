//===-- ElideGEPs.cpp - elide-const-geps: events a reader rebuilds --------===//
//
// See ElideGEPs.h.
//
//===----------------------------------------------------------------------===//

#include "ElideGEPs.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace ptrhook {

/// Whether \p I may run instrumented code (so report events of its own),
/// or not return, between two hook calls: a call other than an intrinsic
/// known to lower to a few instructions.  Memory intrinsics are calls here:
/// they may become calls to a memcpy the program defines and instruments.
static bool endsElisionRun(const Instruction &I) {
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  const auto *II = dyn_cast<IntrinsicInst>(CB);
  if (!II || CB->doesNotReturn())
    return true;
  if (II->isAssumeLikeIntrinsic())
    return false;
  switch (II->getIntrinsicID()) {
  case Intrinsic::abs:
  case Intrinsic::smax:
  case Intrinsic::smin:
  case Intrinsic::umax:
  case Intrinsic::umin:
  case Intrinsic::ctpop:
  case Intrinsic::ctlz:
  case Intrinsic::cttz:
  case Intrinsic::bswap:
  case Intrinsic::bitreverse:
  case Intrinsic::fshl:
  case Intrinsic::fshr:
  case Intrinsic::sadd_with_overflow:
  case Intrinsic::uadd_with_overflow:
  case Intrinsic::ssub_with_overflow:
  case Intrinsic::usub_with_overflow:
  case Intrinsic::smul_with_overflow:
  case Intrinsic::umul_with_overflow:
  case Intrinsic::sadd_sat:
  case Intrinsic::uadd_sat:
  case Intrinsic::ssub_sat:
  case Intrinsic::usub_sat:
  case Intrinsic::fabs:
  case Intrinsic::copysign:
  case Intrinsic::fma:
  case Intrinsic::fmuladd:
  case Intrinsic::minnum:
  case Intrinsic::maxnum:
  case Intrinsic::expect:
  case Intrinsic::prefetch:
  case Intrinsic::masked_load:
  case Intrinsic::masked_store:
  case Intrinsic::masked_gather:
  case Intrinsic::masked_scatter:
    return false;
  default:
    return true;
  }
}

/// elide-const-geps: give up the hook call of each getelementptr site
/// whose address is a constant offset from a value reported before it in
/// its block (directly, or through other such GEPs) with nothing between
/// that report and the GEP's own hook position that could report events or
/// not return (endsElisionRun).  In the event stream of a thread the
/// elided event then always comes right after the last reported event
/// before it in the block (its anchor) and its address is the base
/// event's plus the offset, modulo the pointer width: the site descriptor
/// records base, anchor and offset, and a reader puts the event back
/// (ptrhook.h, PTRHOOK_SITE_ELIDED).  Walks each block in hook order: the
/// sites whose hook goes before an instruction, then the instruction.
void elideConstGEPs(MutableArrayRef<Site> Sites, const DataLayout &DL,
                    unsigned HookArgBits) {
  DenseMap<Instruction *, SmallVector<unsigned, 2>> At;
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx)
    At[&*Sites[Idx].InsertPt].push_back(Idx);

  // The values whose address is known from a reported event in the current
  // run: site index of the report, and offset from it.
  DenseMap<const Value *, std::pair<int, int64_t>> Known;
  SmallPtrSet<BasicBlock *, 16> Visited;
  for (const Site &First : Sites) {
    BasicBlock *BB = First.InsertPt->getParent();
    if (!Visited.insert(BB).second)
      continue;
    Known.clear();
    int LastReported = -1;
    for (Instruction &I : *BB) {
      auto It = At.find(&I);
      if (It != At.end())
        for (unsigned Idx : It->second) {
          Site &S = Sites[Idx];
          auto *GEP = dyn_cast<GetElementPtrInst>(S.Ptr);
          APInt Offset(DL.getIndexTypeSizeInBits(S.Ptr->getType()), 0);
          if (GEP && LastReported >= 0 && !GEP->getType()->isVectorTy() &&
              GEP->getPointerAddressSpace() == 0 &&
              Offset.getBitWidth() ==
                  DL.getPointerTypeSizeInBits(GEP->getType()) &&
              GEP->accumulateConstantOffset(DL, Offset)) {
            auto Base = Known.find(GEP->getPointerOperand());
            if (Base != Known.end()) {
              S.Base = Base->second.first;
              S.Anchor = LastReported;
              S.Offset = static_cast<int64_t>(
                  static_cast<uint64_t>(Base->second.second) +
                  static_cast<uint64_t>(Offset.getSExtValue()));
              Known[S.Ptr] = {S.Base, S.Offset};
              continue;
            }
          }
          // Reported: ptrtoint of its value, in the pointer width.
          if (!S.Ptr->getType()->isVectorTy() &&
              S.Ptr->getType()->getPointerAddressSpace() == 0 &&
              DL.getPointerTypeSizeInBits(S.Ptr->getType()) == HookArgBits)
            Known[S.Ptr] = {static_cast<int>(Idx), 0};
          LastReported = static_cast<int>(Idx);
        }
      if (endsElisionRun(I)) {
        Known.clear();
        LastReported = -1;
      }
    }
  }
}

} // namespace ptrhook
