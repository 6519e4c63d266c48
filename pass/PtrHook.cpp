//===-- PtrHook.cpp - report every pointer a program creates --------------===//
//
// The worker behind PtrHookPass.  For every function it may touch it
// collects the instructions that produce a scalar pointer, finds for each
// the first point where the value is available and a call is legal, and
// inserts `ptrtoint` + `call void @__injected_hook(iN)` there.  It then
// removes the function attributes that the new calls made false.  In optnone
// (-O0) functions, which the fast register allocator spills around every
// call, the entry block's allocas are reported after the prologue and, on
// x86-64 ELF, hook calls that other values are live across go through a
// preserve_most trampoline (sinkPrologueSites, mayPreserve).
//
// Where a value cannot be reported safely it is skipped, never forced:
//   * blocks without an insertion point (catchswitch);
//   * musttail and deoptimize calls, and anything between them and the ret;
//   * callbr results whose default destination has several predecessors;
//   * swifterror allocas, pointers in non-integral address spaces;
//   * coroutine and GC-statepoint intrinsics, llvm.invariant.start.
// Functions are skipped as a whole when they are declarations,
// available_externally, naked, SEH-personality, the hook or the runtime
// itself, opted out (disable_sanitizer_instrumentation or
// PTRHOOK_NO_INSTRUMENT), or already instrumented.
//
//===----------------------------------------------------------------------===//

#include "PtrHook.h"
#include "Compat.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Support/SpecialCaseList.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace ptrhook {

unsigned classifyPointerInstruction(const Instruction &I) {
  // Scalar pointers only: a vector of pointers is reported when an element
  // is extracted from it (extractelement, kind "other").
  if (!I.getType()->isPointerTy())
    return 0;
  switch (I.getOpcode()) {
  case Instruction::Alloca:
    return KindAlloca;
  case Instruction::GetElementPtr:
    return KindGEP;
  case Instruction::Load:
    return KindLoad;
  case Instruction::Call:
  case Instruction::Invoke:
  case Instruction::CallBr:
    return KindCall;
  case Instruction::IntToPtr:
  case Instruction::BitCast:
  case Instruction::AddrSpaceCast:
    return KindCast;
  case Instruction::PHI:
    return KindPhi;
  case Instruction::Select:
    return KindSelect;
  default:
    return KindOther;
  }
}

/// The operand number of the address of load or store \p I, or ~0u for
/// any other instruction.
static unsigned getLoadStoreAddressOperandIndex(const Instruction *I) {
  if (isa<LoadInst>(I))
    return LoadInst::getPointerOperandIndex();
  if (isa<StoreInst>(I))
    return StoreInst::getPointerOperandIndex();
  return ~0u;
}

/// Whether \p Name is one of the hooks (any ABI, any calling convention).
static bool isHookName(StringRef Name) {
  return Name == PTRHOOK_HOOK_NAME || Name == PTRHOOK_HOOK_SITE_NAME ||
         Name == PTRHOOK_HOOK_PRESERVE_MOST_NAME ||
         Name == PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME ||
         Name == PTRHOOK_HOOK_PRESERVE_ALL_NAME ||
         Name == PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME;
}

namespace {

/// One value to report, and where its hook call goes.
struct Site {
  Instruction *Ptr;
  BasicBlock::iterator InsertPt;
  unsigned Kind; ///< one PtrKind bit
  /// elide-const-geps: the indices (in the function's sites) of the site
  /// whose address this one's is derived from and of the site whose event
  /// it follows, and the byte offset; -1 when the site is reported.
  int Base = -1, Anchor = -1;
  int64_t Offset = 0;
  /// elide-check: elided, but the hook is called all the same.
  bool Checked = false;
  bool elided() const { return Base >= 0; }
};

class PtrHookInstrumenter {
public:
  PtrHookInstrumenter(Module &M, const PtrHookOptions &Opts)
      : M(M), Opts(Opts), DL(M.getDataLayout()), Ctx(M.getContext()) {}

  /// Instrument every eligible function of the module.  Returns true if the
  /// module changed.
  bool instrumentModule();

  /// The functions counted inline (inline=count), for the loop cleanup.
  ArrayRef<Function *> inlineCounted() const { return InlineCounted; }
  /// The runtime's inline counters, once declared (inline=count).
  const GlobalVariable *inlineCounters() const { return InlineCounts; }

private:
  void initializeTypes();
  FunctionCallee *hookFor(const PtrHookOptions &FOpts);
  bool declareHook(StringRef Name, FunctionType *Ty, CallingConv::ID CC,
                   FunctionCallee &Out);
  Constant *stringConstant(StringRef S);
  Constant *siteDescriptor(const Site &S, int Index, const Function &F);
  GlobalVariable *emitSiteTable(Function &F, ArrayRef<Site> Sites);
  void emitSiteRegistration();
  void emitProvenance();
  void collectOptOuts();
  bool loadSelection();
  bool isExcluded(const Function &F) const;
  bool optionsFor(Function &F, PtrHookOptions &FOpts);
  bool instrumentFunction(Function &F);
  bool isReportable(Instruction &I, const PtrHookOptions &FOpts) const;
  bool findInsertionPoint(Instruction &I, BasicBlock::iterator &IP);
  void sinkPrologueSites(Function &F, MutableArrayRef<Site> Sites);
  void elideConstGEPs(MutableArrayRef<Site> Sites);
  bool mayPreserve(const Function &F, const PtrHookOptions &FOpts) const;
  Function *preservingHook(const Function &F, FunctionCallee Hook);
  void definePreservingHook();
  void injectHook(Instruction &Ptr, BasicBlock::iterator IP,
                  FunctionCallee Callee, Constant *SiteDesc,
                  const DenseMap<BasicBlock *, ColorVector> *Colors);
  void stripInvalidatedAttributes();
  bool declareInline();
  BasicBlock *prepareInlineEntry(Function &F);
  void emitInlineCounts(Function &F, ArrayRef<Site> Sites);

  Module &M;
  const PtrHookOptions &Opts;
  const DataLayout &DL;
  LLVMContext &Ctx;
  /// The hooks, by [abi=site][cc], each declared on first use.
  FunctionCallee Hooks[2][3];
  bool HookBroken[2][3] = {}; ///< declared with a wrong type (reported)
  Function *PreservingHook = nullptr; ///< see preservingHook()
  /// inline=count: the runtime's TLS counters and thread flag, and the
  /// function that registers a thread; declared on first use.
  GlobalVariable *InlineCounts = nullptr, *InlineThread = nullptr;
  FunctionCallee InlineEnter;
  CallingConv::ID InlineEnterCC = CallingConv::C;
  bool InlineBroken = false;
  SmallVector<Function *, 16> InlineCounted;
  IntegerType *HookArgTy = nullptr;
  PointerType *BytePtrTy = nullptr;
  StructType *SiteTy = nullptr; ///< struct ptrhook_site
  StringMap<Constant *> Strings;
  std::unique_ptr<SpecialCaseList> Allowlist, Ignorelist;
  bool SourceSelected = true; ///< the module's src: passes the lists
  bool EmittedSites = false;
  // For the provenance record.
  unsigned DefinedFunctions = 0, InstrumentedFunctions = 0;
  unsigned SitesPerKind[PTRHOOK_KIND_COUNT] = {};
  SmallPtrSet<const Function *, 8> OptedOut;
  SmallPtrSet<const Function *, 32> Instrumented;
};

} // namespace

