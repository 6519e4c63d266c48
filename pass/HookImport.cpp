//===-- HookImport.cpp - the user's hook, imported and inlined ------------===//
//
// See HookImport.h.
//
//===----------------------------------------------------------------------===//

#include "HookImport.h"
#include "Compat.h"
#include "PtrHook.h"
#include "Selection.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/GlobalsModRef.h"
#include "llvm/Analysis/ModuleSummaryAnalysis.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ProfileSummaryInfo.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Linker/IRMover.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Transforms/Scalar/DeadStoreElimination.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace ptrhook {

static constexpr const char *RemarkPass = "ptrhook";

/// The hooks, every ABI and calling convention (ptrhook_abi.h).
static const char *const HookNames[] = {
    PTRHOOK_HOOK_NAME,
    PTRHOOK_HOOK_SITE_NAME,
    PTRHOOK_HOOK_PRESERVE_MOST_NAME,
    PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME,
    PTRHOOK_HOOK_PRESERVE_ALL_NAME,
    PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME,
};

/// Whether local \p GV is promoted in a hook definition: functions (one
/// copy, in the hook object, instead of one per instrumented module) and
/// variables that may change (state must exist once).  Constants stay
/// local: an imported function that uses one gets a private copy.  So do
/// the locals that ThinLTO cannot rename either (in llvm.used, or in a
/// section of their own).
static bool promotedInHookDefinition(const GlobalValue &GV,
                                     const SmallPtrSetImpl<GlobalValue *> &Used) {
  if (!GV.hasLocalLinkage() || !GV.hasName() || GV.hasSection() ||
      Used.count(const_cast<GlobalValue *>(&GV)))
    return false;
  if (const auto *F = dyn_cast<Function>(&GV))
    return !F->isIntrinsic();
  if (const auto *V = dyn_cast<GlobalVariable>(&GV))
    return !V->isConstant() || V->isThreadLocal();
  return false;
}

void prepareHookDefinition(Module &M) {
  if (M.getModuleFlag(HookModuleFlag))
    return;
  SmallVector<GlobalValue *, 8> UsedList;
  collectUsedGlobalVariables(M, UsedList, /*CompilerUsed=*/false);
  collectUsedGlobalVariables(M, UsedList, /*CompilerUsed=*/true);
  SmallPtrSet<GlobalValue *, 8> Used(UsedList.begin(), UsedList.end());

  // ThinLTO renames a promoted local to "name.llvm.<module hash>".  The
  // hash here is of the file name and of what the file defines, so that
  // the same hook file always gets the same names (reproducible builds)
  // and another hook file other names.
  std::string Identity = M.getSourceFileName();
  for (const GlobalValue &GV : M.global_values())
    if (!GV.isDeclaration())
      Identity += "\n" + GV.getName().str();
  std::array<uint8_t, 20> Digest = SHA1::hash(arrayRefFromStringRef(Identity));
  ModuleHash Hash;
  for (unsigned I = 0; I < Hash.size(); ++I)
    Hash[I] = support::endian::read32be(Digest.data() + 4 * I);

  // A summary index in which the locals to promote are "exported", as the
  // thin link marks them, then ThinLTO's own renaming.
  ProfileSummaryInfo PSI(M);
  ModuleSummaryIndex Index = buildModuleSummaryIndex(M, nullptr, &PSI);
  StringRef ModulePath =
      compat::addModule(Index, M.getModuleIdentifier(), Hash);
  for (GlobalValue &GV : M.global_values()) {
    GlobalValueSummary *Summary =
        GV.hasName() && !GV.isDeclaration()
            ? Index.getGlobalValueSummary(GV, /*PerModuleIndex=*/true)
            : nullptr;
    if (!Summary)
      continue;
    Summary->setModulePath(ModulePath);
    if (promotedInHookDefinition(GV, Used))
      Summary->setLinkage(GlobalValue::ExternalLinkage);
  }
  compat::renameModuleForThinLTO(M, Index);
  M.addModuleFlag(Module::Max, HookModuleFlag, 1);
}

