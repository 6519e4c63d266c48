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
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace ptrhook {

SiteTables::SiteTables(Module &M)
    : M(M), Ctx(M.getContext()), BytePtrTy(compat::bytePtrTy(Ctx)) {
  Type *I16 = Type::getInt16Ty(Ctx), *I32 = Type::getInt32Ty(Ctx);
  // struct ptrhook_site in ptrhook.h (layout 3), field for field.
  SiteTy = StructType::get(Ctx, {I16, I16, I32, I32, I16, I16});
  assert(M.getDataLayout().getTypeAllocSize(SiteTy) == PTRHOOK_SITE_SLOT);
}

Constant *SiteTables::siteAddress(GlobalVariable *Table, unsigned Index) {
  auto *I32 = Type::getInt32Ty(Ctx);
  return ConstantExpr::getPointerCast(
      ConstantExpr::getInBoundsGetElementPtr(
          Table->getValueType(), Table,
          ArrayRef<Constant *>{ConstantInt::get(I32, 0),
                               ConstantInt::get(I32, 0),
                               ConstantInt::get(I32, Index)}),
      BytePtrTy);
}

namespace {
/// Where a site is in the source, once line 0 has been dealt with.
struct SourcePlace {
  unsigned Line = 0, Column = 0, Flags = 0;
  const DIFile *File = nullptr;
};

/// A real location: line 0 is LLVM's "no particular line".
const DILocation *lineOf(const Instruction &I) {
  if (isa<DbgInfoIntrinsic>(I))
    return nullptr;
  const DILocation *Loc = I.getDebugLoc().get();
  return Loc && Loc->getLine() != 0 ? Loc : nullptr;
}

/// The place of \p I: its own location; else (line 0 or none) the nearest
/// located instruction of its block, the preceding ones first, flagged
/// approximate; else (and for a static alloca) its function's line, flagged
/// so.  Without debug info
/// there is none of these: line 0, no flag.
SourcePlace placeOf(const Instruction &I, const Function &F) {
  SourcePlace P;
  const DILocation *Loc = lineOf(I);
  // A static alloca without a location (every one at -O0) is the
  // function's frame, not the statement that follows it: the function's
  // line says that better than a neighbour's.
  auto *AI = dyn_cast<AllocaInst>(&I);
  bool Frame = !Loc && AI && AI->isStaticAlloca();
  if (!Loc && !Frame) {
    for (auto It = I.getReverseIterator(), E = I.getParent()->rend();
         !Loc && ++It != E;)
      Loc = lineOf(*It);
    for (auto It = I.getIterator(), E = I.getParent()->end();
         !Loc && ++It != E;)
      Loc = lineOf(*It);
    if (Loc)
      P.Flags |= PTRHOOK_SITE_APPROXIMATE;
  }
  if (Loc) {
    P.Line = Loc->getLine();
    P.Column = Loc->getColumn();
    P.Flags |= PTRHOOK_SITE_HAS_LOCATION;
    P.File = Loc->getFile();
  } else if (const DISubprogram *SP = F.getSubprogram()) {
    P.Line = SP->getLine();
    P.Flags |= PTRHOOK_SITE_FUNCTION_LINE | PTRHOOK_SITE_APPROXIMATE;
    P.File = SP->getFile();
  }
  return P;
}
} // namespace

/// The block of \p F's sites (layout 3, ptrhook.h): the descriptors, then
/// the function's record (header, elision entries, (file, directory)
/// pairs, strings), every reference a byte offset inside the block, so
/// that it needs no relocation.  Private, in section ptrhook_sites3 and
/// tied to \p F (!associated, and \p F's comdat if it has one), so that
/// the linker drops it with \p F (--gc-sections, a discarded comdat).
GlobalVariable *SiteTables::emitTable(Function &F, ArrayRef<Site> Sites) {
  const DataLayout &DL = M.getDataLayout();
  Type *I16 = Type::getInt16Ty(Ctx), *I32 = Type::getInt32Ty(Ctx),
       *I64 = Type::getInt64Ty(Ctx);
  StructType *ElisionTy = StructType::get(Ctx, {I32, I32, I64});
  StructType *PairTy = StructType::get(Ctx, {I32, I32});

  // The places and the record's contents, in order of first use.
  std::string Strings;
  StringMap<uint32_t> StringAt; // offset in Strings
  auto Intern = [&](StringRef Str) {
    auto [It, New] = StringAt.try_emplace(Str, Strings.size());
    if (New) {
      Strings.append(Str.begin(), Str.end());
      Strings.push_back('\0');
    }
    return It->second;
  };
  SmallVector<std::pair<uint32_t, uint32_t>, 4> Pairs; // string offsets
  DenseMap<std::pair<uint32_t, uint32_t>, unsigned> PairIndex;
  SmallVector<Constant *, 8> Elisions;
  uint32_t Name = Intern(F.getName());
  struct Desc {
    SourcePlace P;
    unsigned Pair, Elision;
  };
  SmallVector<Desc, 64> Descs;
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx) {
    const Site &S = Sites[Idx];
    Desc D{placeOf(*S.Ptr, F), 0, 0};
    StringRef File = M.getSourceFileName(), Dir = "";
    if (D.P.File) {
      File = D.P.File->getFilename();
      Dir = D.P.File->getDirectory();
    }
    std::pair<uint32_t, uint32_t> Pair{Intern(File), Intern(Dir)};
    auto [It, New] = PairIndex.try_emplace(Pair, Pairs.size());
    if (New)
      Pairs.push_back(Pair);
    D.Pair = It->second;
    if (S.elided()) {
      D.P.Flags |=
          PTRHOOK_SITE_ELIDED | (S.Checked ? PTRHOOK_SITE_ELIDE_CHECKED : 0u);
      Elisions.push_back(ConstantStruct::get(
          ElisionTy,
          {ConstantInt::get(I32, S.Base - (int)Idx, /*Signed=*/true),
           ConstantInt::get(I32, S.Anchor - (int)Idx, /*Signed=*/true),
           ConstantInt::get(I64, S.Offset, /*Signed=*/true)}));
      D.Elision = Elisions.size();
    }
    Descs.push_back(D);
  }
  if (Pairs.size() > 0xffff || Elisions.size() > 0xffff) {
    Ctx.emitError("ptrhook: function '" + F.getName() +
                  "' has more source files or elided sites than a site "
                  "descriptor can name (65535)");
    return nullptr;
  }

  // The record's layout: header, elisions, pairs, strings, padding.
  uint64_t Slot = PTRHOOK_SITE_SLOT;
  auto *ElisionsTy = ArrayType::get(ElisionTy, Elisions.size());
  auto *PairsTy = ArrayType::get(PairTy, Pairs.size());
  uint64_t StrOff = 16 + DL.getTypeAllocSize(ElisionsTy) +
                    DL.getTypeAllocSize(PairsTy);
  uint64_t RecordSize = alignTo(StrOff + Strings.size(), Slot);
  Strings.resize(RecordSize - StrOff, '\0');
  SmallVector<Constant *, 4> PairInits;
  for (auto &P : Pairs)
    PairInits.push_back(ConstantStruct::get(
        PairTy, {ConstantInt::get(I32, StrOff + P.first),
                 ConstantInt::get(I32, StrOff + P.second)}));
  Constant *Record = ConstantStruct::getAnon(
      Ctx,
      {ConstantInt::get(I16, PTRHOOK_SITE_LAYOUT3 | PTRHOOK_SITE_RECORD_KIND),
       ConstantInt::get(I16, Pairs.size()),
       ConstantInt::get(I32, RecordSize / Slot),
       ConstantInt::get(I32, StrOff + Name),
       ConstantInt::get(I32, Elisions.size()),
       ConstantArray::get(ElisionsTy, Elisions),
       ConstantArray::get(PairsTy, PairInits),
       ConstantDataArray::getRaw(Strings, Strings.size(),
                                 Type::getInt8Ty(Ctx))});
  assert(DL.getTypeAllocSize(Record->getType()) == RecordSize &&
         "the record's fields are not where ptrhook.h reads them");

  SmallVector<Constant *, 64> DescInits;
  for (unsigned Idx = 0; Idx < Descs.size(); ++Idx) {
    const Desc &D = Descs[Idx];
    unsigned Head = PTRHOOK_SITE_LAYOUT3 |
                    (D.P.Flags & PTRHOOK_SITE_FLAGS_MASK)
                        << PTRHOOK_SITE_FLAGS_SHIFT |
                    kindIndex(Sites[Idx].Kind);
    DescInits.push_back(ConstantStruct::get(
        SiteTy,
        {ConstantInt::get(I16, Head),
         ConstantInt::get(I16, std::min(D.P.Column, 0xffffu)),
         ConstantInt::get(I32, D.P.Line),
         ConstantInt::get(I32, (Descs.size() - Idx) * Slot),
         ConstantInt::get(I16, D.Pair), ConstantInt::get(I16, D.Elision)}));
  }
  auto *ArrTy = ArrayType::get(SiteTy, DescInits.size());
  Constant *Init = ConstantStruct::getAnon(
      Ctx, {ConstantArray::get(ArrTy, DescInits), Record});
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                "__ptrhook_sites");
  GV->setSection(PTRHOOK_SITES_SECTION_NAME);
  GV->setAlignment(Align(Slot));
  if (F.hasComdat())
    GV->setComdat(F.getComdat());
  // Kept by the compiler, not by the linker: !associated (SHF_LINK_ORDER)
  // ties the block to F's section, which the linker drops, or keeps, with
  // it, as SanitizerCoverage does with its tables.  Not in a module bound for
  // LTO (clang's "ThinLTO" / "EnableSplitLTOUnit" flags): the LTO link may
  // delete F after this pass, which leaves the metadata pointing at nothing
  // (a module the verifier rejects, LLVM 22); the block then stays in the
  // link like the descriptors of a function --gc-sections keeps.
  if (!M.getModuleFlag("ThinLTO") && !M.getModuleFlag("EnableSplitLTOUnit"))
    GV->setMetadata(LLVMContext::MD_associated,
                    MDNode::get(Ctx, ValueAsMetadata::get(&F)));
  appendToCompilerUsed(M, {GV});
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
        new GlobalVariable(M, Type::getInt8Ty(Ctx), /*isConstant=*/true,
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
