//===-- Placement.h - where each hook call goes -----------------*- C++ -*-===//
//
// For each value to report, the first point after it where its value is
// available and a call is legal; and, in optnone (-O0) functions, the
// prologue's sites moved after the prologue.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_PLACEMENT_H
#define PTRHOOK_PLACEMENT_H

#include "Site.h"

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace llvm {
class AllocaInst;
class DataLayout;
class Function;
} // namespace llvm

namespace ptrhook {

/// The sites of \p Ptrs (instructions of \p F, in instruction order), each
/// at the first legal point where its value is available.  Values with no
/// such point are left out (musttail and deoptimize calls and what follows
/// them, callbr results whose default destination has several
/// predecessors, blocks without an insertion point).  May split the normal
/// edge of an invoke.  With \p AfterEntry (inline=count's entry check), the
/// entry block's values are reported at the start of that block.
/// \p Kinds, when given, holds the kind of each of \p Ptrs (handler-only
/// kinds among them); a free is reported before its call, while the
/// pointer is still allocated.
llvm::SmallVector<Site, 64> placeSites(llvm::Function &F,
                                       llvm::ArrayRef<llvm::Instruction *> Ptrs,
                                       llvm::BasicBlock *AfterEntry,
                                       llvm::ArrayRef<unsigned> Kinds = {});

/// At -O0 (optnone), report the entry block's prologue values (its allocas,
/// and the GEPs clang stores coerced arguments through) after the prologue,
/// all together and in their order (see Placement.cpp for why).
/// Splits \p F's entry block after its static allocas (moved to its start
/// if some came later: in another block they would become dynamic stack
/// allocations) and returns the new block, named \p Name; the entry block
/// is left with the allocas and its branch to it.
llvm::BasicBlock *splitAfterStaticAllocas(llvm::Function &F,
                                          const char *Name);

void sinkPrologueSites(llvm::Function &F, llvm::MutableArrayRef<Site> Sites);

/// The static alloca \p Ptr is a constant inbounds offset (\p Offset) into,
/// or null.
llvm::AllocaInst *frameBase(llvm::Instruction &Ptr, const llvm::DataLayout &DL,
                            llvm::APInt &Offset);

} // namespace ptrhook

#endif // PTRHOOK_PLACEMENT_H