/// Declare (or find) the hook \p Name of type \p Ty and calling convention
/// \p CC.  Fails with a diagnostic if the module already has the symbol
/// with another type or convention: calling it would break the hook ABI.
bool PtrHookInstrumenter::declareHook(StringRef Name, FunctionType *Ty,
                                      CallingConv::ID CC,
                                      FunctionCallee &Out) {
  // With typed pointers a program's own definition names its pointee
  // (%struct.ptrhook_site*): any pointer is as good as i8* there.
  auto Compatible = [&](FunctionType *Have) {
    if (Have == Ty)
      return true;
    if (Have->getReturnType() != Ty->getReturnType() || Have->isVarArg() ||
        Have->getNumParams() != Ty->getNumParams())
      return false;
    for (unsigned I = 0; I < Ty->getNumParams(); ++I) {
      Type *A = Have->getParamType(I), *B = Ty->getParamType(I);
      if (A != B && !(A->isPointerTy() && B->isPointerTy() &&
                      A->getPointerAddressSpace() == 0 &&
                      B->getPointerAddressSpace() == 0))
        return false;
    }
    return true;
  };
  auto CCName = [](CallingConv::ID C) -> StringRef {
    switch (C) {
    case CallingConv::C:
      return "the C calling convention";
    case CallingConv::PreserveMost:
      return "preserve_most";
    case CallingConv::PreserveAll:
      return "preserve_all";
    default:
      return "another calling convention";
    }
  };
  if (GlobalValue *Existing = M.getNamedValue(Name)) {
    auto *F = dyn_cast<Function>(Existing);
    if (F && Compatible(F->getFunctionType()) &&
        F->getCallingConv() != CC) {
      Ctx.emitError("ptrhook: '" + Name + "' is declared with " +
                    CCName(F->getCallingConv()) + " in this module, but the "
                    "hook calls use " + CCName(CC) +
                    " (declare it with PTRHOOK_PRESERVE_MOST or "
                    "PTRHOOK_PRESERVE_ALL from ptrhook.h)");
      return false;
    }
    if (F && F->getFunctionType() != Ty && Compatible(F->getFunctionType())) {
      Out = FunctionCallee(F->getFunctionType(), F);
      return true;
    }
    if (!F || F->getFunctionType() != Ty) {
      std::string Found, Want;
      raw_string_ostream FoundOS(Found), WantOS(Want);
      Existing->getValueType()->print(FoundOS);
      Ty->print(WantOS);
      Ctx.emitError("ptrhook: '" + Name + "' is declared as '" +
                    FoundOS.str() + "' in this module, but the hook ABI is '" +
                    WantOS.str() + "'");
      return false;
    }
  }
  AttributeList Attrs =
      AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  // A register-preserving hook must not be reached through a lazy-binding
  // PLT stub: glibc's resolver saves only the C ABI's argument registers,
  // and would clobber R10 (x86-64) on the first call.  In code that may
  // end up in a DSO (PIC, not PIE), nonlazybind makes the call load the
  // address from the GOT, resolved at load time.  Not in executables: the
  // hook is in the executable, called directly, while with nonlazybind
  // the GOT load was hoisted out of loops and every event became an
  // indirect `call *%reg` (4x slower on the benchmark's GEP loop).
  if (CC != CallingConv::C && M.getPICLevel() != PICLevel::NotPIC &&
      M.getPIELevel() == PIELevel::Default)
    Attrs = Attrs.addFnAttribute(Ctx, Attribute::NonLazyBind);
  Out = M.getOrInsertFunction(Name, Ty, Attrs);
  if (auto *F = dyn_cast<Function>(Out.getCallee()))
    F->setCallingConv(CC);
  return true;
}

/// The types of the hooks' arguments (iN, N: pointer width of address
/// space 0) and of the site descriptor.
void PtrHookInstrumenter::initializeTypes() {
  HookArgTy = DL.getIntPtrType(Ctx, /*AddressSpace=*/0);
  BytePtrTy = compat::bytePtrTy(Ctx);
  Type *I16 = Type::getInt16Ty(Ctx), *I32 = Type::getInt32Ty(Ctx);
  // struct ptrhook_site in ptrhook.h, field for field.
  SiteTy = StructType::get(Ctx, {I16, I16, I32, I32, I32, BytePtrTy,
                                 BytePtrTy, BytePtrTy, I32, I32,
                                 Type::getInt64Ty(Ctx)});
}

/// The hook of \p FOpts' ABI and calling convention, declared on first use
/// (functions may carry their own recorded options, see optionsFor).  Null
/// after a diagnostic when the module declares the symbol with another
/// type or convention, or the target has no such convention.
FunctionCallee *PtrHookInstrumenter::hookFor(const PtrHookOptions &FOpts) {
  using HookCC = PtrHookOptions::HookCC;
  bool Site = FOpts.ABI == PtrHookOptions::HookABI::Site;
  unsigned CCIdx = static_cast<unsigned>(FOpts.CC);
  FunctionCallee &Callee = Hooks[Site][CCIdx];
  if (Callee)
    return &Callee;
  if (HookBroken[Site][CCIdx]) // reported once already
    return nullptr;
  HookBroken[Site][CCIdx] = true; // until declared below

  static const char *const Names[2][3] = {
      {PTRHOOK_HOOK_NAME, PTRHOOK_HOOK_PRESERVE_MOST_NAME,
       PTRHOOK_HOOK_PRESERVE_ALL_NAME},
      {PTRHOOK_HOOK_SITE_NAME, PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME,
       PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME}};
  CallingConv::ID CC = CallingConv::C;
  if (FOpts.CC != HookCC::C) {
    // LLVM implements these conventions for x86-64 and AArch64; elsewhere
    // the backend would silently fall back to, or crash on, another one.
    Triple T(compat::targetTriple(M));
    if (T.getArch() != Triple::x86_64 && T.getArch() != Triple::aarch64) {
      Ctx.emitError(Twine("ptrhook: cc=") +
                    (FOpts.CC == HookCC::PreserveMost ? "preserve_most"
                                                      : "preserve_all") +
                    " is not supported for target '" + T.str() +
                    "' (x86_64 and aarch64 only; use cc=c)");
      return nullptr;
    }
    CC = FOpts.CC == HookCC::PreserveMost ? CallingConv::PreserveMost
                                          : CallingConv::PreserveAll;
  }
  Type *Void = Type::getVoidTy(Ctx);
  FunctionType *Ty =
      Site ? FunctionType::get(Void, {HookArgTy, BytePtrTy}, false)
           : FunctionType::get(Void, {HookArgTy}, false);
  if (!declareHook(Names[Site][CCIdx], Ty, CC, Callee))
    return nullptr;
  HookBroken[Site][CCIdx] = false;
  return &Callee;
}

/// A private, mergeable C string constant holding \p S, as an i8*.
Constant *PtrHookInstrumenter::stringConstant(StringRef S) {
  Constant *&C = Strings[S];
  if (!C) {
    Constant *Init = ConstantDataArray::getString(Ctx, S);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init,
                                  "__ptrhook_str");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    C = ConstantExpr::getPointerCast(GV, BytePtrTy);
  }
  return C;
}

