//===-- SiteTables.cpp - site descriptors, registration, provenance -------===//
//
// See SiteTables.h.
//
//===----------------------------------------------------------------------===//

#include "SiteTables.h"
#include "Compat.h"

#include "ptrhook_abi.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace ptrhook {

SiteTables::SiteTables(Module &M)
    : M(M), Ctx(M.getContext()), BytePtrTy(compat::bytePtrTy(Ctx)) {
  Type *I16 = Type::getInt16Ty(Ctx), *I32 = Type::getInt32Ty(Ctx);
  // struct ptrhook_site in ptrhook.h, field for field.
  SiteTy = StructType::get(Ctx, {I16, I16, I32, I32, I32, BytePtrTy, BytePtrTy,
                                 BytePtrTy, I32, I32, Type::getInt64Ty(Ctx)});
}

Constant *SiteTables::siteAddress(GlobalVariable *Table, unsigned Index) {
  auto *I32 = Type::getInt32Ty(Ctx);
  return ConstantExpr::getPointerCast(
      ConstantExpr::getInBoundsGetElementPtr(
          Table->getValueType(), Table,
          ArrayRef<Constant *>{ConstantInt::get(I32, 0),
                               ConstantInt::get(I32, Index)}),
      BytePtrTy);
}

/// A private, mergeable C string constant holding \p S, as an i8*.
Constant *SiteTables::stringConstant(StringRef S) {
  Constant *&C = Strings[S];
  if (!C) {
    Constant *Init = ConstantDataArray::getString(Ctx, S);
    auto *GV =
        new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                           GlobalValue::PrivateLinkage, Init, "__ptrhook_str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    C = ConstantExpr::getPointerCast(GV, BytePtrTy);
  }
  return C;
}

/// The struct ptrhook_site of \p S: its kind, its source location from debug
/// info (line 0 and the module's source file name without), its function.
Constant *SiteTables::descriptor(const Site &S, int Index, const Function &F) {
  unsigned Line = 0, Column = 0, Flags = 0;
  StringRef File = M.getSourceFileName(), Dir = "";
  const DIFile *DF = nullptr;
  if (const DILocation *Loc = S.Ptr->getDebugLoc().get()) {
    Line = Loc->getLine();
    Column = Loc->getColumn();
    Flags |= PTRHOOK_SITE_HAS_LOCATION;
    DF = Loc->getFile();
  } else if (const DISubprogram *SP = F.getSubprogram()) {
    // Allocas and the like carry no location: say where the function is.
    Line = SP->getLine();
    Flags |= PTRHOOK_SITE_FUNCTION_LINE;
    DF = SP->getFile();
  }
  if (DF) {
    File = DF->getFilename();
    Dir = DF->getDirectory();
  }
  if (S.elided())
    Flags |=
        PTRHOOK_SITE_ELIDED | (S.Checked ? PTRHOOK_SITE_ELIDE_CHECKED : 0u);
  auto *I16 = Type::getInt16Ty(Ctx);
  auto *I32 = Type::getInt32Ty(Ctx);
  auto *I64 = Type::getInt64Ty(Ctx);
  return ConstantStruct::get(
      SiteTy,
      {ConstantInt::get(I16, PTRHOOK_SITE_VERSION),
       ConstantInt::get(I16, kindIndex(S.Kind)), ConstantInt::get(I32, Line),
       ConstantInt::get(I32, Column), ConstantInt::get(I32, Flags),
       stringConstant(F.getName()), stringConstant(File), stringConstant(Dir),
       ConstantInt::get(I32, S.elided() ? S.Base - Index : 0, /*Signed=*/true),
       ConstantInt::get(I32, S.elided() ? S.Anchor - Index : 0,
                        /*Signed=*/true),
       ConstantInt::get(I64, S.Offset, /*Signed=*/true)});
}

/// The constant table of \p F's sites, in section ptrhook_sites.  It shares
/// \p F's comdat, so that when the linker keeps one copy of an inline
/// function it keeps that copy's sites only.
GlobalVariable *SiteTables::emitTable(Function &F, ArrayRef<Site> Sites) {
  SmallVector<Constant *, 64> Descs;
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx)
    Descs.push_back(descriptor(Sites[Idx], Idx, F));
  auto *Ty = ArrayType::get(SiteTy, Descs.size());
  auto *GV = new GlobalVariable(
      M, Ty, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantArray::get(Ty, Descs), "__ptrhook_sites");
  GV->setSection(PTRHOOK_SITES_SECTION_NAME);
  GV->setAlignment(M.getDataLayout().getABITypeAlign(SiteTy));
  if (F.hasComdat())
    GV->setComdat(F.getComdat());
  appendToUsed(M, {GV});
  Emitted = true;
  return GV;
}

