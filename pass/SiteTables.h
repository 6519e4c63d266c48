//===-- SiteTables.h - site descriptors, registration, provenance -*- C++
//-*-===//
//
// What a module tells the runtime and the readers about its
// instrumentation:
//   * a constant block per function, in section ptrhook_sites3: its
//     struct ptrhook_site descriptors (layout 3, ptrhook.h; the site ABI
//     passes their addresses to the hook) and its record, free of
//     relocations;
//   * a constructor that registers the link unit's sites with the runtime
//     (__ptrhook_sites_init3 between __start_/__stop_ptrhook_sites3);
//   * the provenance record (section ptrhook_provenance): what instrumented
//     the module, with which options, and what it found.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_SITETABLES_H
#define PTRHOOK_SITETABLES_H

#include "Options.h"
#include "Site.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DerivedTypes.h"

namespace llvm {
class Constant;
class Function;
class GlobalVariable;
class Module;
} // namespace llvm

namespace ptrhook {

/// What one run of the pass did to a module, for its provenance record.
struct ModuleStats {
  unsigned Defined = 0;      ///< functions with a body
  unsigned Instrumented = 0; ///< of those, the ones the pass went through
  unsigned SitesPerKind[PTRHOOK_KIND_COUNT] = {};
};

class SiteTables {
public:
  explicit SiteTables(llvm::Module &M);

  /// The constant block of \p F's sites, dropped by the linker with \p F
  /// (!associated, \p F's comdat).  Null after a diagnostic.
  llvm::GlobalVariable *emitTable(llvm::Function &F,
                                  llvm::ArrayRef<Site> Sites);

  /// The address of descriptor \p Index of \p Table, as a byte pointer.
  llvm::Constant *siteAddress(llvm::GlobalVariable *Table, unsigned Index);

  /// The constructor that registers this link unit's sites (if any table
  /// was emitted) and the entry points \p Calls (PTRHOOK_CALLS_* bits) the
  /// module's code reaches (if any), once per module.
  void emitRegistration(unsigned Calls);

  /// The module's provenance record, if this run instrumented anything.
  void emitProvenance(const PtrHookOptions &Opts, const ModuleStats &Stats);

private:

  llvm::Module &M;
  llvm::LLVMContext &Ctx;
  llvm::PointerType *BytePtrTy;
  llvm::StructType *SiteTy; ///< struct ptrhook_site
  bool Emitted = false;
};

} // namespace ptrhook

#endif // PTRHOOK_SITETABLES_H
