//===-- ReentryGuard.cpp - a hook never recurses into itself --------------===//
//
// See ReentryGuard.h.
//
// USAGE:
//   opt -load-pass-plugin=build/lib/ptrhook.so -passes=ptrhook hook.ll -S
//   (a module that defines __injected_hook: the hook gets the guard)
//
//===----------------------------------------------------------------------===//

#include "ReentryGuard.h"
#include "Compat.h"
#include "Placement.h"
#include "InlineCount.h"
#include "Selection.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace ptrhook {

namespace {

/// The hooks, in the order of PTRHOOK_HOOK_NAME_LIST: a hook's index is
/// how the guard names it to the runtime.
const char *const GuardedHookNames[] = {PTRHOOK_HOOK_NAME_LIST};
static_assert(sizeof(GuardedHookNames) / sizeof(GuardedHookNames[0]) ==
                  PTRHOOK_HOOK_COUNT,
              "PTRHOOK_HOOK_NAME_LIST and PTRHOOK_HOOK_COUNT disagree");

constexpr const char *RemarkPass = "ptrhook";

class Guard {
public:
  Guard(Module &M, GuardPolicy Policy, FunctionAnalysisManager &FAM)
      : M(M), Ctx(M.getContext()), Policy(Policy), FAM(FAM) {}

  bool run();

private:
  bool declare();
  const Function *callsOut(Function &Hook);
  bool wrap(Function &F, unsigned Index, bool Reentrant);
  Constant *personalityFor(Function &F);

  Module &M;
  LLVMContext &Ctx;
  GuardPolicy Policy;
  FunctionAnalysisManager &FAM;
  GlobalVariable *Depth = nullptr;
  FunctionCallee Drop, Limit;
};

} // namespace

/// Declare the runtime's guard symbols, once.  False after a diagnostic if
/// the module has them with other types.
bool Guard::declare() {
  if (Depth)
    return true;
  Type *I32 = Type::getInt32Ty(Ctx);
  if (GlobalValue *Existing = M.getNamedValue(PTRHOOK_HOOK_DEPTH_NAME)) {
    auto *GV = dyn_cast<GlobalVariable>(Existing);
    if (!GV || GV->getValueType() != I32 || !GV->isThreadLocal()) {
      Ctx.emitError("ptrhook: '" PTRHOOK_HOOK_DEPTH_NAME
                    "' is defined in this module but is not the runtime's "
                    "thread-local hook depth that the re-entry guard needs");
      return false;
    }
    Depth = GV;
  } else {
    // A hook file may be linked into an executable or a DSO:
    // initial-exec, whatever it was compiled as.
    Depth = new GlobalVariable(M, I32, /*isConstant=*/false,
                               GlobalValue::ExternalLinkage, nullptr,
                               PTRHOOK_HOOK_DEPTH_NAME, nullptr,
                               Policy == GuardPolicy::WhereNeeded
                                   ? GlobalValue::InitialExecTLSModel
                                   : runtimeTLSModel(M));
    Depth->setAlignment(Align(4));
  }
  AttributeList Attrs = AttributeList()
                            .addFnAttribute(Ctx, Attribute::NoUnwind)
                            .addFnAttribute(Ctx, Attribute::Cold);
  Drop = M.getOrInsertFunction(PTRHOOK_REENTRY_DROP_NAME, Attrs,
                               Type::getVoidTy(Ctx), I32);
  Limit = M.getOrInsertFunction(
      PTRHOOK_REENTRY_LIMIT_NAME,
      Attrs.addFnAttribute(Ctx, Attribute::NoReturn), Type::getVoidTy(Ctx),
      I32, I32);
  auto Typed = [&](FunctionCallee C, StringRef Name) {
    if (isa<Function>(C.getCallee()))
      return true;
    Ctx.emitError("ptrhook: '" + Name +
                  "' is declared in this module with another type than the "
                  "runtime's, which the re-entry guard calls");
    return false;
  };
  if (!Typed(Drop, PTRHOOK_REENTRY_DROP_NAME) ||
      !Typed(Limit, PTRHOOK_REENTRY_LIMIT_NAME)) {
    Depth = nullptr;
    return false;
  }
  return true;
}

