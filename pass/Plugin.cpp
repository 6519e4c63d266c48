//===-- Plugin.cpp - register ptrhook with the new pass manager -----------===//
//
// Two entry points:
//   * the pipeline name `ptrhook` / `ptrhook<params>` (opt -passes=...);
//   * the OptimizerLast extension point, so that clang -fpass-plugin and
//     any default<On> pipeline instrument after the optimizer, before
//     codegen, at every optimization level.
// Both build their options the same way (PtrHookOptions.cpp).  A bad option
// becomes an error diagnostic that names it, issued when the pass runs (see
// PtrHookPass::withError); "unknown pass name" would hide what was wrong.
//
//===----------------------------------------------------------------------===//

#include "Compat.h"
#include "PtrHook.h"


using namespace llvm;
using namespace ptrhook;

#ifndef PTRHOOK_VERSION
#define PTRHOOK_VERSION "unknown"
#endif

static constexpr StringLiteral PassName = "ptrhook";

/// The pass for \p Opts, or one that reports why they are invalid.
static PtrHookPass makePass(Expected<PtrHookOptions> Opts) {
  if (!Opts)
    return PtrHookPass::withError(toString(Opts.takeError()));
  return PtrHookPass(*Opts);
}

/// `ptrhook` or `ptrhook<params>`: add the pass and return true; any other
/// name is not ours.
static bool parsePipelineElement(StringRef Name, ModulePassManager &MPM,
                                 ArrayRef<PassBuilder::PipelineElement>) {
  if (!compat::startsWith(Name, PassName))
    return false;
  StringRef Rest = Name.drop_front(PassName.size());
  if (!Rest.empty() && (!Rest.consume_front("<") || !Rest.consume_back(">")))
    return false; // e.g. "ptrhookfoo": somebody else's pass
  Expected<PtrHookOptions> Opts = PtrHookOptions::fromCommandLine();
  if (Opts && !Rest.empty())
    if (Error E = Opts->applyPipelineParams(Rest))
      Opts = std::move(E);
  MPM.addPass(makePass(std::move(Opts)));
  return true;
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipelineElement);
  compat::registerOptimizerLast(PB, [](ModulePassManager &MPM) {
    MPM.addPass(makePass(PtrHookOptions::fromCommandLine()));
  });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "ptrhook", PTRHOOK_VERSION,
          registerCallbacks};
}
