//===-- Selection.cpp - which functions and values the pass reports -------===//
//
// See Selection.h.  Where a value cannot be reported safely it is skipped,
// never forced: swifterror allocas, pointers in non-integral address
// spaces, coroutine and GC-statepoint intrinsics, llvm.invariant.start.
// (Placement.cpp skips the values that have no legal insertion point.)
//
//===----------------------------------------------------------------------===//

#include "Selection.h"
#include "Compat.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SpecialCaseList.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace llvm;

namespace ptrhook {

/// The section of the allow/ignore lists that ptrhook reads (entries
/// outside any section count too).
static constexpr StringLiteral ListSection = "ptrhook";

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

unsigned handlerKindOf(StringRef Name) {
  if (!Name.consume_front(PTRHOOK_HANDLER_PREFIX))
    return 0;
  for (unsigned K = 0; K < PTRHOOK_KIND_COUNT; ++K)
    if (Name == kindName(1u << K))
      return 1u << K;
  return 0;
}

bool isHookName(StringRef Name) {
  return handlerKindOf(Name) != 0 || Name == PTRHOOK_HOOK_NAME ||
         Name == PTRHOOK_HOOK_SITE_NAME ||
         Name == PTRHOOK_HOOK_PRESERVE_MOST_NAME ||
         Name == PTRHOOK_HOOK_SITE_PRESERVE_MOST_NAME ||
         Name == PTRHOOK_HOOK_PRESERVE_ALL_NAME ||
         Name == PTRHOOK_HOOK_SITE_PRESERVE_ALL_NAME;
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

Selection::Selection(Module &M, const PtrHookOptions &Opts)
    : M(M), Opts(Opts) {}

Selection::~Selection() = default;

void collectAnnotated(Module &M, StringRef Annotation,
                      SmallPtrSetImpl<const Function *> &Out) {
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
    if (Text && Text->isCString() && Text->getAsCString() == Annotation)
      Out.insert(F);
  }
}

/// Functions annotated PTRHOOK_NO_INSTRUMENT.
void Selection::collectOptOuts() {
  collectAnnotated(M, PTRHOOK_NO_INSTRUMENT_ANNOTATION, OptedOut);
}

bool Selection::load() {
  collectOptOuts();
  LLVMContext &Ctx = M.getContext();
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
  if (Allowlist && !Allowlist->inSection(ListSection, "src", Src))
    SourceSelected = false;
  if (Ignorelist && Ignorelist->inSection(ListSection, "src", Src))
    SourceSelected = false;
  return true;
}

bool Selection::isExcluded(const Function &F) const {
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
      (Allowlist && !Allowlist->inSection(ListSection, "fun", F.getName())) ||
      (Ignorelist && Ignorelist->inSection(ListSection, "fun", F.getName())))
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

bool Selection::isReportable(const Instruction &I,
                             const PtrHookOptions &FOpts) const {
  unsigned Kind = classifyPointerInstruction(I);
  if (!(Kind & FOpts.Kinds))
    return false;
  // ptrtoint has no meaning for non-integral pointers (GC references...).
  if (M.getDataLayout().isNonIntegralPointerType(I.getType()))
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

} // namespace ptrhook
