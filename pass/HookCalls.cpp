//===-- HookCalls.cpp - declaring the hooks and calling them --------------===//
//
// See HookCalls.h.
//
//===----------------------------------------------------------------------===//

#include "HookCalls.h"
#include "Compat.h"
#include "Placement.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace ptrhook {

HookCalls::HookCalls(Module &M)
    : M(M), Ctx(M.getContext()), DL(M.getDataLayout()),
      HookArgTy(DL.getIntPtrType(Ctx, /*AddressSpace=*/0)) {}

/// Declare (or find) the hook \p Name of type \p Ty and calling convention
/// \p CC.  Fails with a diagnostic if the module already has the symbol
/// with another type or convention: calling it would break the hook ABI.
bool HookCalls::declare(StringRef Name, FunctionType *Ty, CallingConv::ID CC,
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
    if (F && Compatible(F->getFunctionType()) && F->getCallingConv() != CC) {
      Ctx.emitError("ptrhook: '" + Name + "' is declared with " +
                    CCName(F->getCallingConv()) +
                    " in this module, but the "
                    "hook calls use " +
                    CCName(CC) +
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
      Ctx.emitError("ptrhook: '" + Name + "' is declared as '" + FoundOS.str() +
                    "' in this module, but the hook ABI is '" + WantOS.str() +
                    "'");
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
  // indirect `call *%reg`, several times slower.
  if (CC != CallingConv::C && M.getPICLevel() != PICLevel::NotPIC &&
      M.getPIELevel() == PIELevel::Default)
    Attrs = Attrs.addFnAttribute(Ctx, Attribute::NonLazyBind);
  Out = M.getOrInsertFunction(Name, Ty, Attrs);
  if (auto *F = dyn_cast<Function>(Out.getCallee()))
    F->setCallingConv(CC);
  return true;
}

/// The hook of \p FOpts' ABI and calling convention, declared on first use
/// (functions may carry their own recorded options, see optionsFor).  Null
/// after a diagnostic when the module declares the symbol with another
/// type or convention, or the target has no such convention.
FunctionCallee *HookCalls::hookFor(const PtrHookOptions &FOpts) {
  using HookCC = PtrHookOptions::HookCC;
  bool Site = FOpts.siteABI();
  unsigned CCIdx = static_cast<unsigned>(FOpts.CC);
  FunctionCallee &Callee = Hooks[Site][CCIdx];
  if (Callee)
    return &Callee;
  if (Broken[Site][CCIdx]) // reported once already
    return nullptr;
  Broken[Site][CCIdx] = true; // until declared below

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
  Type *BytePtrTy = compat::bytePtrTy(Ctx);
  FunctionType *Ty =
      Site ? FunctionType::get(Void, {HookArgTy, BytePtrTy}, false)
           : FunctionType::get(Void, {HookArgTy}, false);
  if (!declare(Names[Site][CCIdx], Ty, CC, Callee))
    return nullptr;
  Broken[Site][CCIdx] = false;
  return &Callee;
}

Type *HookCalls::contextType(unsigned KindBit) const {
  switch (KindBit) {
  case KindAlloca:
  case KindAlloc:
    return Type::getInt64Ty(Ctx);
  case KindOther:
  case KindFree:
    return nullptr;
  default:
    return HookArgTy;
  }
}

FunctionCallee *HookCalls::handlerFor(unsigned KindBit) {
  unsigned K = kindIndex(KindBit);
  FunctionCallee &Callee = Handlers[K];
  if (Callee)
    return &Callee;
  if (HandlerBroken[K]) // reported once already
    return nullptr;
  SmallVector<Type *, 3> Params{HookArgTy};
  if (Type *CtxTy = contextType(KindBit))
    Params.push_back(CtxTy);
  Params.push_back(compat::bytePtrTy(Ctx));
  FunctionType *Ty = FunctionType::get(Type::getVoidTy(Ctx), Params, false);
  std::string Name = (PTRHOOK_HANDLER_PREFIX + kindName(KindBit)).str();
  if (!declare(Name, Ty, CallingConv::C, Callee)) {
    HandlerBroken[K] = true;
    return nullptr;
  }
  return &Callee;
}

/// Insert `ptrtoint` + hook call for \p Ptr before \p IP.
void HookCalls::inject(Instruction &Ptr, BasicBlock::iterator IP,
                       FunctionCallee Callee, Constant *SiteDesc,
                       const DenseMap<BasicBlock *, ColorVector> *Colors,
                       ArrayRef<Value *> Context, Value *Reported) {
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
  if (Reported) {
    // A handler-only kind (store, free): the pointer operand it reports.
    Addr = IRB.CreatePtrToInt(Reported, DL.getIntPtrType(Reported->getType()));
  } else if (IP != std::next(Ptr.getIterator()) && !isa<AllocaInst>(Ptr))
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

  SmallVector<Value *, 3> Args{Addr};
  Args.append(Context.begin(), Context.end());
  if (SiteDesc)
    Args.push_back(IRB.CreatePointerCast(
        SiteDesc, Callee.getFunctionType()->getParamType(Args.size())));
  CallInst *Call = IRB.CreateCall(Callee, Args, Bundles);
  Call->setDoesNotThrow();
  if (auto *F = dyn_cast<Function>(Callee.getCallee())) {
    Call->setCallingConv(F->getCallingConv());
    if (F->hasParamAttribute(0, Attribute::SwiftSelf)) // preservingHook
      Call->addParamAttr(0, Attribute::SwiftSelf);
  }
}

} // namespace ptrhook