/// Emit an error diagnostic about the hook file \p Path.
static bool hookError(Module &M, StringRef Path, const Twine &Msg) {
  M.getContext().emitError("ptrhook: hook file '" + Path + "': " + Msg);
  return false;
}

bool HookImport::load(StringRef File) {
  Path = File.str();
  SMDiagnostic Diag;
  std::unique_ptr<Module> Src = parseIRFile(Path, Diag, M.getContext());
  if (!Src)
    return hookError(M, Path, Diag.getMessage());
  if (!Src->getModuleFlag(HookModuleFlag))
    return hookError(M, Path,
                     "not a hook definition (compile it with -mllvm "
                     "-ptrhook-hook-definition, as ptrhook-cc "
                     "-fptrhook-hook=FILE does)");
  // The vendor does not matter (x86_64-pc-linux-gnu is
  // x86_64-unknown-linux-gnu); the rest does.
  Triple SrcTriple = compat::targetTriple(*Src), Mine = compat::targetTriple(M);
  if (SrcTriple.getArch() != Mine.getArch() ||
      SrcTriple.getSubArch() != Mine.getSubArch() ||
      SrcTriple.getOS() != Mine.getOS() ||
      SrcTriple.getEnvironment() != Mine.getEnvironment())
    return hookError(M, Path,
                     "compiled for target '" + SrcTriple.str() +
                         "', this module for '" + Mine.str() + "'");
  if (Src->getDataLayout() != M.getDataLayout())
    return hookError(M, Path,
                     "its data layout differs from this module's (compiled "
                     "with other target options)");

  // Compatible: the mover need not warn that the vendors differ.
  Src->setTargetTriple(M.getTargetTriple());

  // The hooks, then the per-kind handlers.
  SmallVector<std::string, 16> Candidates(std::begin(HookNames),
                                          std::end(HookNames));
  for (unsigned K = 0; K < PTRHOOK_KIND_COUNT; ++K)
    Candidates.push_back((PTRHOOK_HANDLER_PREFIX + kindName(1u << K)).str());
  SmallVector<GlobalValue *, 2> Entries;
  for (const std::string &Name : Candidates) {
    Function *F = Src->getFunction(Name);
    if (!F || F->isDeclaration())
      continue;
    if (GlobalValue *Mine = M.getNamedValue(Name))
      if (!Mine->isDeclaration())
        return hookError(M, Path,
                         "defines '" + Name +
                             "', and so does this module: keep one");
    if (F->isInterposable()) {
      // A weak hook may be replaced at link time: its body is not the one
      // that runs.  Calls reach whichever definition the linker keeps.
      continue;
    }
    F->setLinkage(GlobalValue::AvailableExternallyLinkage);
    F->setComdat(nullptr);
    Entries.push_back(F);
    if (unsigned Kind = handlerKindOf(Name))
      HandlerKinds |= Kind;
    else
      HasHook = true;
  }
  if (Entries.empty())
    return hookError(M, Path,
                     "defines none of the hooks (" +
                         join(SmallVector<StringRef, 6>(std::begin(HookNames),
                                                        std::end(HookNames)),
                              ", ") +
                         ") nor a handler (" PTRHOOK_HANDLER_PREFIX
                         "<kind>) with a strong definition; a C++ hook "
                         "needs C linkage (extern \"C\")");

  // The hook file's thread-locals, reached from here as declarations.
  SmallVector<std::string, 4> ThreadLocals;
  for (GlobalVariable &G : Src->globals())
    if (G.isThreadLocal() && !G.isDeclaration())
      ThreadLocals.push_back(G.getName().str());

  // The mover consumes the source module: keep the names.
  SmallVector<std::string, 2> Names;
  for (GlobalValue *Entry : Entries)
    Names.push_back(Entry->getName().str());
  IRMover Mover(M);
  Error E = Mover.move(std::move(Src), Entries,
                       [](GlobalValue &, IRMover::ValueAdder) {},
                       /*IsPerformingImport=*/true);
  if (E)
    return hookError(M, Path, toString(std::move(E)));
  for (const std::string &Name : Names)
    if (Function *F = M.getFunction(Name))
      Hooks.push_back(F);
  // Code for a position-independent executable (-fPIE, clang's default on
  // most Linux distributions) reaches them as clang
  // reaches its own thread-locals, with the local-exec model: the hook
  // file's object is linked into the same executable (ptrhook-cc links it
  // into every link), so one %fs-relative access instead of initial-exec's
  // GOT load and access at every inlined site.  Code for a shared object
  // keeps the model the hook file gave them.
  if (M.getPIELevel() != PIELevel::Default)
    for (const std::string &Name : ThreadLocals)
      if (GlobalVariable *G = M.getGlobalVariable(Name, /*AllowInternal=*/true))
        if (G->isDeclaration() && G->isThreadLocal())
          G->setThreadLocalMode(GlobalValue::LocalExecTLSModel);
  return true;
}

