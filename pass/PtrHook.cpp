//===-- PtrHook.cpp - report every pointer a program creates --------------===//
//
// The driver of PtrHookPass.  instrumentModule and instrumentFunction read
// as the list of their phases, in the order they must run; each phase is
// the work of one file:
//
//   Selection.cpp    which functions, and which of their values, to report
//   Placement.cpp    where each report goes (and -O0 prologue sinking)
//   ElideGEPs.cpp    elide-const-geps: reports a reader can rebuild
//   HookCalls.cpp    hook declarations, and the ptrtoint + call sequence
//   Handlers.cpp     handlers=: per-kind handlers, their context, and the
//                    kinds only handlers see (store, alloc, free)
//   Trampoline.cpp   the -O0 preserve_most trampoline
//   InlineCount.cpp  inline=count: events counted in place, and the
//                    counter promotion pass
//   SiteTables.cpp   site descriptors, their registration, provenance
//   HookImport.cpp   hook=: the user's hook imported and inlined at the
//                    sites; hook-definition: compiling the hook file
//   ReentryGuard.cpp the per-thread guard around a hook this module
//                    defines, so that it never recurses into itself
//
// Functions are instrumented now, or (link-time) only marked with the
// options they are to be instrumented with inside the LTO link, where the
// pass runs again in its link stage and instruments just those.
//
//===----------------------------------------------------------------------===//

#include "PtrHook.h"
#include "Compat.h"
#include "ElideGEPs.h"
#include "Handlers.h"
#include "HookCalls.h"
#include "HookImport.h"
#include "Host.h"
#include "InlineCount.h"
#include "Placement.h"
#include "ReentryGuard.h"
#include "Selection.h"
#include "SiteTables.h"
#include "Trampoline.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/GlobalsModRef.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ptrhook {

namespace {

class Instrumenter {
public:
  Instrumenter(Module &M, const PtrHookOptions &Opts,
               ModuleAnalysisManager &MAM)
      : M(M), Opts(Opts), MAM(MAM), Select(M, Opts), Hooks(M), Tables(M),
        Preserving(M), Counter(M), Import(M) {}

  /// Instrument every eligible function of the module.  Returns true if the
  /// module changed.
  bool instrumentModule();

private:
  bool instrumentFunction(Function &F);
  std::string hookFile() const;
  bool optionsFor(Function &F, PtrHookOptions &FOpts);
  bool injectCalls(Function &F, const PtrHookOptions &FOpts,
                   ArrayRef<Site> Sites, GlobalVariable *Table,
                   const TargetLibraryInfo *TLI);
  void stripInvalidatedAttributes();

  Module &M;
  const PtrHookOptions &Opts;
  ModuleAnalysisManager &MAM;
  Selection Select;
  HookCalls Hooks;
  SiteTables Tables;
  Trampoline Preserving;
  InlineCounter Counter;
  HookImport Import;
  ModuleStats Stats;
  /// Functions that got at least one site in this run, in module order.
  SetVector<Function *> Instrumented;
  /// The entry points their code reaches (PTRHOOK_CALLS_*), for the
  /// runtime's ABI check.
  unsigned Calls = 0;
  /// hook=: the kinds whose handler the hook file defines, and whether it
  /// defines a hook too (if not, only those kinds are instrumented).
  unsigned FileHandlers = 0;
  bool FileHasHook = true;
};

} // namespace

/// The options \p F is instrumented with: those it recorded when it was
/// compiled for link-time instrumentation, else the pass's own.  Returns
/// false if \p F is not to be instrumented at this stage.
bool Instrumenter::optionsFor(Function &F, PtrHookOptions &FOpts) {
  FOpts = Opts;
  // hook=: the handlers the file defines are selected, and without a hook
  // in the file only their kinds are instrumented.
  auto ApplyHookFile = [&]() {
    FOpts.Handlers |= FileHandlers;
    if (!FileHasHook)
      FOpts.Kinds &= FOpts.Handlers;
  };
  Attribute Pending = F.getFnAttribute(PTRHOOK_PENDING_ATTR);
  if (!Pending.isValid()) {
    ApplyHookFile();
    return !Opts.LinkStage;
  }
  FOpts.LinkTime = false;
  Error E = FOpts.applyPipelineParams(Pending.getValueAsString());
  if (!E)
    E = FOpts.validate();
  if (E) {
    M.getContext().emitError("ptrhook: function '" + F.getName() +
                             "' carries bad " + PTRHOOK_PENDING_ATTR +
                             " options: " + toString(std::move(E)));
    return false;
  }
  ApplyHookFile();
  return true;
}