/// A declaration of the runtime's \p Name of type \p Ty, weak: a program
/// with its own hook need not link the runtime at all.
static FunctionCallee weakRuntimeFunction(Module &M, StringRef Name,
                                          FunctionType *Ty) {
  FunctionCallee F = M.getOrInsertFunction(Name, Ty);
  if (auto *Decl = dyn_cast<Function>(F.getCallee()))
    if (Decl->isDeclaration())
      Decl->setLinkage(GlobalValue::ExternalWeakLinkage);
  return F;
}

/// `if (F) F(Args)` at \p IRB, which is left at the join block.
static void callIfDefined(IRBuilder<> &IRB, FunctionCallee F,
                          ArrayRef<Value *> Args, StringRef Name,
                          StringRef DoneName) {
  Function *Ctor = IRB.GetInsertBlock()->getParent();
  LLVMContext &Ctx = Ctor->getContext();
  BasicBlock *Call = BasicBlock::Create(Ctx, Name, Ctor);
  BasicBlock *Done = BasicBlock::Create(Ctx, DoneName, Ctor);
  IRB.CreateCondBr(IRB.CreateIsNotNull(F.getCallee()), Call, Done);
  IRB.SetInsertPoint(Call);
  IRB.CreateCall(F, Args);
  IRB.CreateBr(Done);
  IRB.SetInsertPoint(Done);
}

/// A constructor that hands this link unit's site table, delimited by the
/// linker's __start_/__stop_ symbols, and the entry points this module
/// calls to the runtime.
void SiteTables::emitRegistration(unsigned Calls) {
  static constexpr StringLiteral CtorName = "__ptrhook_module_ctor";
  if ((!Emitted && !Calls) || M.getFunction(CtorName))
    return;
  auto Bound = [&](StringRef Name) {
    if (GlobalVariable *GV = M.getNamedGlobal(Name))
      return ConstantExpr::getPointerCast(GV, BytePtrTy);
    auto *GV =
        new GlobalVariable(M, SiteTy, /*isConstant=*/true,
                           GlobalValue::ExternalWeakLinkage, nullptr, Name);
    GV->setVisibility(GlobalValue::HiddenVisibility);
    return ConstantExpr::getPointerCast(GV, BytePtrTy);
  };
  // The runtime's entry points first: declared before the constructor.
  auto *Void = Type::getVoidTy(Ctx);
  auto *I32 = Type::getInt32Ty(Ctx);
  FunctionCallee SitesInit, AbiRegister;
  if (Emitted)
    SitesInit = weakRuntimeFunction(
        M, PTRHOOK_SITES_INIT_NAME,
        FunctionType::get(Void, {BytePtrTy, BytePtrTy}, false));
  if (Calls)
    AbiRegister = weakRuntimeFunction(M, PTRHOOK_ABI_REGISTER_NAME,
                                      FunctionType::get(Void, {I32}, false));
  auto *Ctor = Function::Create(FunctionType::get(Void, false),
                                GlobalValue::InternalLinkage, CtorName, M);
  Ctor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> IRB(BasicBlock::Create(Ctx, "", Ctor));
  if (Emitted)
    callIfDefined(IRB, SitesInit,
                  {Bound("__start_" PTRHOOK_SITES_SECTION_NAME),
                   Bound("__stop_" PTRHOOK_SITES_SECTION_NAME)},
                  "register", "done");
  if (Calls)
    callIfDefined(IRB, AbiRegister, {ConstantInt::get(I32, Calls)}, "calls",
                  "calls.done");
  IRB.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/1);
}

/// The module's provenance record (see PTRHOOK_PROVENANCE_SECTION): what
/// instrumented it, with which options, and what it found.  Only written
/// when this run instrumented something.
void SiteTables::emitProvenance(const PtrHookOptions &Opts,
                                const ModuleStats &Stats) {
  if (!Stats.Instrumented)
    return;
  unsigned Total = 0;
  for (unsigned N : Stats.SitesPerKind)
    Total += N;
  std::string Record;
  raw_string_ostream OS(Record);
  OS << PTRHOOK_PROVENANCE_MAGIC << "\tplugin=" << PTRHOOK_VERSION
     << "\tllvm=" << LLVM_VERSION_STRING
     << "\tstage=" << (Opts.LinkStage ? "link" : "compile")
     << "\tsource=" << M.getSourceFileName() << "\toptions=" << Opts.toParams()
     << "\tfunctions=" << Stats.Defined
     << "\tinstrumented=" << Stats.Instrumented
     << "\texcluded=" << Stats.Defined - Stats.Instrumented
     << "\tsites=" << Total;
  for (unsigned K = 0; K < PTRHOOK_KIND_COUNT; ++K)
    OS << '\t' << kindName(1u << K) << '=' << Stats.SitesPerKind[K];
  Constant *Init = ConstantDataArray::getString(Ctx, OS.str());
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                "__ptrhook_provenance");
  GV->setSection(PTRHOOK_PROVENANCE_SECTION_NAME);
  GV->setAlignment(Align(1));
  appendToUsed(M, {GV});
}

} // namespace ptrhook
