//===-- Compat.h - every LLVM version difference ptrhook depends on -------===//
//
// The rest of pass/ reads as if exactly one LLVM existed.  Each LLVM API that
// moved, was renamed or changed its signature between the majors ptrhook
// supports is wrapped here, and this is the only file under pass/ that tests
// LLVM_VERSION_MAJOR.
//
// The supported majors are listed once, as PTRHOOK_SUPPORTED_LLVM_MAJORS in
// the top-level CMakeLists.txt, whose configure step refuses any other.  A
// major older than 14 fails here at compile time rather than later with a
// confusing API error.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_COMPAT_H
#define PTRHOOK_COMPAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"

#include <functional>

#if LLVM_VERSION_MAJOR < 14
#error "ptrhook needs LLVM 14 or later"
#endif

// PassPlugin.h moved to llvm/Plugins/ in LLVM 22.
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

// AttributeMask got a header of its own in LLVM 17.
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/IR/AttributeMask.h"
#endif

// EHPersonalities.h moved from Analysis/ to IR/ in LLVM 17.
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/IR/EHPersonalities.h"
#else
#include "llvm/Analysis/EHPersonalities.h"
#endif

// Triple.h and Host.h moved to TargetParser/ in LLVM 17.
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#else
#include "llvm/ADT/Triple.h"
#include "llvm/Support/Host.h"
#endif
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Transforms/Utils/BuildLibCalls.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ModuleSummaryIndex.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Utils/FunctionImportUtils.h"

namespace ptrhook {
namespace compat {

/// The LLVM major this plugin was compiled against.
constexpr unsigned LLVMMajor = LLVM_VERSION_MAJOR;

/// True if \p S begins with \p Prefix (StringRef::startswith became
/// starts_with in 16, and the old spelling was removed in 19).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
#if LLVM_VERSION_MAJOR >= 16
  return S.starts_with(Prefix);
#else
  return S.startswith(Prefix);
#endif
}

/// Where an OptimizerLast callback runs, as far as the LLVM can tell.
enum class LTOPhase {
  Compile,         ///< a normal compile, or a pre-link LTO compile
  ThinLTOPostLink, ///< the ThinLTO backend, inside the linker
  Unknown,         ///< LLVM < 20 does not say
};

/// Register \p CB at the OptimizerLast extension point: after the optimizer,
/// before codegen, at every optimization level including -O0, and in the
/// ThinLTO backend.  LLVM 20 added the ThinOrFullLTOPhase argument.
inline void registerOptimizerLast(
    llvm::PassBuilder &PB,
    std::function<void(llvm::ModulePassManager &, LTOPhase)> CB) {
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [CB](llvm::ModulePassManager &MPM, llvm::OptimizationLevel,
           llvm::ThinOrFullLTOPhase Phase) {
        CB(MPM, Phase == llvm::ThinOrFullLTOPhase::ThinLTOPostLink
                    ? LTOPhase::ThinLTOPostLink
                    : LTOPhase::Compile);
      });
#else
  PB.registerOptimizerLastEPCallback(
      [CB](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        CB(MPM, LTOPhase::Unknown);
      });
#endif
}

/// Register \p CB at the end of the full-LTO link-time pipeline.  A no-op
/// where that extension point does not exist (LLVM 14).
inline void
registerFullLTOLast(llvm::PassBuilder &PB,
                    std::function<void(llvm::ModulePassManager &)> CB) {
#if LLVM_VERSION_MAJOR >= 15
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [CB](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        CB(MPM);
      });
#else
  (void)PB;
  (void)CB;
#endif
}

/// Function attributes that state facts about memory, synchronisation or
/// speculation which stop being true once a function (or anything it calls)
/// calls the hook.  LLVM 16 folded readnone/readonly/writeonly/argmemonly/
/// inaccessiblememonly/inaccessiblemem_or_argmemonly into memory(...).
inline llvm::AttributeMask hookInvalidatedFnAttrs() {
  llvm::AttributeMask M;
#if LLVM_VERSION_MAJOR >= 16
  M.addAttribute(llvm::Attribute::Memory);
#else
  M.addAttribute(llvm::Attribute::ReadNone);
  M.addAttribute(llvm::Attribute::ReadOnly);
  M.addAttribute(llvm::Attribute::WriteOnly);
  M.addAttribute(llvm::Attribute::ArgMemOnly);
  M.addAttribute(llvm::Attribute::InaccessibleMemOnly);
  M.addAttribute(llvm::Attribute::InaccessibleMemOrArgMemOnly);
#endif
  M.addAttribute(llvm::Attribute::NoSync);
  M.addAttribute(llvm::Attribute::NoFree);
  M.addAttribute(llvm::Attribute::NoCallback);
  M.addAttribute(llvm::Attribute::Speculatable);
  return M;
}