/// The entry point (a PTRHOOK_CALLS_* bit) that code instrumented with
/// \p O reaches: a hook of its ABI and convention (a hook= file's hook
/// too, which is called where it cannot be inlined, and the -O0
/// trampoline's plain hook), or none of the program's.
static unsigned entryPoint(const PtrHookOptions &O) {
  if (O.inlineCount())
    return PTRHOOK_CALLS_INLINE_COUNT;
  if (O.Inline == PtrHookOptions::InlineMode::Runtime)
    return PTRHOOK_CALLS_INLINE_RUNTIME;
  return PTRHOOK_CALLS_HOOK(O.siteABI() ? 1u : 0u, static_cast<unsigned>(O.CC));
}

/// The hook calls for \p Sites of \p F (each with its descriptor in
/// \p Table under the site ABI), except for elided sites.  False after a
/// diagnostic if the hook cannot be declared.
bool Instrumenter::injectCalls(Function &F, const PtrHookOptions &FOpts,
                               ArrayRef<Site> Sites, GlobalVariable *Table,
                               const TargetLibraryInfo *TLI) {
  // The hook is declared only if some site calls it.
  FunctionCallee *Hook = nullptr;
  if (llvm::any_of(Sites, [](const Site &S) { return !S.Handled; }) &&
      !(Hook = Hooks.hookFor(FOpts)))
    return false;
  // Inside a Windows EH funclet every call must name its funclet.
  DenseMap<BasicBlock *, ColorVector> Colors;
  bool Funclets =
      F.hasPersonalityFn() &&
      isFuncletEHPersonality(classifyEHPersonality(F.getPersonalityFn()));
  if (Funclets)
    Colors = colorEHFunclets(F);
  BitVector Crossed;
  if (Preserving.applies(F, FOpts))
    Crossed = Trampoline::crossings(F, Sites, M.getDataLayout());
  for (unsigned Idx = 0; Idx < Sites.size(); ++Idx) {
    const Site &S = Sites[Idx];
    if (S.elided() && !FOpts.ElideCheck)
      continue;
    if (S.Handled) {
      // Its kind's handler, with the context computed right here.
      FunctionCallee *Handler = Hooks.handlerFor(S.Kind);
      if (!Handler)
        return false;
      SmallVector<Value *, 1> Context =
          handlerContext(S, S.InsertPt, Hooks, *TLI);
      Hooks.inject(*S.Ptr, S.InsertPt, *Handler,
                   Tables.siteAddress(Table, Idx),
                   Funclets ? &Colors : nullptr, Context, S.Reported);
      continue;
    }
    FunctionCallee Target = *Hook;
    if (!Crossed.empty() && Crossed[Idx])
      if (Function *Trampoline = Preserving.get(F, *Hook))
        Target = Trampoline;
    Hooks.inject(*S.Ptr, S.InsertPt, Target,
                 FOpts.siteABI() ? Tables.siteAddress(Table, Idx) : nullptr,
                 Funclets ? &Colors : nullptr);
  }
  return true;
}