/// The struct ptrhook_site of \p S: its kind, its source location from debug
/// info (line 0 and the module's source file name without), its function.
Constant *PtrHookInstrumenter::siteDescriptor(const Site &S, int Index,
                                              const Function &F) {
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
    Flags |= PTRHOOK_SITE_ELIDED |
             (S.Checked ? PTRHOOK_SITE_ELIDE_CHECKED : 0u);
  auto *I16 = Type::getInt16Ty(Ctx);
  auto *I32 = Type::getInt32Ty(Ctx);
  auto *I64 = Type::getInt64Ty(Ctx);
  return ConstantStruct::get(
      SiteTy,
      {ConstantInt::get(I16, PTRHOOK_SITE_VERSION),
       ConstantInt::get(I16, __builtin_ctz(S.Kind)),
       ConstantInt::get(I32, Line), ConstantInt::get(I32, Column),
       ConstantInt::get(I32, Flags), stringConstant(F.getName()),
       stringConstant(File), stringConstant(Dir),
       ConstantInt::get(I32, S.elided() ? S.Base - Index : 0, /*Signed=*/true),
       ConstantInt::get(I32, S.elided() ? S.Anchor - Index : 0,
                        /*Signed=*/true),
       ConstantInt::get(I64, S.Offset, /*Signed=*/true)});
}

/// The constant table of \p F's sites, in section ptrhook_sites.  It shares
/// \p F's comdat, so that when the linker keeps one copy of an inline
/// function it keeps that copy's sites only.
GlobalVariable *PtrHookInstrumenter::emitSiteTable(Function &F,
                                                   ArrayRef<Site> Sites) {
  SmallVector<Constant *, 64> Descs;
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx)
    Descs.push_back(siteDescriptor(Sites[Idx], Idx, F));
  auto *Ty = ArrayType::get(SiteTy, Descs.size());
  auto *GV = new GlobalVariable(M, Ty, /*isConstant=*/true,
                                GlobalValue::PrivateLinkage,
                                ConstantArray::get(Ty, Descs), "__ptrhook_sites");
  GV->setSection(PTRHOOK_SITES_SECTION_NAME);
  GV->setAlignment(DL.getABITypeAlign(SiteTy));
  if (F.hasComdat())
    GV->setComdat(F.getComdat());
  appendToUsed(M, {GV});
  EmittedSites = true;
  return GV;
}

/// A constructor that hands this link unit's site table, delimited by the
/// linker's __start_/__stop_ symbols, to the runtime.
void PtrHookInstrumenter::emitSiteRegistration() {
  static constexpr StringLiteral CtorName = "__ptrhook_module_ctor";
  if (!EmittedSites || M.getFunction(CtorName))
    return;
  auto Bound = [&](StringRef Name) {
    if (GlobalVariable *GV = M.getNamedGlobal(Name))
      return ConstantExpr::getPointerCast(GV, BytePtrTy);
    auto *GV = new GlobalVariable(M, SiteTy, /*isConstant=*/true,
                                  GlobalValue::ExternalWeakLinkage, nullptr,
                                  Name);
    GV->setVisibility(GlobalValue::HiddenVisibility);
    return ConstantExpr::getPointerCast(GV, BytePtrTy);
  };
  Constant *Start = Bound("__start_" PTRHOOK_SITES_SECTION_NAME);
  Constant *Stop = Bound("__stop_" PTRHOOK_SITES_SECTION_NAME);

  // Weak: a program with its own hook need not link the runtime at all.
  FunctionCallee Init = M.getOrInsertFunction(
      PTRHOOK_SITES_INIT_NAME,
      FunctionType::get(Type::getVoidTy(Ctx), {BytePtrTy, BytePtrTy}, false));
  if (auto *InitF = dyn_cast<Function>(Init.getCallee()))
    if (InitF->isDeclaration())
      InitF->setLinkage(GlobalValue::ExternalWeakLinkage);
  auto *Ctor = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), false),
      GlobalValue::InternalLinkage, CtorName, M);
  Ctor->addFnAttr(Attribute::NoUnwind);
  BasicBlock *Entry = BasicBlock::Create(Ctx, "", Ctor);
  BasicBlock *Call = BasicBlock::Create(Ctx, "register", Ctor);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", Ctor);
  IRBuilder<> IRB(Entry);
  IRB.CreateCondBr(IRB.CreateIsNotNull(Init.getCallee()), Call, Done);
  IRB.SetInsertPoint(Call);
  IRB.CreateCall(Init, {Start, Stop});
  IRB.CreateBr(Done);
  IRB.SetInsertPoint(Done);
  IRB.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/1);
}

/// The module's provenance record (see PTRHOOK_PROVENANCE_SECTION): what
/// instrumented it, with which options, and what it found.  Only written
/// when this run instrumented something.
void PtrHookInstrumenter::emitProvenance() {
  if (!InstrumentedFunctions)
    return;
  unsigned Total = 0;
  for (unsigned N : SitesPerKind)
    Total += N;
  std::string Record;
  raw_string_ostream OS(Record);
  OS << PTRHOOK_PROVENANCE_MAGIC << "\tplugin=" << PTRHOOK_VERSION
     << "\tllvm=" << LLVM_VERSION_STRING << "\tstage="
     << (Opts.When == PtrHookOptions::Stage::Link ? "link" : "compile")
     << "\tsource=" << M.getSourceFileName() << "\toptions=" << Opts.toParams()
     << "\tfunctions=" << DefinedFunctions
     << "\tinstrumented=" << InstrumentedFunctions
     << "\texcluded=" << DefinedFunctions - InstrumentedFunctions
     << "\tsites=" << Total;
  for (unsigned K = 0; K < PTRHOOK_KIND_COUNT; ++K)
    OS << '\t' << kindName(static_cast<PtrKind>(1u << K)) << '='
       << SitesPerKind[K];
  Constant *Init = ConstantDataArray::getString(Ctx, OS.str());
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                "__ptrhook_provenance");
  GV->setSection(PTRHOOK_PROVENANCE_SECTION_NAME);
  GV->setAlignment(Align(1));
  appendToUsed(M, {GV});
}

/// Functions annotated PTRHOOK_NO_INSTRUMENT, from llvm.global.annotations.
void PtrHookInstrumenter::collectOptOuts() {
  GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  if (!GA || !GA->hasInitializer())
    return;
  auto *Entries = dyn_cast<ConstantArray>(GA->getInitializer());
  if (!Entries)
    return;
  for (const Use &U : Entries->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(U.get());
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    auto *F = dyn_cast<Function>(Entry->getOperand(0)->stripPointerCasts());
    auto *Str =
        dyn_cast<GlobalVariable>(Entry->getOperand(1)->stripPointerCasts());
    if (!F || !Str || !Str->hasInitializer())
      continue;
    auto *Text = dyn_cast<ConstantDataSequential>(Str->getInitializer());
    if (Text && Text->isCString() &&
        Text->getAsCString() == PTRHOOK_NO_INSTRUMENT_ANNOTATION)
      OptedOut.insert(F);
  }
}

/// Read the allowlist and ignorelist files.  A missing or malformed file is
/// an error naming it (and the line, from SpecialCaseList), and nothing is
/// instrumented.
bool PtrHookInstrumenter::loadSelection() {
  static constexpr StringLiteral Section = "ptrhook";
  auto Load = [&](const std::vector<std::string> &Files, StringRef What,
                  std::unique_ptr<SpecialCaseList> &Out) {
    if (Files.empty())
      return true;
    std::string Error;
    Out = SpecialCaseList::create(Files, *vfs::getRealFileSystem(), Error);
    if (!Out)
      Ctx.emitError("ptrhook: bad " + What + ": " + Error);
    return Out != nullptr;
  };
  if (!Load(Opts.Allowlists, "allowlist", Allowlist) ||
      !Load(Opts.Ignorelists, "ignorelist", Ignorelist))
    return false;
  StringRef Src = M.getSourceFileName();
  if (Allowlist && !Allowlist->inSection(Section, "src", Src))
    SourceSelected = false;
  if (Ignorelist && Ignorelist->inSection(Section, "src", Src))
    SourceSelected = false;
  return true;
}

