//===-- Compat.h - every LLVM version difference ptrhook depends on -------===//
//
// The rest of pass/ reads as if exactly one LLVM existed.  Each LLVM API that
// moved, was renamed or changed its signature between the majors ptrhook
// supports is wrapped here, and this is the only file under pass/ that tests
// LLVM_VERSION_MAJOR (checked by the before-stop hook and by CI).
//
// Supported majors are listed in the top-level CMakeLists.txt
// (PTRHOOK_SUPPORTED_LLVM_MAJORS); an unsupported one fails here at compile
// time rather than later with a confusing API error.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_COMPAT_H
#define PTRHOOK_COMPAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

#include <functional>

#if LLVM_VERSION_MAJOR != 14
#error "ptrhook: this LLVM major is not supported (see PTRHOOK_SUPPORTED_LLVM_MAJORS)"
#endif

#include "llvm/Analysis/EHPersonalities.h"

namespace ptrhook {
namespace compat {

/// True if \p S begins with \p Prefix (StringRef::startswith was renamed
/// starts_with, and the old spelling removed in LLVM 19).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.startswith(Prefix);
}

/// The LLVM major this plugin was compiled against, for diagnostics.
constexpr unsigned LLVMMajor = LLVM_VERSION_MAJOR;

/// Register \p CB at the OptimizerLast extension point: after the optimizer,
/// before codegen, at every optimization level including -O0.  (LLVM 20
/// added a ThinOrFullLTOPhase argument to the callback.)
inline void
registerOptimizerLast(llvm::PassBuilder &PB,
                      std::function<void(llvm::ModulePassManager &)> CB) {
  PB.registerOptimizerLastEPCallback(
      [CB](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) { CB(MPM); });
}

/// Function attributes that state facts about memory, synchronisation or
/// speculation which stop being true once a function (or anything it calls)
/// calls the hook.  LLVM 16 replaced the first six with Attribute::Memory.
inline llvm::AttributeMask hookInvalidatedFnAttrs() {
  llvm::AttributeMask M;
  M.addAttribute(llvm::Attribute::ReadNone);
  M.addAttribute(llvm::Attribute::ReadOnly);
  M.addAttribute(llvm::Attribute::WriteOnly);
  M.addAttribute(llvm::Attribute::ArgMemOnly);
  M.addAttribute(llvm::Attribute::InaccessibleMemOnly);
  M.addAttribute(llvm::Attribute::InaccessibleMemOrArgMemOnly);
  M.addAttribute(llvm::Attribute::NoSync);
  M.addAttribute(llvm::Attribute::NoFree);
  M.addAttribute(llvm::Attribute::NoCallback);
  M.addAttribute(llvm::Attribute::Speculatable);
  return M;
}

} // namespace compat
} // namespace ptrhook

#endif // PTRHOOK_COMPAT_H