bool HookImport::defines(StringRef Name) const {
  return llvm::any_of(Hooks,
                      [&](const Function *F) { return F->getName() == Name; });
}

/// Why \p Hook cannot be inlined, or "" if it can.
static std::string whyNotInlinable(Function &Hook) {
  if (Hook.hasFnAttribute(Attribute::NoInline))
    return "it is marked noinline";
  if (Hook.isVarArg())
    return "it is variadic";
  for (const Instruction &I : instructions(Hook))
    if (const auto *CB = dyn_cast<CallBase>(&I))
      if (CB->getCalledFunction() == &Hook)
        return "it calls itself";
  InlineResult Viable = isInlineViable(Hook);
  if (!Viable.isSuccess())
    return std::string("LLVM cannot inline it: ") + Viable.getFailureReason();
  if (Hook.getInstructionCount() > HookInlineLimit)
    return "it has " + std::to_string(Hook.getInstructionCount()) +
           " instructions, more than the " + std::to_string(HookInlineLimit) +
           " a hook may have to be inlined";
  return "";
}

/// What inlining leaves behind in \p F, removed: the address computation
/// of a hook that ignores it, loads and stores of the hook's state that an
/// earlier site's already did (EarlyCSE, DSE), branches on a site
/// descriptor's fields (constant after inlining), empty blocks.  optnone
/// functions (-O0) get only the dead instructions removed: no pass may
/// change them, and the inliner already pruned the hook's code on its
/// constant arguments as it cloned it.
static void cleanUp(Function &F, bool HookUsesMemory,
                    FunctionAnalysisManager &FAM) {
  if (F.hasOptNone()) {
    SmallVector<WeakTrackingVH, 16> Dead;
    for (Instruction &I : instructions(F))
      if (isInstructionTriviallyDead(&I))
        Dead.push_back(&I);
    RecursivelyDeleteTriviallyDeadInstructionsPermissive(Dead);
    return;
  }
  FunctionPassManager FPM;
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  // The hook's state in loops: loaded once before, stored once after
  // (LICM's scalar promotion), where nothing else in the loop may touch it.
  if (HookUsesMemory)
    FPM.addPass(createFunctionToLoopPassAdaptor(compat::makeLICM(),
                                                /*UseMemorySSA=*/true));
  FPM.addPass(DSEPass());
  FPM.addPass(SimplifyCFGPass());
  FAM.invalidate(F, PreservedAnalyses::none());
  FPM.run(F, FAM);
  FAM.invalidate(F, PreservedAnalyses::none());
}

/// Whether \p Hook reads or writes memory (its state): only then is there
/// state to keep in registers across a loop.
static bool accessesMemory(const Function &Hook) {
  return llvm::any_of(instructions(Hook), [](const Instruction &I) {
    return I.mayReadOrWriteMemory();
  });
}

/// "1 site", "2 sites".
static std::string sites(size_t N) {
  return utostr(N) + (N == 1 ? " site" : " sites");
}

