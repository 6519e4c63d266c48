//===-- Plugin.cpp - register ptrhook with the new pass manager -----------===//
//
// Two entry points:
//   * the pipeline name `ptrhook` / `ptrhook<params>` (opt -passes=...);
//   * the OptimizerLast extension point, so that clang -fpass-plugin and
//     any default<On> pipeline instrument after the optimizer, before
//     codegen, at every optimization level;
//   * inside lld (--load-pass-plugin, LLVM 15+), the end of full LTO and the
//     ThinLTO backend's OptimizerLast, where only the functions compiled
//     with -ptrhook-link-time are instrumented (see PtrHookOptions::Stage).
// Both build their options the same way (PtrHookOptions.cpp).  A bad option
// becomes an error diagnostic that names it, issued when the pass runs (see
// PtrHookPass::withError); "unknown pass name" would hide what was wrong.
//
//===----------------------------------------------------------------------===//

#include "Compat.h"
#include "PtrHook.h"


#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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
  if (Error E = Opts->validate())
    return PtrHookPass::withError(toString(std::move(E)));
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

/// True when the host process is a linker (lld loading the plugin through
/// --load-pass-plugin).  Needed where LLVM (< 20) does not tell an
/// OptimizerLast callback that it runs in the ThinLTO backend.
static bool hostIsLinker() {
  SmallString<256> Exe;
  if (sys::fs::real_path("/proc/self/exe", Exe))
    return false;
  StringRef Name = sys::path::filename(Exe);
  return Name == "ld" || Name.contains("lld") || compat::startsWith(Name, "ld.");
}

/// The pass for the link step: instrument what was compiled for it.
static PtrHookPass linkStagePass() {
  Expected<PtrHookOptions> Opts = PtrHookOptions::fromCommandLine();
  if (Opts)
    Opts->When = PtrHookOptions::Stage::Link;
  return makePass(std::move(Opts));
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipelineElement);
  // After the optimizer: a compile (also an LTO pre-link compile), or the
  // ThinLTO backend inside the linker.
  compat::registerOptimizerLast(
      PB, [](ModulePassManager &MPM, compat::LTOPhase Phase) {
        bool InLinker =
            Phase == compat::LTOPhase::ThinLTOPostLink ||
            (Phase == compat::LTOPhase::Unknown && hostIsLinker());
        MPM.addPass(InLinker ? linkStagePass()
                             : makePass(PtrHookOptions::fromCommandLine()));
      });
  // The end of full LTO, inside the linker (LLVM 15+).
  compat::registerFullLTOLast(PB, [](ModulePassManager &MPM) {
    MPM.addPass(linkStagePass());
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
