//===-- Plugin.cpp - register ptrhook with the new pass manager -----------===//
//
// Three ways in:
//   * the pipeline name `ptrhook` / `ptrhook<params>` (opt -passes=...);
//   * the OptimizerLast extension point, so that clang -fpass-plugin and
//     any default<On> pipeline instrument after the optimizer, before
//     codegen, at every optimization level;
//   * inside lld (--load-pass-plugin, LLVM 15+), the end of full LTO and the
//     ThinLTO backend's OptimizerLast, where only the functions compiled
//     with link-time are instrumented (PtrHookOptions::LinkStage).
// Each adds the ptrhook pass and, after it, the inline=count counter
// promotion (a no-op in modules that do not count inline).  All build their
// options the same way (Options.cpp).  A bad option becomes an error
// diagnostic that names it, issued when the pass runs (see
// PtrHookPass::withError); "unknown pass name" would hide what was wrong.
//
//===----------------------------------------------------------------------===//

#include "Compat.h"
#include "Host.h"
#include "InlineCount.h"
#include "PtrHook.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace llvm;
using namespace ptrhook;

#ifndef PTRHOOK_VERSION
#define PTRHOOK_VERSION "unknown"
#endif

static constexpr StringLiteral PassName = "ptrhook";
static constexpr StringLiteral PromotionPassName = "ptrhook-promote-counters";

/// Add the pass for \p Opts, or one that reports why they are invalid, and
/// the counter promotion after it.
static void addPasses(ModulePassManager &MPM, Expected<PtrHookOptions> Opts) {
  if (!Opts) {
    MPM.addPass(PtrHookPass::withError(toString(Opts.takeError())));
    return;
  }
  if (Error E = Opts->validate()) {
    MPM.addPass(PtrHookPass::withError(toString(std::move(E))));
    return;
  }
  MPM.addPass(PtrHookPass(*Opts));
  MPM.addPass(CounterPromotionPass());
}

/// `ptrhook` or `ptrhook<params>`, and `ptrhook-promote-counters`: add the
/// passes and return true; any other name is not ours.
static bool parsePipelineElement(StringRef Name, ModulePassManager &MPM,
                                 ArrayRef<PassBuilder::PipelineElement>) {
  if (Name == PromotionPassName) {
    MPM.addPass(CounterPromotionPass());
    return true;
  }
  if (!compat::startsWith(Name, PassName))
    return false;
  StringRef Rest = Name.drop_front(PassName.size());
  if (!Rest.empty() && (!Rest.consume_front("<") || !Rest.consume_back(">")))
    return false; // e.g. "ptrhookfoo": somebody else's pass
  Expected<PtrHookOptions> Opts = PtrHookOptions::fromCommandLine();
  if (Opts && !Rest.empty())
    if (Error E = Opts->applyPipelineParams(Rest))
      Opts = std::move(E);
  addPasses(MPM, std::move(Opts));
  return true;
}

/// The options for the link step: instrument what was compiled for it.
static Expected<PtrHookOptions> linkStageOptions() {
  Expected<PtrHookOptions> Opts = PtrHookOptions::fromCommandLine();
  if (Opts)
    Opts->LinkStage = true;
  return Opts;
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipelineElement);
  // After the optimizer: a compile (also an LTO pre-link compile), or the
  // ThinLTO backend inside the linker.
  compat::registerOptimizerLast(
      PB, [](ModulePassManager &MPM, compat::LTOPhase Phase) {
        bool InLinker = Phase == compat::LTOPhase::ThinLTOPostLink ||
                        (Phase == compat::LTOPhase::Unknown && hostIsLinker());
        addPasses(MPM, InLinker ? linkStageOptions()
                                : PtrHookOptions::fromCommandLine());
      });
  // The end of full LTO, inside the linker (LLVM 15+).
  compat::registerFullLTOLast(
      PB, [](ModulePassManager &MPM) { addPasses(MPM, linkStageOptions()); });
}

/// Loaded without being registered.  `clang -Xclang -load -Xclang
/// ptrhook.so` and `opt -load=ptrhook.so` only dlopen() the plugin: that
/// defines its -ptrhook-* flags, but no host calls llvmGetPassPluginInfo()
/// then, so no pass is registered and nothing is instrumented, without a
/// word.  The library's constructor arms a check that runs at exit, and
/// llvmGetPassPluginInfo() disarms it; a command line that names a pass
/// plugin at all (the wrapper's, CMake's and pkg-config's add
/// -fpass-plugin, lld is given --load-pass-plugin) is left alone, so that
/// a compile that stops before code generation (-fsyntax-only, an error)
/// says nothing.
static bool PluginInfoAsked = false;

/// Whether this process's command line names a pass plugin.
static bool commandLineNamesPassPlugin() {
  FILE *F = std::fopen("/proc/self/cmdline", "rb");
  if (!F)
    return true; // cannot tell: say nothing
  std::string Args;
  char Buf[4096];
  for (size_t N; (N = std::fread(Buf, 1, sizeof Buf, F)) > 0;)
    Args.append(Buf, N);
  std::fclose(F);
  return StringRef(Args).contains("pass-plugin");
}

static void warnIfNeverRegistered() {
  if (PluginInfoAsked || commandLineNamesPassPlugin())
    return;
  std::string Path = pluginPath();
  // stderr, not errs(): this runs from exit(), after LLVM's statics may be
  // gone.
  std::fprintf(stderr,
               "ptrhook: warning: %s was loaded (-Xclang -load, opt -load) "
               "but never registered as a pass plugin, so nothing was "
               "instrumented; load it with -fpass-plugin=%s (clang) or "
               "-load-pass-plugin=%s (opt)\n",
               Path.c_str(), Path.c_str(), Path.c_str());
}

__attribute__((constructor)) static void armRegistrationCheck() {
  if (hostMatchesPlugin())
    std::atexit(warnIfNeverRegistered);
}

/// The entry point opt, clang and lld look up after dlopen().  A plugin
/// built for another LLVM major would crash on the first API call (the
/// plugin API version alone does not tell 14 from 19), so refuse to load
/// with a message saying what to do; API version 0 makes the host reject
/// the plugin cleanly.
extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  PluginInfoAsked = true;
  if (!hostMatchesPlugin()) {
    unsigned Host = hostLLVMMajor();
    errs() << "ptrhook: error: this plugin was built for LLVM "
           << compat::LLVMMajor << " but is being loaded into LLVM " << Host
           << "; rebuild ptrhook with -DPTRHOOK_LLVM_DIR=/usr/lib/llvm-" << Host
           << "/lib/cmake/llvm (or use the ptrhook build made for LLVM " << Host
           << ")\n";
    return {0, "ptrhook", PTRHOOK_VERSION, nullptr};
  }
  return {LLVM_PLUGIN_API_VERSION, "ptrhook", PTRHOOK_VERSION,
          registerCallbacks};
}
