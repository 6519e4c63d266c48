//===-- ElideGEPs.h - elide-const-geps: events a reader rebuilds -*- C++
//-*-===//
//
// elide-const-geps (opt-in, abi=site): a getelementptr whose address is a
// constant offset from a value reported earlier in its block, with nothing
// in between that could report events or not return, makes no hook call.
// Its site descriptor records base, anchor and offset, and every reader of
// counts and traces puts the event back (ptrhook.h, PTRHOOK_SITE_ELIDED).
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_ELIDEGEPS_H
#define PTRHOOK_ELIDEGEPS_H

#include "Site.h"

#include "llvm/ADT/ArrayRef.h"

namespace llvm {
class DataLayout;
} // namespace llvm

namespace ptrhook {

/// Set Base, Anchor and Offset of each site of \p Sites (one function's, in
/// instruction order, placed) that can be elided.  \p HookArgBits is the
/// width of the hook's address argument: only values reported at that
/// width can serve as bases.
void elideConstGEPs(llvm::MutableArrayRef<Site> Sites,
                    const llvm::DataLayout &DL, unsigned HookArgBits);

} // namespace ptrhook

#endif // PTRHOOK_ELIDEGEPS_H