bool PtrHookInstrumenter::isExcluded(const Function &F) const {
  // Nothing to instrument, or the body is not the one that will run.
  if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
    return true;
  // Naked functions are raw assembly; any call would clobber the frame.
  if (F.hasFnAttribute(Attribute::Naked))
    return true;
  // Never instrument the hooks (infinite recursion) or the runtime.
  if (isHookName(F.getName()) ||
      compat::startsWith(F.getName(), PTRHOOK_RUNTIME_PREFIX))
    return true;
  // Opted out by the user.
  if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
      OptedOut.count(&F))
    return true;
  // Not selected by the allowlist / ignorelist.
  if (!SourceSelected ||
      (Allowlist && !Allowlist->inSection("ptrhook", "fun", F.getName())) ||
      (Ignorelist && Ignorelist->inSection("ptrhook", "fun", F.getName())))
    return true;
  // Already done: running twice must not report twice.
  if (F.hasFnAttribute(PTRHOOK_FUNCTION_ATTR))
    return true;
  // SEH (__try/__except) bodies cannot take new calls safely; like
  // SanitizerCoverage, leave them alone.
  if (F.hasPersonalityFn() &&
      isAsynchronousEHPersonality(classifyEHPersonality(F.getPersonalityFn())))
    return true;
  return false;
}

/// True if \p I produces a pointer of a selected kind that can be reported.
bool PtrHookInstrumenter::isReportable(Instruction &I,
                                       const PtrHookOptions &FOpts) const {
  unsigned Kind = classifyPointerInstruction(I);
  if (!(Kind & FOpts.Kinds))
    return false;
  // ptrtoint has no meaning for non-integral pointers (GC references...).
  if (DL.isNonIntegralPointerType(I.getType()))
    return false;
  // A swifterror value may only be loaded and stored.
  if (auto *AI = dyn_cast<AllocaInst>(&I))
    if (AI->isSwiftError())
      return false;
  if (FOpts.SkipNoop) {
    if (isa<BitCastInst>(I))
      return false;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
      if (GEP->hasAllZeroIndices())
        return false;
  }
  if (FOpts.SkipAccessGEPs && isa<GetElementPtrInst>(I) && !I.use_empty() &&
      llvm::all_of(I.uses(), [&](const Use &U) {
        auto *User = cast<Instruction>(U.getUser());
        return User->getParent() == I.getParent() &&
               U.getOperandNo() == getLoadStoreAddressOperandIndex(User);
      }))
    return false;
  if (auto *Call = dyn_cast<CallBase>(&I))
    if (Function *Callee = Call->getCalledFunction()) {
      StringRef Name = Callee->getName();
      // Results that are not addresses, or that only the coroutine and
      // statepoint lowering passes may touch.
      if (compat::startsWith(Name, "llvm.coro.") ||
          compat::startsWith(Name, "llvm.experimental.gc.") ||
          compat::startsWith(Name, "llvm.invariant.start"))
        return false;
    }
  return true;
}