/// The first function \p Hook calls, directly or through the module's own
/// functions, that may be instrumented (and so raise events inside the
/// hook), or null if there is none.  Safe are intrinsics, inline asm, the
/// runtime's functions, library functions TargetLibraryInfo recognises
/// (with the prototype it expects), and functions this module defines for
/// good (they are searched in turn; in a hook file nothing is
/// instrumented).  An indirect call may reach anything: the hook itself
/// stands for it.
const Function *Guard::callsOut(Function &Hook) {
  SmallVector<Function *, 8> Work{&Hook};
  SmallPtrSet<const Function *, 8> Seen{&Hook};
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(*F);
    for (Instruction &I : instructions(*F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || CB->isInlineAsm())
        continue;
      auto *Callee =
          dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
      if (!Callee)
        return &Hook;
      if (Callee->isIntrinsic() ||
          compat::startsWith(Callee->getName(), PTRHOOK_RUNTIME_PREFIX))
        continue;
      if (!Callee->isDeclaration() && !Callee->isInterposable()) {
        if (Seen.insert(Callee).second)
          Work.push_back(Callee);
        continue;
      }
      LibFunc LF;
      if (Callee->isDeclaration() && TLI.getLibFunc(*Callee, LF) &&
          TLI.has(LF))
        continue;
      return Callee;
    }
  }
  return nullptr;
}

/// The personality of the cleanup that clears the depth when \p F unwinds:
/// F's own, else the module's (C++: __gxx_personality_v0), else the C one,
/// which runs cleanups for any exception.
Constant *Guard::personalityFor(Function &F) {
  if (F.hasPersonalityFn())
    return F.getPersonalityFn();
  for (Function &Other : M)
    if (Other.hasPersonalityFn())
      return Other.getPersonalityFn();
  return cast<Constant>(
      M.getOrInsertFunction("__gcc_personality_v0",
                            FunctionType::get(Type::getInt32Ty(Ctx),
                                              /*isVarArg=*/true))
          .getCallee());
}

/// Put the guard (or, \p Reentrant, the depth limit) around the body of
/// hook \p F, the hook of index \p Index.  False, with a warning, if it
/// cannot be done.
bool Guard::wrap(Function &F, unsigned Index, bool Reentrant) {
  // What the body does on its ways out, collected before any block is
  // added: a return or a resume clears the depth; a call that may throw
  // becomes an invoke of the cleanup.  A musttail call must be followed by
  // its return: no store can go in between.
  SmallVector<ReturnInst *, 4> Rets;
  SmallVector<ResumeInst *, 2> Resumes;
  SmallVector<CallInst *, 8> Throwing;
  bool Unwinds = !F.doesNotThrow();
  if (Unwinds && F.hasPersonalityFn() &&
      isFuncletEHPersonality(classifyEHPersonality(F.getPersonalityFn())))
    Unwinds = false; // Windows EH: not supported, the depth stays on unwind
  for (Instruction &I : instructions(F)) {
    if (auto *R = dyn_cast<ReturnInst>(&I))
      Rets.push_back(R);
    else if (auto *R = dyn_cast<ResumeInst>(&I))
      Resumes.push_back(R);
    else if (auto *CI = dyn_cast<CallInst>(&I)) {
      if (CI->isMustTailCall()) {
        Ctx.diagnose(DiagnosticInfoUnsupported(
            F,
            "ptrhook: no re-entry guard: the hook ends in a musttail call, "
            "after which nothing can clear the guard",
            DiagnosticLocation(), DS_Warning));
        return false;
      }
      if (Unwinds && !CI->doesNotThrow() && !isa<IntrinsicInst>(CI) &&
          !CI->isInlineAsm())
        Throwing.push_back(CI);
    }
  }

  DebugLoc Loc;
  if (DISubprogram *SP = F.getSubprogram())
    Loc = DILocation::get(Ctx, 0, 0, SP);
  Type *I32 = Type::getInt32Ty(Ctx);

  // The entry check, after the static allocas (which must stay in the
  // entry block: elsewhere they would be dynamic stack allocations).
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock *Body = splitAfterStaticAllocas(F, "ptrhook.guarded");
  BasicBlock *Out = BasicBlock::Create(
      Ctx, Reentrant ? "ptrhook.limit" : "ptrhook.drop", &F, Body);
  Entry.getTerminator()->eraseFromParent();

  IRBuilder<> IRB(&Entry);
  IRB.SetCurrentDebugLocation(Loc);
  LoadInst *D = IRB.CreateLoad(I32, Depth, "ptrhook.depth");
  Value *Stop =
      Reentrant ? IRB.CreateICmpUGE(D, IRB.getInt32(PTRHOOK_REENTRY_LIMIT))
                : IRB.CreateICmpNE(D, IRB.getInt32(0));
  IRB.CreateCondBr(Stop, Out, Body,
                   MDBuilder(Ctx).createBranchWeights(1, 1u << 20));

  IRB.SetInsertPoint(Out);
  if (Reentrant) {
    CallInst *Call = IRB.CreateCall(Limit, {IRB.getInt32(Index), D});
    Call->setDoesNotThrow();
    Call->setDoesNotReturn();
    IRB.CreateUnreachable();
  } else {
    CallInst *Call = IRB.CreateCall(Drop, {IRB.getInt32(Index)});
    Call->setDoesNotThrow();
    Type *RetTy = F.getReturnType();
    if (RetTy->isVoidTy())
      IRB.CreateRetVoid();
    else
      IRB.CreateRet(Constant::getNullValue(RetTy));
  }

  IRB.SetInsertPoint(Body, Body->getFirstInsertionPt());
  IRB.CreateStore(Reentrant ? IRB.CreateAdd(D, IRB.getInt32(1))
                            : static_cast<Value *>(IRB.getInt32(1)),
                  Depth);
  Value *Restore = Reentrant ? static_cast<Value *>(D) : IRB.getInt32(0);
  auto RestoreBefore = [&](Instruction *I) {
    IRBuilder<> B(I);
    B.SetCurrentDebugLocation(I->getDebugLoc() ? I->getDebugLoc() : Loc);
    B.CreateStore(Restore, Depth);
  };
  for (ReturnInst *R : Rets)
    RestoreBefore(R);
  for (ResumeInst *R : Resumes)
    RestoreBefore(R);

  // Unwinding through the hook: a cleanup clears the depth, then the
  // exception goes on.
  if (!Throwing.empty()) {
    if (!F.hasPersonalityFn())
      F.setPersonalityFn(personalityFor(F));
    Type *PadTy = StructType::get(compat::bytePtrTy(Ctx), I32);
    for (Instruction &I : instructions(F))
      if (auto *LP = dyn_cast<LandingPadInst>(&I)) {
        PadTy = LP->getType(); // every pad of a function has one type
        break;
      }
    BasicBlock *Cleanup = BasicBlock::Create(Ctx, "ptrhook.unwind", &F);
    IRBuilder<> B(Cleanup);
    B.SetCurrentDebugLocation(Loc);
    LandingPadInst *LP = B.CreateLandingPad(PadTy, 0);
    LP->setCleanup(true);
    B.CreateStore(Restore, Depth);
    B.CreateResume(LP);
    for (CallInst *CI : Throwing)
      changeToInvokeAndSplitBasicBlock(CI, Cleanup);
  }

  // Facts the guard makes false: the hook now reads and writes the depth
  // and calls the runtime (which may not return, with a limit).
  AttributeMask Invalidated = compat::hookInvalidatedFnAttrs();
  if (Reentrant)
    Invalidated.addAttribute(Attribute::WillReturn);
  F.removeFnAttrs(Invalidated);
  for (User *U : F.users())
    if (auto *CB = dyn_cast<CallBase>(U))
      if (CB->getCalledOperand() == &F)
        CB->removeFnAttrs(Invalidated);
  F.addFnAttr(PTRHOOK_GUARDED_ATTR, Reentrant ? "reentrant" : "guard");
  return true;
}