void HookImport::inlineCalls(ArrayRef<Function *> Functions,
                             ModuleAnalysisManager &MAM) {
  // Nothing computed before instrumentation holds any more.  GlobalsAA
  // must be abandoned by name (it survives PreservedAnalyses::none()): it
  // still takes a function that now counts events for one that writes no
  // memory, and EarlyCSE kept the hook's state in a register across calls
  // of it (events lost in a recursive function at -O2).
  MAM.invalidate(M, invalidatedByInstrumentation());
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  SmallDenseMap<Function *, std::string, 2> Why;
  for (Function *Hook : Hooks)
    Why[Hook] = whyNotInlinable(*Hook);

  for (Function *F : Functions) {
    SmallVector<CallBase *, 32> Calls;
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Why.count(CB->getCalledFunction()))
          Calls.push_back(CB);
    if (Calls.empty())
      continue;
    OptimizationRemarkEmitter ORE(F);
    // Each entry point called (the hook, handlers) on its own, in the
    // order of their first call, with a remark each.  The calls are
    // grouped first: inlining erases them.
    SmallVector<Function *, 2> Callees;
    SmallDenseMap<Function *, unsigned, 2> Index;
    SmallVector<SmallVector<CallBase *, 32>, 2> ByCallee;
    for (CallBase *CB : Calls) {
      auto Ins = Index.try_emplace(CB->getCalledFunction(), Callees.size());
      if (Ins.second) {
        Callees.push_back(CB->getCalledFunction());
        ByCallee.emplace_back();
      }
      ByCallee[Ins.first->second].push_back(CB);
    }
    bool Changed = false, UsesMemory = false;
    for (unsigned C = 0; C < Callees.size(); ++C) {
      Function *Hook = Callees[C];
      ArrayRef<CallBase *> Mine = ByCallee[C];
      const std::string &Reason = Why[Hook];
      if (!Reason.empty()) {
        ORE.emit([&]() {
          return OptimizationRemarkMissed(RemarkPass, "HookNotInlined",
                                          Mine.front())
                 << "hook '" << Hook->getName() << "' from " << Path
                 << " not inlined at " << sites(Mine.size()) << " in '"
                 << F->getName() << "': " << Reason;
        });
        continue;
      }
      // Last call first: inlining splits the call's block, and moves what
      // follows the call into a block of its own; backwards, each split
      // moves only up to the previous site's split, not the rest of a long
      // block again (quadratic in the sites of a block otherwise).
      unsigned Inlined = 0;
      for (CallBase *CB : llvm::reverse(Mine)) {
        InlineFunctionInfo IFI;
        if (InlineFunction(*CB, IFI).isSuccess())
          ++Inlined;
      }
      Changed = true;
      UsesMemory |= accessesMemory(*Hook);
      ORE.emit([&]() {
        return OptimizationRemark(RemarkPass, "HookInlined", F)
               << "hook '" << Hook->getName() << "' from " << Path
               << " inlined at " << utostr(Inlined) << " of "
               << sites(Mine.size()) << " in '" << F->getName() << "'";
      });
    }
    if (!Changed)
      continue;
    // Inlined code keeps the hook's debug locations (inlined at the site);
    // a function without debug info must not hold any.
    if (!F->getSubprogram())
      stripDebugInfo(*F);
    cleanUp(*F, UsesMemory, FAM);
  }

  // The imported bodies served their purpose: what was not inlined calls
  // the hook object's definition.
  bool SharedObject = M.getPICLevel() != PICLevel::NotPIC &&
                      M.getPIELevel() == PIELevel::Default;
  for (Function *Hook : Hooks) {
    Hook->deleteBody();
    Hook->setLinkage(GlobalValue::ExternalLinkage);
    // A call that stays may reach another module's definition (the
    // runtime's, in a shared library's case): an ordinary symbol.
    Hook->setVisibility(GlobalValue::DefaultVisibility);
    if (SharedObject)
      Hook->setDSOLocal(false);
    if (Hook->use_empty())
      Hook->eraseFromParent();
  }
  Hooks.clear();
}

} // namespace ptrhook