/// Find where the hook call for \p I goes: the first legal point where its
/// value is available.  May split the normal edge of an invoke.  Returns
/// false when there is no such point and \p I must be skipped.
bool PtrHookInstrumenter::findInsertionPoint(Instruction &I,
                                             BasicBlock::iterator &IP) {
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

/// The static alloca \p Ptr is a constant inbounds offset (\p Offset) into,
/// or null.
static AllocaInst *frameBase(Instruction &Ptr, const DataLayout &DL,
                             APInt &Offset) {
  Offset = APInt(DL.getIndexTypeSizeInBits(Ptr.getType()), 0);
  auto *Base = dyn_cast<AllocaInst>(
      Ptr.stripAndAccumulateInBoundsConstantOffsets(DL, Offset));
  if (!Base || !Base->isStaticAlloca() ||
      Base->getType()->getPointerAddressSpace() !=
          Ptr.getType()->getPointerAddressSpace())
    return nullptr;
  return Base;
}

/// At -O0 (optnone), report the entry block's prologue values (its allocas,
/// and the GEPs clang stores coerced arguments through) after the prologue,
/// all together and in their order, instead of each right after its
/// definition.
///
/// Why: -O0 code is allocated by the fast register allocator, which gives
/// every virtual register live across a call a stack slot of its own and
/// never reuses slots.  With one hook call after each alloca, every incoming
/// argument register is live across all of them until clang stores it into
/// its alloca: one 8-byte slot per argument register in every frame (6 of
/// the 88 extra slots of jq's jv_setpath, 3 jv arguments of 16 bytes).
/// After the prologue the arguments are in memory and nothing but frame
/// addresses is live.  The events are the same, in the same order, and the
/// reported addresses are SSA values, so reporting them a few non-event
/// instructions later changes nothing a hook can see but the timing.
void PtrHookInstrumenter::sinkPrologueSites(Function &F,
                                            MutableArrayRef<Site> Sites) {
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
void PtrHookInstrumenter::elideConstGEPs(MutableArrayRef<Site> Sites) {
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
              DL.getPointerTypeSizeInBits(S.Ptr->getType()) ==
                  HookArgTy->getBitWidth())
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

/// Whether optnone function \p F may call the hook through
/// `__ptrhook_hook_preserve_most` (preservingHook), from the hook calls that
/// findCrossings picks.
///
/// Why: at -O0 the fast register allocator gives every value live across a
/// call a stack slot of its own and never reuses slots, and -O0 code keeps
/// values live across hooks everywhere: a call's arguments are loaded one by
/// one, and each pointer among them is reported before the call.  jq's
/// jv_setpath (3 jv of 16 bytes by value) still had 82 such slots after
/// sinkPrologueSites: 920 bytes of frame instead of 264 (-fstack-usage), and
/// its 10,000-deep recursion overflowed 8 MB of stack.  Across a
/// preserve_most call every general register but r11 survives, and with the
/// address in r13 (swiftself) instead of rdi the argument registers of the
/// call being set up stay untouched: 280 bytes (488 with the address in
/// rdi).  The hook keeps its plain C ABI.  The trampoline costs about 3 ns
/// per event (one more call, eight saves and restores): only the hook calls
/// that have another value live across them take it, for the same 280
/// bytes, and a pointer-chasing loop runs as fast as with direct calls.
/// Only for the plain ABI on x86-64 ELF, where this was measured; optimized
/// code (greedy allocator, slot colouring) calls the hook directly.
bool PtrHookInstrumenter::mayPreserve(const Function &F,
                                      const PtrHookOptions &FOpts) const {
  if (!F.hasOptNone() || FOpts.ABI != PtrHookOptions::HookABI::Addr ||
      FOpts.CC != PtrHookOptions::HookCC::C || FOpts.InlineCount)
    return false;
  Triple T(compat::targetTriple(M));
  return T.getArch() == Triple::x86_64 && T.isOSBinFormatELF() &&
         HookArgTy->getBitWidth() == 64;
}

/// `__ptrhook_hook_preserve_most`, declared on first use (from optnone
/// function \p F): preserve_most, the address in the swiftself register,
/// calls \p Hook (__injected_hook).  Null if the module has the symbol with
/// another signature.
Function *PtrHookInstrumenter::preservingHook(const Function &F,
                                              FunctionCallee Hook) {
  if (PreservingHook)
    return PreservingHook;
  static constexpr StringLiteral Name =
      PTRHOOK_RUNTIME_PREFIX "hook_preserve_most";
  FunctionType *Ty = Hook.getFunctionType();
  if (Function *Existing = M.getFunction(Name)) {
    // From an earlier run over a module linked with this one.
    if (Existing->getFunctionType() != Ty ||
        Existing->getCallingConv() != CallingConv::PreserveMost ||
        !Existing->hasParamAttribute(0, Attribute::SwiftSelf))
      return nullptr;
    return PreservingHook = Existing;
  }
  // Declared here, defined by definePreservingHook() after the functions
  // have been instrumented, so that the loop over them skips it.
  PreservingHook = Function::Create(Ty, GlobalValue::ExternalLinkage, Name, M);
  PreservingHook->setCallingConv(CallingConv::PreserveMost);
  PreservingHook->addParamAttr(0, Attribute::SwiftSelf);
  // Unwind tables and frame pointer like the code that calls it, for
  // debuggers and profilers walking the stack through a hook.
  if (F.hasFnAttribute(Attribute::UWTable))
    PreservingHook->addFnAttr(F.getFnAttribute(Attribute::UWTable));
  if (F.hasFnAttribute("frame-pointer"))
    PreservingHook->addFnAttr(F.getFnAttribute("frame-pointer"));
  return PreservingHook;
}

/// Which of \p Sites (those of an optnone function) have a value other than
/// the one they report live across their hook call, in a register the fast
/// register allocator would otherwise spill to a slot of its own: defined
/// earlier in the block (or an argument, in the entry block) and used later
/// in it, or reported by a later hook call at the same point.  Values live
/// out of their block have a slot anyway, and static allocas are frame
/// addresses.
static void findCrossings(Function &F, ArrayRef<Site> Sites,
                          const DataLayout &DL, BitVector &Crossed) {
  Crossed.clear();
  Crossed.resize(Sites.size());
  DenseMap<const BasicBlock *, SmallVector<unsigned, 8>> ByBlock;
  for (unsigned I = 0; I < Sites.size(); ++I)
    ByBlock[Sites[I].InsertPt->getParent()].push_back(I);
  for (auto &Entry : ByBlock) {
    const BasicBlock &BB = *Entry.first;
    DenseMap<const Value *, unsigned> Pos; // instruction -> position
    unsigned N = 0;
    for (const Instruction &I : BB)
      Pos[&I] = N++;
    // Live[P]: values that must survive a call inserted before position P.
    // Def: position of the definition (arguments: before position 0).
    DenseMap<const Value *, std::pair<int, int>> Range;
    SmallVector<int, 64> Live(N + 2, 0);
    auto Track = [&](const Value &V, int Def) {
      if (isa<AllocaInst>(V) && cast<AllocaInst>(V).isStaticAlloca())
        return;
      int Last = -1;
      for (const User *U : V.users()) {
        auto *UI = dyn_cast<Instruction>(U);
        if (!UI || UI->getParent() != &BB || isa<PHINode>(UI))
          return; // live out (or used by a phi): spilled anyway
        Last = std::max<int>(Last, Pos[UI]);
      }
      if (Last <= Def)
        return;
      Range[&V] = {Def, Last};
      ++Live[Def + 1];
      --Live[Last + 1];
    };
    if (&BB == &F.getEntryBlock())
      for (const Argument &A : F.args())
        Track(A, -1);
    for (const Instruction &I : BB)
      if (!I.getType()->isVoidTy())
        Track(I, Pos[&I]);
    for (unsigned P = 1; P < Live.size(); ++P)
      Live[P] += Live[P - 1];

    SmallVector<unsigned, 8> &Here = Entry.second;
    for (unsigned K = 0; K < Here.size(); ++K) {
      const Site &S = Sites[Here[K]];
      int P = Pos[&*S.InsertPt];
      int Count = Live[P];
      auto It = Range.find(S.Ptr);
      // The reported value itself is left out: one slot for it costs less
      // than a trampoline call per event.
      if (It != Range.end() && It->second.first < P && P <= It->second.second)
        --Count;
      // Values reported later at the same point, unless recomputed there.
      APInt Offset;
      for (unsigned L = K + 1;
           L < Here.size() && Sites[Here[L]].InsertPt == S.InsertPt; ++L) {
        Instruction &Later = *Sites[Here[L]].Ptr;
        if (!isa<AllocaInst>(Later) && !frameBase(Later, DL, Offset))
          ++Count;
      }
      Crossed[Here[K]] = Count > 0;
    }
  }
}

/// The body of the preserve_most trampoline: one copy per link unit (a
/// hidden linkonce_odr in its own comdat), never inlined.
void PtrHookInstrumenter::definePreservingHook() {
  if (!PreservingHook || !PreservingHook->isDeclaration())
    return;
  Function *F = PreservingHook;
  F->setLinkage(GlobalValue::LinkOnceODRLinkage);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->setComdat(M.getOrInsertComdat(F->getName()));
  F->addFnAttr(Attribute::NoUnwind);
  F->addFnAttr(Attribute::NoInline);
  IRBuilder<> IRB(BasicBlock::Create(Ctx, "", F));
  IRB.CreateCall(Hooks[0][0], {F->getArg(0)})->setDoesNotThrow();
  IRB.CreateRetVoid();
}

/// Insert `ptrtoint` + hook call for \p Ptr before \p IP.
void PtrHookInstrumenter::injectHook(
    Instruction &Ptr, BasicBlock::iterator IP, FunctionCallee Callee,
    Constant *SiteDesc, const DenseMap<BasicBlock *, ColorVector> *Colors) {
  BasicBlock *BB = IP->getParent();
  IRBuilder<> IRB(BB, IP);

  // Every call in a function with debug info needs a location, or LTO's
  // inliner produces a broken module; line 0 when the value has none.
  DebugLoc Loc = Ptr.getDebugLoc();
  if (!Loc)
    if (DISubprogram *SP = BB->getParent()->getSubprogram())
      Loc = DILocation::get(Ctx, 0, 0, SP);
  IRB.SetCurrentDebugLocation(Loc);

  Value *Addr = nullptr;
  APInt Offset;
  if (IP != std::next(Ptr.getIterator()) && !isa<AllocaInst>(Ptr))
    // Reported away from its definition (see sinkPrologueSites): a constant
    // offset into a static alloca is recomputed from the frame address, so
    // that no register has to hold it across the hook calls in between.
    if (AllocaInst *Base = frameBase(Ptr, DL, Offset))
      Addr = IRB.CreateAdd(
          IRB.CreatePtrToInt(Base, DL.getIntPtrType(Ptr.getType())),
          ConstantInt::get(Ctx, Offset.sextOrTrunc(DL.getPointerTypeSizeInBits(
                                    Ptr.getType()))));
  if (!Addr)
    Addr = IRB.CreatePtrToInt(&Ptr, DL.getIntPtrType(Ptr.getType()));
  if (Addr->getType() != HookArgTy)
    Addr = IRB.CreateZExtOrTrunc(Addr, HookArgTy);

  // Inside a Windows EH funclet every call must name its funclet, or
  // WinEHPrepare turns the handler into unreachable.
  SmallVector<OperandBundleDef, 1> Bundles;
  if (Colors) {
    auto It = Colors->find(BB);
    if (It != Colors->end() && It->second.size() == 1) {
      Instruction *Pad = compat::firstNonPHI(It->second.front());
      if (Pad && Pad->isEHPad() && !isa<LandingPadInst>(Pad))
        Bundles.emplace_back("funclet", Pad);
    }
  }

  CallInst *Call =
      SiteDesc
          ? IRB.CreateCall(
                Callee,
                {Addr, IRB.CreatePointerCast(
                           SiteDesc,
                           Callee.getFunctionType()->getParamType(1))},
                Bundles)
          : IRB.CreateCall(Callee, {Addr}, Bundles);
  Call->setDoesNotThrow();
  if (auto *F = dyn_cast<Function>(Callee.getCallee())) {
    Call->setCallingConv(F->getCallingConv());
    if (F->hasParamAttribute(0, Attribute::SwiftSelf)) // preservingHook
      Call->addParamAttr(0, Attribute::SwiftSelf);
  }
}

/// Declare the runtime's inline-counting symbols (PTRHOOK_INLINE_*), once.
/// False after a diagnostic if the module has them with other types.
bool PtrHookInstrumenter::declareInline() {
  if (InlineCounts)
    return true;
  if (InlineBroken)
    return false;
  InlineBroken = true; // until declared below
  // Local-exec TLS (one %fs-relative add per event) in code that can only
  // end up in an executable: PIE, or not position-independent at all.
  // Elsewhere initial-exec: a DSO reaches the executable's (or
  // libptrhook_rt.so's) counters through one GOT load per function.
  GlobalValue::ThreadLocalMode Model =
      (M.getPIELevel() != PIELevel::Default ||
       M.getPICLevel() == PICLevel::NotPIC)
          ? GlobalValue::LocalExecTLSModel
          : GlobalValue::InitialExecTLSModel;
  auto Declare = [&](StringRef Name, Type *Ty) -> GlobalVariable * {
    if (GlobalValue *Existing = M.getNamedValue(Name)) {
      auto *GV = dyn_cast<GlobalVariable>(Existing);
      if (GV && GV->getValueType() == Ty && GV->isThreadLocal())
        return GV;
      Ctx.emitError("ptrhook: '" + Name + "' is defined in this module but "
                    "is not the runtime's thread-local counter that "
                    "inline=count needs");
      return nullptr;
    }
    auto *GV = new GlobalVariable(M, Ty, /*isConstant=*/false,
                                  GlobalValue::ExternalLinkage, nullptr, Name,
                                  nullptr, Model);
    GV->setAlignment(Align(8));
    return GV;
  };
  auto *I64 = Type::getInt64Ty(Ctx);
  InlineCounts = Declare(PTRHOOK_INLINE_COUNTS_NAME,
                         ArrayType::get(I64, PTRHOOK_KIND_COUNT));
  InlineThread = Declare(PTRHOOK_INLINE_THREAD_NAME, Type::getInt8Ty(Ctx));
  if (!InlineCounts || !InlineThread) {
    InlineCounts = nullptr;
    return false;
  }
  AttributeList Attrs = AttributeList()
                            .addFnAttribute(Ctx, Attribute::NoUnwind)
                            .addFnAttribute(Ctx, Attribute::Cold);
  InlineEnter = M.getOrInsertFunction(PTRHOOK_INLINE_ENTER_NAME, Attrs,
                                      Type::getVoidTy(Ctx));
  // preserve_all where LLVM has it (the runtime defines it so): a call that
  // clobbers nothing keeps the function's arguments out of callee-saved
  // registers, which would cost every call of the function a push and a
  // pop each, for a call made once per thread.
  Triple T(compat::targetTriple(M));
  InlineEnterCC = T.getArch() == Triple::x86_64 ||
                          T.getArch() == Triple::aarch64
                      ? CallingConv::PreserveAll
                      : CallingConv::C;
  if (auto *F = dyn_cast<Function>(InlineEnter.getCallee()))
    F->setCallingConv(InlineEnterCC);
  InlineBroken = false;
  return true;
}

/// inline=count: make the entry block of \p F check, once per call, that
/// the runtime knows the calling thread:
///
///   entry:               ; the static allocas, then
///     %seen = load i8, ptr @__ptrhook_inline_thread
///     br (%seen == 0), label %ptrhook.enter, label %ptrhook.entry
///   ptrhook.enter:       ; once per thread (cold)
///     call void @__ptrhook_inline_enter()
///   ptrhook.entry:       ; the rest of the old entry block
///
/// Every event of the function comes after the check, so a thread is known
/// before its first count.  Static allocas stay in the entry block (moved
/// to its start if some came later): in another block they would become
/// dynamic stack allocations.  Returns the block after the check.
BasicBlock *PtrHookInstrumenter::prepareInlineEntry(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  auto IsStatic = [](const Instruction &I) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    return AI && AI->isStaticAlloca();
  };
  BasicBlock::iterator SplitAt = Entry.begin();
  while (IsStatic(*SplitAt))
    ++SplitAt;
  for (Instruction &I :
       make_early_inc_range(make_range(SplitAt, Entry.end())))
    if (IsStatic(I))
      I.moveBefore(Entry, SplitAt);
  BasicBlock *Cont = Entry.splitBasicBlock(SplitAt, "ptrhook.entry");
  BasicBlock *Enter =
      BasicBlock::Create(Ctx, "ptrhook.enter", &F, Cont);

  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(Ctx, 0, 0, SP);
  Entry.getTerminator()->eraseFromParent();
  IRBuilder<> IRB(&Entry);
  IRB.SetCurrentDebugLocation(Loc);
  Value *Seen = IRB.CreateLoad(IRB.getInt8Ty(), InlineThread, "ptrhook.seen");
  IRB.CreateCondBr(IRB.CreateICmpEQ(Seen, IRB.getInt8(0)), Enter, Cont,
                   MDBuilder(Ctx).createBranchWeights(1, 1u << 20));
  IRB.SetInsertPoint(Enter);
  CallInst *Call = IRB.CreateCall(InlineEnter);
  Call->setDoesNotThrow();
  Call->setCallingConv(InlineEnterCC);
  IRB.CreateBr(Cont);
  return Cont;
}

/// Whether call \p CB may count events or read the counters: anything but
/// debug and lifetime intrinsics, and inline asm that declares no memory
/// access (no "memory" clobber, no memory operand; such asm may not touch
/// memory the compiler knows of, least of all the runtime's counters).
static bool mayCount(const CallBase &CB) {
  if (isa<DbgInfoIntrinsic>(CB) || CB.isLifetimeStartOrEnd())
    return false;
  const auto *Asm = dyn_cast<InlineAsm>(CB.getCalledOperand());
  if (!Asm)
    return true;
  for (const InlineAsm::ConstraintInfo &C : Asm->ParseConstraints()) {
    if (C.isIndirect)
      return true;
    if (C.Type == InlineAsm::isClobber)
      for (const std::string &Code : C.Codes)
        if (Code == "{memory}")
          return true;
  }
  return false;
}

/// Whether the events before \p I must be counted before it runs: it may
/// not return to the next instruction (a call, which may also exit, longjmp
/// or read the counters; a terminator).
static bool endsCountingRun(const Instruction &I) {
  if (I.isTerminator())
    return true;
  if (const auto *CB = dyn_cast<CallBase>(&I))
    return mayCount(*CB);
  return false;
}

/// inline=count: the counter increments for \p Sites of \p F.  An event is
/// counted where its hook call would have gone or later, never past a call
/// or the end of its block: the events of a run of instructions without a
/// call are counted together, one `__ptrhook_inline_counts[kind] += n` per
/// kind, before the call or terminator that ends the run.  (One memory add
/// per event made a chain of dependent read-modify-writes on the same
/// counter: on the GEP loop of test/bench/runtime-micro.c, as slow as a
/// call.)  Only a fault or signal inside the run separates an event from
/// its count.
void PtrHookInstrumenter::emitInlineCounts(Function &F, ArrayRef<Site> Sites) {
  DenseMap<const Instruction *, SmallVector<const Site *, 2>> At;
  for (const Site &S : Sites)
    At[&*S.InsertPt].push_back(&S);
  auto *I64 = Type::getInt64Ty(Ctx);
  DISubprogram *SP = F.getSubprogram();
  for (BasicBlock &BB : F) {
    uint64_t Pending[PTRHOOK_KIND_COUNT] = {};
    bool Any = false;
    DebugLoc Loc;
    for (Instruction &I : BB) {
      auto It = At.find(&I);
      if (It != At.end())
        for (const Site *S : It->second) {
          ++Pending[__builtin_ctz(S->Kind)];
          Any = true;
          if (DebugLoc L = S->Ptr->getDebugLoc())
            Loc = L;
        }
      if (!Any || !endsCountingRun(I))
        continue;
      IRBuilder<> IRB(&I);
      // Every instruction of a function with debug info needs a location
      // of that function (see injectHook).
      if (!Loc && SP)
        Loc = DILocation::get(Ctx, 0, 0, SP);
      IRB.SetCurrentDebugLocation(Loc);
      for (unsigned K = 0; K < PTRHOOK_KIND_COUNT; ++K) {
        if (!Pending[K])
          continue;
        Value *Slot = IRB.CreateConstInBoundsGEP2_64(
            InlineCounts->getValueType(), InlineCounts, 0, K);
        // Load, add, store: x86-64 makes it one memory-destination add,
        // which a signal handler on the same thread cannot split.
        LoadInst *Old = IRB.CreateAlignedLoad(I64, Slot, Align(8));
        IRB.CreateAlignedStore(IRB.CreateAdd(Old, IRB.getInt64(Pending[K])),
                               Slot, Align(8));
        Pending[K] = 0;
      }
      Any = false;
      Loc = DebugLoc();
    }
  }
}

/// The options \p F is instrumented with: those it recorded when it was
/// compiled for link-time instrumentation, else the pass's own.  Returns
/// false if \p F is not to be instrumented at this stage.
bool PtrHookInstrumenter::optionsFor(Function &F, PtrHookOptions &FOpts) {
  FOpts = Opts;
  Attribute Pending = F.getFnAttribute(PTRHOOK_PENDING_ATTR);
  if (!Pending.isValid())
    return Opts.When == PtrHookOptions::Stage::Now;
  Error E = FOpts.applyPipelineParams(Pending.getValueAsString());
  if (!E)
    E = FOpts.validate();
  if (E) {
    Ctx.emitError("ptrhook: function '" + F.getName() + "' carries bad " +
                  PTRHOOK_PENDING_ATTR + " options: " + toString(std::move(E)));
    return false;
  }
  return true;
}

bool PtrHookInstrumenter::instrumentFunction(Function &F) {
  if (!F.isDeclaration())
    ++DefinedFunctions;
  if (isExcluded(F))
    return false;

  // Link-time instrumentation, compile step: record the options in the
  // function, and leave the body for the linker.
  if (Opts.When == PtrHookOptions::Stage::Defer) {
    if (!F.hasFnAttribute(PTRHOOK_PENDING_ATTR))
      F.addFnAttr(PTRHOOK_PENDING_ATTR, Opts.toParams());
    return true;
  }

  PtrHookOptions FOpts;
  if (!optionsFor(F, FOpts))
    return false;

  SmallVector<Instruction *, 64> Ptrs;
  for (Instruction &I : instructions(F))
    if (isReportable(I, FOpts))
      Ptrs.push_back(&I);

  // inline=count: the entry check first (it splits the entry block), so
  // that the static allocas' counts go after it.
  BasicBlock *EntryCont = nullptr;
  if (FOpts.InlineCount && !Ptrs.empty()) {
    if (!declareInline())
      return false;
    EntryCont = prepareInlineEntry(F);
  }

  // Insertion points first: this may split invoke edges, which must happen
  // before funclet colours are computed.
  SmallVector<Site, 64> Sites;
  for (Instruction *I : Ptrs) {
    BasicBlock::iterator IP;
    if (EntryCont && I->getParent() == &F.getEntryBlock()) {
      // Only static allocas are left in the entry block.
      Sites.push_back({I, EntryCont->getFirstInsertionPt(),
                       classifyPointerInstruction(*I)});
      continue;
    }
    if (findInsertionPoint(*I, IP))
      Sites.push_back({I, IP, classifyPointerInstruction(*I)});
  }
  // inline=count makes no calls (and placed the allocas' counts already).
  if (F.hasOptNone() && !FOpts.InlineCount)
    sinkPrologueSites(F, Sites);
  bool SiteABI = FOpts.ABI == PtrHookOptions::HookABI::Site;
  if (FOpts.ElideConstGEPs && SiteABI) {
    elideConstGEPs(Sites);
    for (Site &S : Sites)
      S.Checked = S.elided() && FOpts.ElideCheck;
  }
  FunctionCallee *Callee = nullptr;
  if (!Sites.empty() && !FOpts.InlineCount && !(Callee = hookFor(FOpts)))
    return false;
  GlobalVariable *Table = nullptr;
  if (!Sites.empty() && (FOpts.Sites || SiteABI))
    Table = emitSiteTable(F, Sites);

  DenseMap<BasicBlock *, ColorVector> Colors;
  bool Funclets =
      F.hasPersonalityFn() &&
      isFuncletEHPersonality(classifyEHPersonality(F.getPersonalityFn()));
  if (Funclets && !Sites.empty())
    Colors = colorEHFunclets(F);

  BitVector Crossed;
  if (!Sites.empty() && mayPreserve(F, FOpts))
    findCrossings(F, Sites, DL, Crossed);
  auto *I32 = Type::getInt32Ty(Ctx);
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx) {
    Constant *Desc = nullptr;
    if (SiteABI)
      Desc = ConstantExpr::getPointerCast(
          ConstantExpr::getInBoundsGetElementPtr(
              Table->getValueType(), Table,
              ArrayRef<Constant *>{ConstantInt::get(I32, 0),
                                   ConstantInt::get(I32, Idx)}),
          BytePtrTy);
    if (FOpts.InlineCount || (Sites[Idx].elided() && !FOpts.ElideCheck))
      continue;
    FunctionCallee Target = *Callee;
    if (!Crossed.empty() && Crossed[Idx])
      if (Function *Preserving = preservingHook(F, *Callee))
        Target = Preserving;
    injectHook(*Sites[Idx].Ptr, Sites[Idx].InsertPt, Target, Desc,
               Funclets ? &Colors : nullptr);
  }

  if (FOpts.InlineCount && !Sites.empty()) {
    emitInlineCounts(F, Sites);
    InlineCounted.push_back(&F);
  }

  ++InstrumentedFunctions;
  for (const Site &S : Sites)
    ++SitesPerKind[__builtin_ctz(S.Kind)];

  // Mark the function even when it had nothing to report: it went through
  // ptrhook, and a second run must leave it alone.
  F.removeFnAttr(PTRHOOK_PENDING_ATTR);
  F.addFnAttr(PTRHOOK_FUNCTION_ATTR);
  if (!Sites.empty())
    Instrumented.insert(&F);
  return true;
}

