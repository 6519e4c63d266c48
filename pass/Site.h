//===-- Site.h - one value the pass reports ---------------------*- C++ -*-===//
//
// A hook site: the instruction whose value is reported, where its report
// goes, and what elide-const-geps decided about it.  Every phase of
// instrumentFunction (PtrHook.cpp) reads or refines the function's sites.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_SITE_H
#define PTRHOOK_SITE_H

#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Instruction.h"

#include <cstdint>

namespace ptrhook {

struct Site {
  llvm::Instruction *Ptr;
  llvm::BasicBlock::iterator InsertPt;
  unsigned Kind; ///< one PtrKind bit
  /// elide-const-geps: the indices (in the function's sites) of the site
  /// whose address this one's is derived from and of the site whose event
  /// it follows, and the byte offset; -1 when the site is reported.
  int Base = -1, Anchor = -1;
  int64_t Offset = 0;
  /// elide-check: elided, but the hook is called all the same.
  bool Checked = false;
  /// Handler-only kinds (store, free): the pointer reported, an operand of
  /// Ptr (the value stored, the pointer freed); null for the others, whose
  /// report is Ptr itself.
  llvm::Value *Reported = nullptr;
  /// Derived-from: the index (in the function's sites) of the site that
  /// produced the operand this site's context names (a getelementptr's
  /// base, a load's or a store's slot, a cast's operand, a store's value,
  /// the pointer freed), -1 when that operand is no site of the function.
  /// Computed (linkDerivations) for the descriptors' "derived-from" edge.
  int From = -1;
  /// Whether the site calls its kind's handler instead of the hook.
  bool Handled = false;
  bool elided() const { return Base >= 0; }
};

} // namespace ptrhook

#endif // PTRHOOK_SITE_H