bool Instrumenter::instrumentFunction(Function &F) {
  if (!F.isDeclaration())
    ++Stats.Defined;
  if (Select.isExcluded(F))
    return false;

  // 1. Link-time instrumentation, compile step: record the options in the
  //    function, and leave the body for the linker.
  if (Opts.LinkTime && !Opts.LinkStage) {
    if (!F.hasFnAttribute(PTRHOOK_PENDING_ATTR))
      F.addFnAttr(PTRHOOK_PENDING_ATTR, Opts.toParams());
    return true;
  }
  PtrHookOptions FOpts;
  if (!optionsFor(F, FOpts))
    return false;

  // 2. The values to report, and with handlers= the events only handlers
  //    see (stores, allocations, frees).
  const TargetLibraryInfo *TLI = nullptr;
  if (FOpts.Handlers)
    TLI = &MAM.getResult<FunctionAnalysisManagerModuleProxy>(M)
               .getManager()
               .getResult<TargetLibraryAnalysis>(F);
  unsigned HandlerOnly = FOpts.Handlers & FOpts.Kinds & KindHandlerOnly;
  SmallVector<Instruction *, 64> Ptrs;
  SmallVector<unsigned, 64> Kinds;
  DenseMap<Instruction *, Value *> Reported;
  for (Instruction &I : instructions(F)) {
    unsigned Kind =
        Select.isReportable(I, FOpts) ? classifyPointerInstruction(I) : 0;
    if (HandlerOnly) {
      Value *R = nullptr;
      Kind = handlerKind(I, Kind, HandlerOnly, *TLI, R);
      if (R)
        Reported[&I] = R;
    }
    if (!Kind)
      continue;
    Ptrs.push_back(&I);
    Kinds.push_back(Kind);
  }

  // 3. inline=count: the entry check first (it splits the entry block), so
  //    that the static allocas' counts go after it.
  BasicBlock *AfterEntry = nullptr;
  if (FOpts.inlineCount() && !Ptrs.empty()) {
    if (!Counter.declare())
      return false;
    AfterEntry = Counter.prepareEntry(F);
  }

  // 4. Where each report goes.  This may split invoke edges, which must
  //    happen before funclet colours are computed (injectCalls).  Calls
  //    only: inline=count placed the allocas' counts already.
  SmallVector<Site, 64> Sites = placeSites(F, Ptrs, AfterEntry, Kinds);
  bool Handled = false;
  for (Site &S : Sites) {
    S.Reported = Reported.lookup(S.Ptr);
    S.Handled = (FOpts.Handlers & S.Kind) != 0;
    Handled |= S.Handled;
  }
  // The derived-from edges (Site::From).  Not yet in the descriptors.
  if (Handled)
    linkDerivations(Sites);
  if (F.hasOptNone() && !FOpts.inlineCount())
    sinkPrologueSites(F, Sites);

  // 5. elide-const-geps: which reports a reader can rebuild.
  if (FOpts.ElideConstGEPs && FOpts.siteABI()) {
    elideConstGEPs(Sites, M.getDataLayout(), Hooks.addrType()->getBitWidth());
    for (Site &S : Sites)
      S.Checked = S.elided() && FOpts.ElideCheck;
  }

  // 6. The descriptors, then the calls or the counts.
  if (!Sites.empty()) {
    GlobalVariable *Table = nullptr;
    if (FOpts.Sites || FOpts.siteABI() || Handled) {
      Table = Tables.emitTable(F, Sites);
      if (!Table)
        return false;
    }
    if (FOpts.inlineCount())
      Counter.emitCounts(F, Sites);
    else if (!injectCalls(F, FOpts, Sites, Table, TLI))
      return false;
    Instrumented.insert(&F);
    Calls |= entryPoint(FOpts);
  }

  // 7. The record.  The function is marked even when it had nothing to
  //    report: it went through ptrhook, and a second run must leave it
  //    alone.
  ++Stats.Instrumented;
  for (const Site &S : Sites)
    ++Stats.SitesPerKind[kindIndex(S.Kind)];
  F.removeFnAttr(PTRHOOK_PENDING_ATTR);
  F.addFnAttr(PTRHOOK_FUNCTION_ATTR);
  return true;
}

