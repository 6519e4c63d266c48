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

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace ptrhook {

static cl::opt<std::string> ClKinds(
    "ptrhook-kinds",
    cl::desc("Pointer kinds to instrument, separated by '|' or ',': alloca, "
             "gep, load, call, cast, phi, select, other, all (default: all)"),
    cl::Hidden);

static cl::opt<bool> ClSkipNoop(
    "ptrhook-skip-noop",
    cl::desc("Skip pointer bitcasts and all-zero-index getelementptrs, which "
             "cannot change an address (default: true)"),
    cl::Hidden, cl::init(true));

static const char *const KindNames[] = {"alloca", "gep",  "load",   "call",
                                        "cast",   "phi",  "select", "other"};

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
  if (ClKinds.getNumOccurrences()) {
    Expected<unsigned> Kinds = parseKindList(ClKinds);
    if (!Kinds)
      return inContext("-ptrhook-kinds=" + ClKinds, Kinds.takeError());
    Opts.Kinds = *Kinds;
  }
  if (ClSkipNoop.getNumOccurrences())
    Opts.SkipNoop = ClSkipNoop;
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
    } else {
      return makeError("invalid pass parameter '" + Param +
                       "' (valid: kinds=<kind>|<kind>..., skip-noop, "
                       "no-skip-noop)");
    }
  }
  return Error::success();
}

} // namespace ptrhook
