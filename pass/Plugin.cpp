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


#include "llvm/Support/raw_ostream.h"

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
  compat::registerOptimizerLast(PB, [](ModulePassManager &MPM,
                                       compat::LTOPhase) {
    MPM.addPass(makePass(PtrHookOptions::fromCommandLine()));
  });
}

/// The entry point opt, clang and lld look up after dlopen().  A plugin
/// built for another LLVM major would crash on the first API call (the
/// plugin API version alone does not tell 14 from 19), so refuse to load
/// with a message saying what to do; API version 0 makes the host reject
/// the plugin cleanly.
extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  unsigned Host = hostLLVMMajor();
  if (Host != 0 && Host != compat::LLVMMajor) {
    errs() << "ptrhook: error: this plugin was built for LLVM "
           << compat::LLVMMajor << " but is being loaded into LLVM " << Host
           << "; rebuild ptrhook with -DPTRHOOK_LLVM_DIR=/usr/lib/llvm-"
           << Host << "/lib/cmake/llvm (or use the ptrhook build made for LLVM "
           << Host << ")\n";
    return {0, "ptrhook", PTRHOOK_VERSION, nullptr};
  }
  return {LLVM_PLUGIN_API_VERSION, "ptrhook", PTRHOOK_VERSION,
          registerCallbacks};
}