/// Remove the function attributes that hook calls make false.  A function
/// that calls the hook, directly or through anything it calls, no longer
/// reads no memory, is no longer nosync/nofree, and cannot be speculated;
/// keeping such attributes lets LICM/GVN move or merge the calls (and, with
/// an inlined hook under LTO, keep the hook's state in registers across
/// them).  Functions that cannot reach the hook keep their attributes, and
/// so do the calls to them.
void PtrHookInstrumenter::stripInvalidatedAttributes() {
  // Which functions may reach the hook: the instrumented ones, every
  // declaration (it may be instrumented in another module), anything with an
  // indirect call, and, to a fixed point, their callers in this module.
  SmallPtrSet<const Function *, 32> Reaching;
  for (const Function &F : M) {
    if (F.isIntrinsic() || isHookName(F.getName()))
      continue;
    if (F.isDeclaration() || Instrumented.count(&F))
      Reaching.insert(&F);
  }
  auto CallsReaching = [&](const Function &F) {
    for (const Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        const Function *Callee = CB->getCalledFunction();
        if (Callee ? Reaching.count(Callee) != 0 : !CB->isInlineAsm())
          return true;
      }
    return false;
  };
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const Function &F : M)
      if (!F.isDeclaration() && !Reaching.count(&F) && CallsReaching(F))
        Grew = Reaching.insert(&F).second || Grew;
  }

  AttributeMask Invalidated = compat::hookInvalidatedFnAttrs();
  for (Function &F : M) {
    if (Reaching.count(&F))
      F.removeFnAttrs(Invalidated);
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        const Function *Callee = CB->getCalledFunction();
        if (Callee ? Reaching.count(Callee) != 0 : !CB->isInlineAsm())
          CB->removeFnAttrs(Invalidated);
      }
  }
}

