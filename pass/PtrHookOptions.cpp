//===-- PtrHookOptions.cpp - the one place options are filled in ----------===//
//
// Two sources configure the pass, and both land in PtrHookOptions here:
//   * `-ptrhook-*` command-line flags (opt, or clang via -mllvm), applied to
//     the defaults when the pass is added at the OptimizerLast extension
//     point or by name;
//   * `ptrhook<...>` pipeline parameters, applied on top of those.
//
//===----------------------------------------------------------------------===//

#include "PtrHook.h"
#include "Compat.h"

#include "ptrhook_abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"

#include <link.h>

using namespace llvm;

namespace ptrhook {

namespace {
/// The `-ptrhook-*` flags.  They are created by loadCommandLineFlags() below
/// rather than as plain globals: a cl::opt registers itself in the host's
/// option table when constructed, and doing that in an LLVM of another major
/// (before llvmGetPassPluginInfo can refuse the plugin) crashes the host.
struct CommandLineFlags {
  cl::opt<std::string> Kinds{
      "ptrhook-kinds",
      cl::desc("Pointer kinds to instrument, separated by '|' or ',': "
               "alloca, gep, load, call, cast, phi, select, other, all "
               "(default: all)"),
      cl::Hidden};
  cl::opt<bool> SkipNoop{
      "ptrhook-skip-noop",
      cl::desc("Skip pointer bitcasts and all-zero-index getelementptrs, "
               "which cannot change an address (default: true)"),
      cl::Hidden, cl::init(true)};
  cl::opt<bool> SkipAccessGEPs{
      "ptrhook-skip-access-geps",
      cl::desc("Skip getelementptrs whose every use is the address of a "
               "load or store in their own block (default: false)"),
      cl::Hidden, cl::init(false)};
  cl::opt<bool> ElideConstGEPs{
      "ptrhook-elide-const-geps",
      cl::desc("Do not call the hook for getelementptrs at a constant "
               "offset from a pointer reported earlier in the same block "
               "with no call in between; their events are reconstructed "
               "from their site descriptors (needs abi=site; default: "
               "false)"),
      cl::Hidden, cl::init(false)};
  cl::opt<bool> ElideCheck{
      "ptrhook-elide-check",
      cl::desc("With -ptrhook-elide-const-geps: describe elided sites but "
               "still call the hook for them, to verify the reconstruction "
               "(ptrhook-trace verify-elision; default: false)"),
      cl::Hidden, cl::init(false)};
  cl::opt<std::string> ABI{
      "ptrhook-abi",
      cl::desc("Hook ABI: 'addr' calls __injected_hook(uintptr_t) "
               "(default), 'site' calls __injected_hook_site(uintptr_t, "
               "const struct ptrhook_site *)"),
      cl::Hidden};
  cl::opt<std::string> CC{
      "ptrhook-cc",
      cl::desc("Calling convention of the hook calls: 'c' (default), "
               "'preserve_most' or 'preserve_all' (calls "
               "__injected_hook_preserve_most ... instead; x86-64 and "
               "AArch64)"),
      cl::Hidden};
  cl::opt<std::string> Inline{
      "ptrhook-inline",
      cl::desc("'count': count events per kind in thread-local counters "
               "emitted inline instead of calling the hook; 'off' (default)"),
      cl::Hidden};
  cl::opt<bool> Sites{
      "ptrhook-sites",
      cl::desc("Emit a site descriptor per hook site (default: true)"),
      cl::Hidden, cl::init(true)};
  cl::list<std::string> Allowlist{
      "ptrhook-allowlist",
      cl::desc("SpecialCaseList file: instrument only matching src:/fun: "
               "(repeatable; like -fsanitize-coverage-allowlist)"),
      cl::Hidden};
  cl::list<std::string> Ignorelist{
      "ptrhook-ignorelist",
      cl::desc("SpecialCaseList file: do not instrument matching src:/fun: "
               "(repeatable; like -fsanitize-coverage-ignorelist)"),
      cl::Hidden};
  cl::opt<bool> LinkTime{
      "ptrhook-link-time",
      cl::desc("Do not instrument now: mark functions for instrumentation "
               "inside the LTO link (lld --load-pass-plugin), with the "
               "options given now"),
      cl::Hidden};
};
CommandLineFlags *Flags = nullptr;
} // namespace

/// Runs when the plugin is loaded (opt -load / clang -Xclang -load /
/// -load-pass-plugin), so that the flags exist before the host parses its
/// command line; skipped in an LLVM of another major.
__attribute__((constructor)) static void loadCommandLineFlags() {
  unsigned Host = hostLLVMMajor();
  if (Host == 0 || Host == compat::LLVMMajor)
    Flags = new CommandLineFlags();
}

static const char *const KindNames[PTRHOOK_KIND_COUNT] = {PTRHOOK_KIND_NAMES};

StringRef kindName(PtrKind K) {
  for (unsigned I = 0; I < sizeof(KindNames) / sizeof(KindNames[0]); ++I)
    if (K == (1u << I))
      return KindNames[I];
  return "?";
}

static Error makeError(const Twine &Msg) {
  return make_error<StringError>("ptrhook: " + Msg, inconvertibleErrorCode());
}

/// Prefix the message of \p E (already "ptrhook: ...") with \p Where.
static Error inContext(const Twine &Where, Error E) {
  std::string Msg = toString(std::move(E));
  StringRef Rest = StringRef(Msg);
  Rest.consume_front("ptrhook: ");
  return makeError(Where + ": " + Rest);
}

Expected<unsigned> parseKindList(StringRef List) {
  if (List.empty())
    return makeError("empty pointer kind list (valid kinds: alloca, gep, "
                     "load, call, cast, phi, select, other, all)");
  unsigned Kinds = 0;
  SmallVector<StringRef, 8> Names;
  List.split(Names, "|");
  SmallVector<StringRef, 8> Split;
  for (StringRef N : Names)
    N.split(Split, ",");
  for (StringRef Name : Split) {
    Name = Name.trim();
    unsigned Bit = StringSwitch<unsigned>(Name)
                       .Case("alloca", KindAlloca)
                       .Case("gep", KindGEP)
                       .Case("load", KindLoad)
                       .Case("call", KindCall)
                       .Case("cast", KindCast)
                       .Case("phi", KindPhi)
                       .Case("select", KindSelect)
                       .Case("other", KindOther)
                       .Case("all", KindAll)
                       .Default(0);
    if (!Bit)
      return makeError("unknown pointer kind '" + Name +
                       "' (valid kinds: alloca, gep, load, call, cast, phi, "
                       "select, other, all)");
    Kinds |= Bit;
  }
  return Kinds;
}

Expected<PtrHookOptions> PtrHookOptions::fromCommandLine() {
  PtrHookOptions Opts;
  if (!Flags)
    return Opts;
  if (Flags->Kinds.getNumOccurrences()) {
    Expected<unsigned> Kinds = parseKindList(Flags->Kinds);
    if (!Kinds)
      return inContext("-ptrhook-kinds=" + Flags->Kinds, Kinds.takeError());
    Opts.Kinds = *Kinds;
  }
  if (Flags->SkipNoop.getNumOccurrences())
    Opts.SkipNoop = Flags->SkipNoop;
  if (Flags->SkipAccessGEPs.getNumOccurrences())
    Opts.SkipAccessGEPs = Flags->SkipAccessGEPs;
  if (Flags->ElideConstGEPs.getNumOccurrences())
    Opts.ElideConstGEPs = Flags->ElideConstGEPs;
  if (Flags->ElideCheck.getNumOccurrences())
    Opts.ElideCheck = Flags->ElideCheck;
  if (Flags->ABI.getNumOccurrences())
    if (Error E = Opts.applyPipelineParams("abi=" + Flags->ABI))
      return inContext("-ptrhook-abi", std::move(E));
  if (Flags->CC.getNumOccurrences())
    if (Error E = Opts.applyPipelineParams("cc=" + Flags->CC))
      return inContext("-ptrhook-cc", std::move(E));
  if (Flags->Inline.getNumOccurrences())
    if (Error E = Opts.applyPipelineParams("inline=" + Flags->Inline))
      return inContext("-ptrhook-inline", std::move(E));
  if (Flags->Sites.getNumOccurrences())
    Opts.Sites = Flags->Sites;
  Opts.Allowlists.assign(Flags->Allowlist.begin(), Flags->Allowlist.end());
  Opts.Ignorelists.assign(Flags->Ignorelist.begin(), Flags->Ignorelist.end());
  if (Flags->LinkTime)
    Opts.When = Stage::Defer;
  return Opts;
}

Error PtrHookOptions::applyPipelineParams(StringRef Params) {
  while (!Params.empty()) {
    StringRef Param;
    std::tie(Param, Params) = Params.split(';');
    if (Param.empty())
      return makeError("empty pass parameter in 'ptrhook<...>'");
    if (Param.consume_front("kinds=")) {
      Expected<unsigned> K = parseKindList(Param);
      if (!K)
        return inContext("pass parameter 'kinds=" + Param + "'",
                         K.takeError());
      Kinds = *K;
    } else if (Param == "skip-noop") {
      SkipNoop = true;
    } else if (Param == "no-skip-noop") {
      SkipNoop = false;
    } else if (Param == "skip-access-geps") {
      SkipAccessGEPs = true;
    } else if (Param == "no-skip-access-geps") {
      SkipAccessGEPs = false;
    } else if (Param == "elide-const-geps") {
      ElideConstGEPs = true;
    } else if (Param == "no-elide-const-geps") {
      ElideConstGEPs = false;
    } else if (Param == "elide-check") {
      ElideCheck = true;
    } else if (Param == "no-elide-check") {
      ElideCheck = false;
    } else if (Param.consume_front("abi=")) {
      if (Param == "addr")
        ABI = HookABI::Addr;
      else if (Param == "site")
        ABI = HookABI::Site;
      else
        return makeError("pass parameter 'abi=" + Param +
                         "': unknown hook ABI (valid: addr, site)");
    } else if (Param.consume_front("cc=")) {
      if (Param == "c")
        CC = HookCC::C;
      else if (Param == "preserve_most")
        CC = HookCC::PreserveMost;
      else if (Param == "preserve_all")
        CC = HookCC::PreserveAll;
      else
        return makeError("pass parameter 'cc=" + Param +
                         "': unknown calling convention (valid: c, "
                         "preserve_most, preserve_all)");
    } else if (Param.consume_front("inline=")) {
      if (Param == "count")
        InlineCount = true;
      else if (Param == "off")
        InlineCount = false;
      else
        return makeError("pass parameter 'inline=" + Param +
                         "': unknown inline mode (valid: count, off)");
    } else if (Param.consume_front("allowlist=")) {
      if (Param.empty())
        return makeError("pass parameter 'allowlist=' needs a file name");
      Allowlists.push_back(Param.str());
    } else if (Param.consume_front("ignorelist=")) {
      if (Param.empty())
        return makeError("pass parameter 'ignorelist=' needs a file name");
      Ignorelists.push_back(Param.str());
    } else if (Param == "sites") {
      Sites = true;
    } else if (Param == "no-sites") {
      Sites = false;
    } else if (Param == "defer") {
      When = Stage::Defer;
    } else if (Param == "link-stage") {
      When = Stage::Link;
    } else {
      return makeError("invalid pass parameter '" + Param +
                       "' (valid: kinds=<kind>|<kind>..., skip-noop, "
                       "no-skip-noop, skip-access-geps, "
                       "no-skip-access-geps, elide-const-geps, "
                       "no-elide-const-geps, elide-check, "
                       "no-elide-check, abi=addr|site, "
                       "cc=c|preserve_most|preserve_all, inline=count|off, "
                       "sites, no-sites, "
                       "allowlist=<file>, ignorelist=<file>, defer, "
                       "link-stage)");
    }
  }
  return Error::success();
}

Error PtrHookOptions::validate() const {
  if (InlineCount && ABI == HookABI::Site)
    return makeError("inline=count counts events per kind without calling "
                     "a hook: it cannot be combined with abi=site");
  if (InlineCount && CC != HookCC::C)
    return makeError("inline=count counts events per kind without calling "
                     "a hook: it cannot be combined with cc=preserve_most "
                     "or cc=preserve_all");
  if (ElideCheck && !ElideConstGEPs)
    return makeError("elide-check verifies elide-const-geps: it needs it");
  if (ElideConstGEPs && ABI != HookABI::Site)
    return makeError("elide-const-geps needs abi=site: an elided event is "
                     "reconstructed from the site of the event before it");
  return Error::success();
}

std::string PtrHookOptions::toParams() const {
  std::string Out = "kinds=";
  if (Kinds == KindAll) {
    Out += "all";
  } else {
    for (unsigned Bit = 1; Bit < KindAll; Bit <<= 1)
      if (Kinds & Bit) {
        if (Out.back() != '=')
          Out += '|';
        Out += kindName(static_cast<PtrKind>(Bit)).str();
      }
  }
  Out += SkipNoop ? ";skip-noop" : ";no-skip-noop";
  if (SkipAccessGEPs) // only when set: default records read as before
    Out += ";skip-access-geps";
  if (ElideConstGEPs)
    Out += ";elide-const-geps";
  if (ElideCheck)
    Out += ";elide-check";
  Out += ABI == HookABI::Site ? ";abi=site" : ";abi=addr";
  // Only when not the default, so that records of default builds read as
  // they always did.
  if (CC == HookCC::PreserveMost)
    Out += ";cc=preserve_most";
  else if (CC == HookCC::PreserveAll)
    Out += ";cc=preserve_all";
  if (InlineCount)
    Out += ";inline=count";
  Out += Sites ? ";sites" : ";no-sites";
  return Out;
}

unsigned hostLLVMMajor() {
  unsigned Major = 0;
  dl_iterate_phdr(
      [](struct dl_phdr_info *Info, size_t, void *Data) {
        StringRef Name =
            sys::path::filename(Info->dlpi_name ? Info->dlpi_name : "");
        if (!Name.consume_front("libLLVM"))
          return 0;
        // "-14.so.1" or ".so.19.1"; not libLLVMSupport.so and the like.
        if (!Name.consume_front("-") && !Name.consume_front(".so."))
          return 0;
        unsigned V = 0;
        if (Name.consumeInteger(10, V))
          return 0;
        *static_cast<unsigned *>(Data) = V;
        return 1;
      },
      &Major);
  return Major;
}

} // namespace ptrhook