/// `i8*` with typed pointers (LLVM <= 16 in typed mode), `ptr` otherwise
/// (Type::getInt8PtrTy was removed in LLVM 17).
inline llvm::PointerType *bytePtrTy(llvm::LLVMContext &Ctx) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::PointerType::getUnqual(Ctx);
#else
  return llvm::Type::getInt8PtrTy(Ctx);
#endif
}

/// The first instruction of \p BB that is not a phi (getFirstNonPHI() is
/// deprecated in LLVM 22 in favour of the iterator form).
inline llvm::Instruction *firstNonPHI(llvm::BasicBlock *BB) {
#if LLVM_VERSION_MAJOR >= 19
  auto It = BB->getFirstNonPHIIt();
  return It == BB->end() ? nullptr : &*It;
#else
  return BB->getFirstNonPHI();
#endif
}

/// The target triple of \p M (Module::getTargetTriple() returns a Triple
/// instead of a string since LLVM 21); a module without one is compiled for
/// the default target, as llc does.
inline llvm::Triple targetTriple(const llvm::Module &M) {
#if LLVM_VERSION_MAJOR >= 21
  llvm::Triple T = M.getTargetTriple();
#else
  llvm::Triple T(M.getTargetTriple());
#endif
  if (T.str().empty())
    T = llvm::Triple(llvm::sys::getDefaultTargetTriple());
  return T;
}

/// LICM with its default options (LLVM 15 gave it an options struct).
inline llvm::LICMPass makeLICM() {
#if LLVM_VERSION_MAJOR >= 15
  return llvm::LICMPass(llvm::LICMOptions());
#else
  return llvm::LICMPass();
#endif
}

/// Register module \p Path with \p Hash in \p Index; returns the path as
/// stored by the index (summaries keep a StringRef to it).  LLVM 17 dropped
/// the module id argument.
inline llvm::StringRef addModule(llvm::ModuleSummaryIndex &Index,
                                 llvm::StringRef Path,
                                 const llvm::ModuleHash &Hash) {
#if LLVM_VERSION_MAJOR >= 17
  return Index.addModule(Path, Hash)->first();
#else
  return Index.addModule(Path, /*ModId=*/0, Hash)->first();
#endif
}

/// ThinLTO's promotion of a module's locals (FunctionImportUtils.h); it
/// returned a bool that was always false until LLVM 17.
inline void renameModuleForThinLTO(llvm::Module &M,
                                   const llvm::ModuleSummaryIndex &Index) {
  (void)llvm::renameModuleForThinLTO(M, Index,
                                     /*ClearDSOLocalOnDeclarations=*/false);
}

/// The pointer that call \p CB frees, if it is a deallocation function
/// LLVM knows (free, operator delete ...), else null.  LLVM 14 has
/// isFreeCall (calls only, always the first argument); getFreedOperand,
/// which also reads allockind("free") and allocptr, replaced it in 15.
inline llvm::Value *freedOperand(const llvm::CallBase &CB,
                                 const llvm::TargetLibraryInfo &TLI) {
#if LLVM_VERSION_MAJOR >= 15
  return llvm::getFreedOperand(&CB, &TLI);
#else
  return llvm::isFreeCall(&CB, &TLI) ? CB.getArgOperand(0) : nullptr;
#endif
}

/// Give library function declaration \p F the attributes LLVM knows it to
/// have (InferFunctionAttrs does this in every optimizing pipeline):
/// allockind, allocsize and alloc-family, from which MemoryBuiltins
/// recognises malloc, calloc, realloc and free since LLVM 15; LLVM 14
/// recognised them by name (and its inference adds none of these).
inline void inferLibFuncAttrs(llvm::Function &F,
                              const llvm::TargetLibraryInfo &TLI) {
#if LLVM_VERSION_MAJOR >= 15
  llvm::inferNonMandatoryLibFuncAttrs(F, TLI);
#else
  llvm::inferLibFuncAttributes(F, TLI);
#endif
}

/// The size in bytes of the object \p V points to (an allocation call or
/// an alloca), as an IR value computed by \p Eval (code it may insert goes
/// before \p V), or null when LLVM cannot tell.  The evaluator's result
/// became a SizeOffsetValue in LLVM 18 (a pair before).
inline llvm::Value *objectSize(llvm::ObjectSizeOffsetEvaluator &Eval,
                               llvm::Value *V) {
#if LLVM_VERSION_MAJOR >= 18
  llvm::SizeOffsetValue R = Eval.compute(V);
  return R.bothKnown() ? R.Size : nullptr;
#else
  llvm::SizeOffsetEvalType R = Eval.compute(V);
  return Eval.bothKnown(R) ? R.first : nullptr;
#endif
}

} // namespace compat
} // namespace ptrhook

#endif // PTRHOOK_COMPAT_H