bool PtrHookInstrumenter::instrumentModule() {
  using Stage = PtrHookOptions::Stage;
  // Inside the linker, a module without pending functions (compiled without
  // ptrhook, or instrumented at compile time) is not ours: leave it as is,
  // without even a hook declaration.
  if (Opts.When == Stage::Link &&
      llvm::none_of(M, [](const Function &F) {
        return F.hasFnAttribute(PTRHOOK_PENDING_ATTR);
      }))
    return false;

  collectOptOuts();
  if (!loadSelection())
    return false;
  initializeTypes();
  bool Changed = false;
  for (Function &F : M)
    Changed |= instrumentFunction(F);
  definePreservingHook();
  // Compile step of link-time instrumentation: only marks were added.
  if (Opts.When == Stage::Defer)
    return Changed;

  stripInvalidatedAttributes();
  emitSiteRegistration();
  emitProvenance();

  if (!M.getModuleFlag(PTRHOOK_MODULE_FLAG)) {
    M.addModuleFlag(Module::Max, PTRHOOK_MODULE_FLAG, 1);
    Changed = true;
  }
  return Changed;
}

namespace {
/// inline=count: keep the counters of a loop without calls in registers.
///
/// In such a loop nothing but the loop itself can read or write a counter
/// (the program's own accesses never alias them, and there is no callee
/// that could count), so each counter the loop updates is loaded once in
/// the preheader, carried in SSA values through the loop (SSAUpdater: each
/// block's load becomes the value live into it, each block's store the
/// value live out of it), and stored once in every exit block.  This is
/// LICM's scalar promotion, done directly: LICM itself (MemorySSA, alias
/// sets over every access of the loop) took 9 s on SQLite's amalgamation,
/// as long as the rest of its -O2 compile.
///
/// Only loops in simplified form whose every exit is a branch to an exit
/// block outside the loop; the outermost such loop of a nest.
class CounterPromoter {
public:
  explicit CounterPromoter(const GlobalVariable *Counters)
      : Counters(Counters) {}