/// Remove the function attributes that hook calls make false.  A function
/// that calls the hook, directly or through anything it calls, no longer
/// reads no memory, is no longer nosync/nofree, and cannot be speculated;
/// keeping such attributes lets LICM/GVN move or merge the calls (and, with
/// an inlined hook under LTO, keep the hook's state in registers across
/// them).  Functions that cannot reach the hook keep their attributes, and
/// so do the calls to them.
void Instrumenter::stripInvalidatedAttributes() {
  // Which functions may reach the hook: the instrumented ones, every
  // declaration (it may be instrumented in another module), anything with an
  // indirect call, and, to a fixed point, their callers in this module.
  SmallPtrSet<const Function *, 32> Reaching;
  for (const Function &F : M) {
    if (F.isIntrinsic() || isHookName(F.getName()))
      continue;
    if (F.isDeclaration() || Instrumented.count(const_cast<Function *>(&F)))
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

/// The hook file whose hook \p O puts at the sites: hook=, or the
/// runtime's own hook definition (inline=runtime, next to the plugin).
/// "" for none.
static std::string hookFileOf(const PtrHookOptions &O) {
  if (O.Inline == PtrHookOptions::InlineMode::Runtime)
    return pluginDirectory() + "/" PTRHOOK_RUNTIME_HOOK_FILE;
  return O.Hook;
}

/// The hook file this run puts at the sites: the pass's own, else the one
/// the functions to instrument inside the linker recorded (a program has
/// one hook file).  "" for none.
std::string Instrumenter::hookFile() const {
  std::string Mine = hookFileOf(Opts);
  if (!Mine.empty() || !Opts.LinkStage)
    return Mine;
  for (const Function &F : M) {
    Attribute Pending = F.getFnAttribute(PTRHOOK_PENDING_ATTR);
    if (!Pending.isValid())
      continue;
    PtrHookOptions Recorded;
    if (!errorToBool(Recorded.applyPipelineParams(Pending.getValueAsString())))
      if (std::string File = hookFileOf(Recorded); !File.empty())
        return File;
  }
  return "";
}

/// A warning for each C++ function of \p M named like a hook
/// (`__injected_hook(unsigned long)`): instrumented code calls the C symbol
/// `__injected_hook`, so a hook without C linkage is never called and the
/// runtime's default receives the events.  At the function's source
/// location where debug info gives it (clang finds the declaration
/// without).
static void warnAboutCxxHooks(Module &M) {
  for (const Function &F : M) {
    if (F.isDeclaration() || !compat::startsWith(F.getName(), "_Z"))
      continue;
    std::string Demangled = demangle(F.getName().str());
    StringRef Name = StringRef(Demangled).split('(').first;
    if (!isHookName(Name))
      continue;
    DiagnosticLocation Loc;
    if (const DISubprogram *SP = F.getSubprogram())
      Loc = DiagnosticLocation(SP);
    M.getContext().diagnose(DiagnosticInfoUnsupported(
        F,
        "ptrhook: '" + Demangled + "' is a C++ function: it is never called, "
            "instrumented code calls the C symbol " + Name +
            ". Give it C linkage (extern \"C\", or PTRHOOK_EXTERN_C from "
            "ptrhook.h)",
        Loc, DS_Warning));
  }
}

bool Instrumenter::instrumentModule() {
  warnAboutCxxHooks(M);
  // A hook file is never instrumented: hook-definition prepares it for
  // import instead, and a module so prepared is left alone.
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  if (Opts.HookDefinition) {
    if (Opts.ReentryGuard)
      guardHooks(M, GuardPolicy::WhereNeeded, FAM);
    prepareHookDefinition(M);
    return true;
  }
  if (M.getModuleFlag(HookModuleFlag))
    return false;

  // Inside the linker, a module without pending functions (compiled without
  // ptrhook, or instrumented at compile time) is not ours: leave it as is,
  // without even a hook declaration.
  if (Opts.LinkStage && llvm::none_of(M, [](const Function &F) {
        return F.hasFnAttribute(PTRHOOK_PENDING_ATTR);
      }))
    return false;

  if (!Select.load())
    return false;
  // A hook this module defines gets its re-entry guard (at compile time:
  // inside the linker, the module went through the compile step already).
  bool Changed = false;
  if (!Opts.LinkStage && Opts.ReentryGuard)
    Changed |= guardHooks(M, GuardPolicy::Always, FAM);
  std::string Hook = hookFile();
  if (!Hook.empty() && !(Opts.LinkTime && !Opts.LinkStage)) {
    if (!Import.load(Hook))
      return false;
    FileHandlers = Import.handlerKinds();
    FileHasHook = Import.definesHook();
  }
  for (Function &F : M)
    Changed |= instrumentFunction(F);
  Preserving.define();
  // Compile step of link-time instrumentation: only marks were added.
  if (Opts.LinkTime && !Opts.LinkStage)
    return Changed;

  // Before the hook is inlined: its code must not be optimized against
  // attributes that its calls made false.
  stripInvalidatedAttributes();
  if (!Hook.empty())
    Import.inlineCalls(Instrumented.getArrayRef(), MAM);
  Tables.emitRegistration(Calls);
  Tables.emitProvenance(Opts, Stats);

  if (!M.getModuleFlag(PTRHOOK_MODULE_FLAG)) {
    M.addModuleFlag(Module::Max, PTRHOOK_MODULE_FLAG, 1);
    Changed = true;
  }
  return Changed;
}

PreservedAnalyses invalidatedByInstrumentation() {
  PreservedAnalyses PA = PreservedAnalyses::none();
  PA.abandon<GlobalsAA>();
  return PA;
}

PreservedAnalyses PtrHookPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (!ConfigError.empty()) {
    M.getContext().emitError(ConfigError);
    return PreservedAnalyses::all();
  }
  return Instrumenter(M, Opts, MAM).instrumentModule()
             ? invalidatedByInstrumentation()
             : PreservedAnalyses::all();
}

} // namespace ptrhook
