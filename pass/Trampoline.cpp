//===-- Trampoline.cpp - the -O0 preserve_most trampoline -----------------===//
//
// See Trampoline.h.
//
//===----------------------------------------------------------------------===//

#include "Trampoline.h"
#include "Compat.h"
#include "Placement.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ptrhook {

/// Why: at -O0 the fast register allocator gives every value live across a
/// call a stack slot of its own and never reuses slots, and -O0 code keeps
/// values live across hooks everywhere: a call's arguments are loaded one by
/// one, and each pointer among them is reported before the call.  Deep
/// recursion in such code (jq's jv_setpath) overflowed the stack.  Across a
/// preserve_most call every general register but r11 survives, and with the
/// address in r13 (swiftself) instead of rdi the argument registers of the
/// call being set up stay untouched.  The hook keeps its plain C ABI.  The
/// trampoline costs one more call and the saves of its callee-saved
/// registers per event: only the hook calls that have another value live
/// across them take it (crossings), and a pointer-chasing loop runs as fast
/// as with direct calls.  Only for the plain ABI on x86-64 ELF, where this
/// was measured; optimized code (greedy allocator, slot colouring) calls the
/// hook directly.
bool Trampoline::applies(const Function &F, const PtrHookOptions &FOpts) const {
  // With hook= the hook is inlined: no call to keep values across.
  if (!F.hasOptNone() || FOpts.siteABI() || !FOpts.Hook.empty() ||
      FOpts.CC != PtrHookOptions::HookCC::C || FOpts.inlineCount())
    return false;
  Triple T(compat::targetTriple(M));
  return T.getArch() == Triple::x86_64 && T.isOSBinFormatELF() &&
         M.getDataLayout().getPointerSizeInBits(0) == 64;
}

/// `__ptrhook_hook_preserve_most`: preserve_most, the address in the
/// swiftself register, calls \p Hook (__injected_hook).
Function *Trampoline::get(const Function &F, FunctionCallee Hook) {
  this->Hook = Hook;
  if (Fn)
    return Fn;
  static constexpr StringLiteral Name =
      PTRHOOK_RUNTIME_PREFIX "hook_preserve_most";
  FunctionType *Ty = Hook.getFunctionType();
  if (Function *Existing = M.getFunction(Name)) {
    // From an earlier run over a module linked with this one.
    if (Existing->getFunctionType() != Ty ||
        Existing->getCallingConv() != CallingConv::PreserveMost ||
        !Existing->hasParamAttribute(0, Attribute::SwiftSelf))
      return nullptr;
    return Fn = Existing;
  }
  // Declared here, defined by defineFn() after the functions
  // have been instrumented, so that the loop over them skips it.
  Fn = Function::Create(Ty, GlobalValue::ExternalLinkage, Name, M);
  Fn->setCallingConv(CallingConv::PreserveMost);
  Fn->addParamAttr(0, Attribute::SwiftSelf);
  // Unwind tables and frame pointer like the code that calls it, for
  // debuggers and profilers walking the stack through a hook.
  if (F.hasFnAttribute(Attribute::UWTable))
    Fn->addFnAttr(F.getFnAttribute(Attribute::UWTable));
  if (F.hasFnAttribute("frame-pointer"))
    Fn->addFnAttr(F.getFnAttribute("frame-pointer"));
  return Fn;
}

/// Which of \p Sites (those of an optnone function) have a value other than
/// the one they report live across their hook call, in a register the fast
/// register allocator would otherwise spill to a slot of its own: defined
/// earlier in the block (or an argument, in the entry block) and used later
/// in it, or reported by a later hook call at the same point.  Values live
/// out of their block have a slot anyway, and static allocas are frame
/// addresses.
BitVector Trampoline::crossings(Function &F, ArrayRef<Site> Sites,
                                const DataLayout &DL) {
  BitVector Crossed(Sites.size());
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
        if (!Later.getType()->isPointerTy() || // a store or free (handlers)
            (!isa<AllocaInst>(Later) && !frameBase(Later, DL, Offset)))
          ++Count;
      }
      Crossed[Here[K]] = Count > 0;
    }
  }
  return Crossed;
}

/// The body of the preserve_most trampoline: one copy per link unit (a
/// hidden linkonce_odr in its own comdat), never inlined.
void Trampoline::define() {
  if (!Fn || !Fn->isDeclaration())
    return;
  Function *F = Fn;
  LLVMContext &Ctx = M.getContext();
  F->setLinkage(GlobalValue::LinkOnceODRLinkage);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->setComdat(M.getOrInsertComdat(F->getName()));
  F->addFnAttr(Attribute::NoUnwind);
  F->addFnAttr(Attribute::NoInline);
  IRBuilder<> IRB(BasicBlock::Create(Ctx, "", F));
  IRB.CreateCall(Hook, {F->getArg(0)})->setDoesNotThrow();
  IRB.CreateRetVoid();
}

} // namespace ptrhook