  /// Promote the counters of the eligible loops of \p LI; true if any.
  bool run(LoopInfo &LI) {
    bool Changed = false;
    SmallVector<Loop *, 16> Work(LI.begin(), LI.end());
    while (!Work.empty()) {
      Loop *L = Work.pop_back_val();
      if (eligible(*L))
        Changed |= promote(*L);
      else
        Work.append(L->begin(), L->end());
    }
    return Changed;
  }

private:
  bool isCounter(const Instruction &I) const {
    return (isa<LoadInst>(I) || isa<StoreInst>(I)) &&
           getLoadStorePointerOperand(&I)->stripInBoundsConstantOffsets() ==
               Counters;
  }

  bool eligible(const Loop &L) const {
    if (!L.getLoopPreheader() || !L.hasDedicatedExits())
      return false;
    bool Counts = false;
    for (const BasicBlock *BB : L.blocks()) {
      const Instruction *T = BB->getTerminator();
      if (!isa<BranchInst>(T) && !isa<SwitchInst>(T))
        return false; // ret, unreachable, indirectbr, callbr, EH ...
      for (const Instruction &I : *BB) {
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (mayCount(*CB))
            return false;
        Counts |= isCounter(I);
      }
    }
    return Counts;
  }

  bool promote(Loop &L) {
    // Each counter's loads and stores in the loop, by address.
    MapVector<Value *, SmallVector<Instruction *, 8>> Slots;
    for (BasicBlock *BB : L.blocks())
      for (Instruction &I : *BB)
        if (isCounter(I))
          Slots[getLoadStorePointerOperand(&I)].push_back(&I);
    BasicBlock *Preheader = L.getLoopPreheader();
    SmallVector<BasicBlock *, 4> Exits;
    L.getUniqueExitBlocks(Exits);
    for (auto &Slot : Slots) {
      Value *Ptr = Slot.first;
      auto *Ty = Type::getInt64Ty(Ptr->getContext());
      SSAUpdater SSA;
      SSA.Initialize(Ty, "ptrhook.count");
      IRBuilder<> IRB(Preheader->getTerminator());
      LoadInst *Init = IRB.CreateAlignedLoad(Ty, Ptr, Align(8), "ptrhook.count");
      Init->copyMetadata(*Slot.second.front());
      SSA.AddAvailableValue(Preheader, Init);
      // One store per block (emitInlineCounts writes each counter once per
      // call-free run, and a block without calls is one run).
      for (Instruction *I : Slot.second)
        if (auto *SI = dyn_cast<StoreInst>(I))
          SSA.AddAvailableValue(SI->getParent(), SI->getValueOperand());
      for (Instruction *I : Slot.second)
        if (auto *LI = dyn_cast<LoadInst>(I))
          LI->replaceAllUsesWith(SSA.GetValueInMiddleOfBlock(LI->getParent()));
      for (BasicBlock *Exit : Exits) {
        IRB.SetInsertPoint(Exit, Exit->getFirstInsertionPt());
        StoreInst *SI = IRB.CreateAlignedStore(
            SSA.GetValueInMiddleOfBlock(Exit), Ptr, Align(8));
        SI->copyMetadata(*Slot.second.back());
      }
      for (Instruction *I : Slot.second)
        I->eraseFromParent();
    }
    return !Slots.empty();
  }

  const GlobalVariable *Counters;
};
} // namespace

PreservedAnalyses PtrHookPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (!ConfigError.empty()) {
    M.getContext().emitError(ConfigError);
    return PreservedAnalyses::all();
  }
  PtrHookInstrumenter Worker(M, Opts);
  if (!Worker.instrumentModule())
    return PreservedAnalyses::all();

  // inline=count: in loops without calls, keep the counters in registers
  // and add them up once at the loop's exits (CounterPromoter).  That is
  // what makes a counted event cost about an add.  Not in optnone
  // functions (-O0), which no pass may change.
  if (!Worker.inlineCounted().empty()) {
    FunctionAnalysisManager &FAM =
        MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    CounterPromoter Promoter(Worker.inlineCounters());
    for (Function *F : Worker.inlineCounted()) {
      if (F->hasOptNone())
        continue;
      FAM.invalidate(*F, PreservedAnalyses::none());
      Promoter.run(FAM.getResult<LoopAnalysis>(*F));
    }
  }
  return PreservedAnalyses::none();
}

} // namespace ptrhook