bool Guard::run() {
  SmallPtrSet<const Function *, 2> Reentrant;
  collectAnnotated(M, PTRHOOK_REENTRANT_ANNOTATION, Reentrant);
  bool Changed = false;
  for (unsigned Index = 0; Index < PTRHOOK_HOOK_COUNT; ++Index) {
    Function *F = M.getFunction(GuardedHookNames[Index]);
    if (!F || F->isDeclaration() || F->hasAvailableExternallyLinkage() ||
        F->hasFnAttribute(PTRHOOK_GUARDED_ATTR))
      continue;
    OptimizationRemarkEmitter ORE(F);
    if (Policy == GuardPolicy::WhereNeeded) {
      const Function *Out = callsOut(*F);
      if (!Out) {
        ORE.emit([&]() {
          return OptimizationRemarkMissed(RemarkPass, "NoReentryGuard", F)
                 << "hook '" << F->getName()
                 << "' needs no re-entry guard: it calls nothing that may "
                    "be instrumented";
        });
        continue;
      }
      ORE.emit([&]() {
        return OptimizationRemark(RemarkPass, "ReentryGuard", F)
               << "hook '" << F->getName() << "' gets a re-entry guard: it "
               << (Out == F ? std::string("makes an indirect call")
                            : "calls '" + Out->getName().str() + "'")
               << ", which may be instrumented";
      });
    }
    if (!declare())
      return Changed;
    bool IsReentrant = Reentrant.count(F) != 0;
    if (wrap(*F, Index, IsReentrant)) {
      Changed = true;
      FAM.invalidate(*F, PreservedAnalyses::none());
    }
  }
  return Changed;
}

bool guardHooks(Module &M, GuardPolicy Policy, FunctionAnalysisManager &FAM) {
  return Guard(M, Policy, FAM).run();
}

} // namespace ptrhook
