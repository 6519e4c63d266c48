//===-- Options.cpp - the one place the pass's options are filled in ------===//
//
// Two sources configure the pass, and both land in PtrHookOptions here:
//   * `-ptrhook-*` command-line flags (opt, or clang via -mllvm), applied to
//     the defaults when the pass is added at an extension point or by name;
//   * `ptrhook<...>` pipeline parameters, applied on top of those.
// Both are expanded from the option table (Options.def), and so are the
// list of valid parameters in the error message and toParams().
//
//===----------------------------------------------------------------------===//

#include "Options.h"
#include "Host.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace ptrhook {

namespace {
/// The `-ptrhook-*` flags, one per row of Options.def.  They are created by
/// loadCommandLineFlags() below rather than as plain globals: a cl::opt
/// registers itself in the host's option table when constructed, and doing
/// that in an LLVM of another major (before llvmGetPassPluginInfo can refuse
/// the plugin) crashes the host.
struct CommandLineFlags {
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  cl::opt<bool> Field{"ptrhook-" Name, cl::desc(Help), cl::Hidden,             \
                      cl::init(static_cast<bool>(Default))};
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  cl::opt<std::string> Field{"ptrhook-" Name, cl::desc(Help " (" Values ")"),  \
                             cl::Hidden};
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                           \
  cl::opt<std::string> Field{                                                  \
      "ptrhook-" Name,                                                         \
      cl::desc(Help ", separated by '|' or ',' (default: " Default ")"),         \
      cl::Hidden};
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  cl::list<std::string> Field{"ptrhook-" Name, cl::desc(Help " (repeatable)"), \
                              cl::Hidden};
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  cl::opt<std::string> Field{"ptrhook-" Name, cl::desc(Help), cl::Hidden};
#include "Options.def"
};
CommandLineFlags *Flags = nullptr;
} // namespace

/// Runs when the plugin is loaded (opt -load / clang -Xclang -load /
/// -load-pass-plugin), so that the flags exist before the host parses its
/// command line; skipped in an LLVM of another major.
__attribute__((constructor)) static void loadCommandLineFlags() {
  if (hostMatchesPlugin())
    Flags = new CommandLineFlags();
}

static const char *const KindNames[PTRHOOK_KIND_COUNT] = {PTRHOOK_KIND_NAMES};

StringRef kindName(unsigned KindBit) {
  for (unsigned I = 0; I < PTRHOOK_KIND_COUNT; ++I)
    if (KindBit == (1u << I))
      return KindNames[I];
  return "?";
}

static Error makeError(const Twine &Msg) {
  return make_error<StringError>("ptrhook: " + Msg, inconvertibleErrorCode());
}

/// "alloca, gep, ..., all": the valid kind names, for messages ("none",
/// the empty list, is accepted too).
static std::string validKinds() {
  std::string Out;
  for (const char *Name : KindNames)
    Out += std::string(Name) + ", ";
  return Out + "all";
}

static std::string didYouMean(StringRef Word, ArrayRef<StringRef> Words);

Expected<unsigned> parseKindList(StringRef List) {
  if (List.empty())
    return makeError("empty pointer kind list (valid kinds: " + validKinds() +
                     ")");
  unsigned Kinds = 0;
  SmallVector<StringRef, 8> Names;
  List.split(Names, "|");
  SmallVector<StringRef, 8> Split;
  for (StringRef N : Names)
    N.split(Split, ",");
  for (StringRef Name : Split) {
    Name = Name.trim();
    unsigned Bit = 0;
    if (Name == "all")
      Bit = KindAll;
    if (Name == "none")
      continue;
    for (unsigned I = 0; I < PTRHOOK_KIND_COUNT && !Bit; ++I)
      if (Name == KindNames[I])
        Bit = 1u << I;
    if (!Bit) {
      SmallVector<StringRef, PTRHOOK_KIND_COUNT + 1> Valid(
          std::begin(KindNames), std::end(KindNames));
      Valid.push_back("all");
      return makeError("unknown pointer kind '" + Name + "'" +
                       didYouMean(Name, Valid) +
                       " (valid kinds: " + validKinds() + ")");
    }
    Kinds |= Bit;
  }
  return Kinds;
}

/// A misspelt name gets a suggestion this many edits away at most (the
/// wrapper's SUGGEST_MAX_EDITS, tools/cc/cc_options.c).
static constexpr unsigned SuggestMaxEdits = 2;

/// "; did you mean 'X'?" for the candidate nearest to \p Word by LLVM's edit
/// distance, if one is at most SuggestMaxEdits away; else "".  A candidate
/// is compared as its first element and suggested as its second.
static std::string
didYouMean(StringRef Word,
           ArrayRef<std::pair<std::string, std::string>> Candidates) {
  unsigned Best = SuggestMaxEdits + 1;
  StringRef Suggestion;
  for (const auto &[Name, Spelling] : Candidates) {
    unsigned D = Word.edit_distance(Name, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/SuggestMaxEdits + 1);
    if (D < Best) {
      Best = D;
      Suggestion = Spelling;
    }
  }
  return Suggestion.empty() ? "" : ("; did you mean '" + Suggestion + "'?").str();
}

/// didYouMean() among plain words, each suggested as itself.
static std::string didYouMean(StringRef Word, ArrayRef<StringRef> Words) {
  SmallVector<std::pair<std::string, std::string>, 16> Candidates;
  for (StringRef W : Words)
    Candidates.emplace_back(W.str(), W.str());
  return didYouMean(Word, Candidates);
}

/// The position of \p Value in \p Values ("a|b|c"); fails naming the
/// option \p Name, the nearest valid value and the valid values.
static Expected<unsigned> parseChoice(StringRef Name, StringRef Values,
                                      StringRef Value) {
  SmallVector<StringRef, 4> Valid;
  Values.split(Valid, '|');
  for (unsigned I = 0; I < Valid.size(); ++I)
    if (Value == Valid[I])
      return I;
  return makeError("unknown " + Name + " '" + Value + "'" +
                   didYouMean(Value, Valid) + " (valid: " + join(Valid, ", ") +
                   ")");
}

/// The name of choice \p Index of \p Values ("a|b|c").
static StringRef choiceName(StringRef Values, unsigned Index) {
  SmallVector<StringRef, 4> Valid;
  Values.split(Valid, '|');
  return Index < Valid.size() ? Valid[Index] : "?";
}

/// Prefix the message of \p E (already "ptrhook: ...") with \p Where.
static Error inContext(const Twine &Where, Error E) {
  std::string Msg = toString(std::move(E));
  StringRef Rest = StringRef(Msg);
  Rest.consume_front("ptrhook: ");
  return makeError(Where + ": " + Rest);
}

/// "; did you mean 'X'?" for a parameter whose name (up to '=') is near
/// that of a parameter `ptrhook<...>` accepts; the value is kept, as the
/// wrapper does for its flags.
static std::string suggestParam(StringRef Param) {
  auto [Name, Value] = Param.split('=');
  bool HasValue = Param.contains('=');
  SmallVector<std::pair<std::string, std::string>, 32> Candidates;
  auto Add = [&](StringRef N, bool TakesValue) {
    std::string Spelling = N.str();
    if (TakesValue)
      Spelling += "=" + (HasValue ? Value.str() : "...");
    Candidates.emplace_back(N.str(), Spelling);
  };
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  Add(Name, false);                                                            \
  Add("no-" Name, false);
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  Add(Name, true);
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help) Add(Name, true);
#define PTRHOOK_OPT_FILES(Field, Name, What, Help) Add(Name, true);
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help) Add(Name, true);
#include "Options.def"
  return didYouMean(Name, Candidates);
}

/// Every parameter `ptrhook<...>` accepts, for the error message.
static std::string validParams() {
  SmallVector<std::string, 32> Out;
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  Out.push_back(Name);                                                         \
  Out.push_back("no-" Name);
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  Out.push_back(Name "=" Values);
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                           \
  Out.push_back(Name "=<kind>|<kind>...");
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  Out.push_back(Name "=<" What ">");
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  Out.push_back(Name "=<" What ">");
#include "Options.def"
  Out.push_back("link-stage");
  return join(Out, ", ");
}

Expected<PtrHookOptions> PtrHookOptions::fromCommandLine() {
  PtrHookOptions Opts;
  if (!Flags)
    return Opts;
    // Values are checked by the same functions as the pipeline parameters';
    // errors name the flag as given.
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  if (Flags->Field.getNumOccurrences())                                        \
    Opts.Field = Flags->Field;
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  if (Flags->Field.getNumOccurrences()) {                                      \
    Expected<unsigned> Index = parseChoice(What, Values, Flags->Field);        \
    if (!Index)                                                                \
      return inContext("-ptrhook-" Name "=" + Flags->Field,                    \
                       Index.takeError());                                     \
    Opts.Field = static_cast<Type>(*Index);                                    \
  }
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                           \
  if (Flags->Field.getNumOccurrences()) {                                      \
    Expected<unsigned> K = parseKindList(Flags->Field);                        \
    if (!K)                                                                    \
      return inContext("-ptrhook-" Name "=" + Flags->Field, K.takeError());    \
    Opts.Field = *K;                                                           \
  }
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  for (const std::string &File : Flags->Field) {                               \
    if (File.empty())                                                          \
      return makeError("-ptrhook-" Name "= needs a file name");                \
    Opts.Field.push_back(File);                                                \
  }
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  if (Flags->Field.getNumOccurrences()) {                                      \
    if (Flags->Field.empty())                                                  \
      return makeError("-ptrhook-" Name "= needs a " What " name");            \
    Opts.Field = Flags->Field;                                                 \
  }
#include "Options.def"
  return Opts;
}

Error PtrHookOptions::applyPipelineParams(StringRef Params) {
  while (!Params.empty()) {
    StringRef Param;
    std::tie(Param, Params) = Params.split(';');
    if (Param.empty())
      return makeError("empty pass parameter in 'ptrhook<...>'");
    StringRef Value;
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  if (Param == Name || Param == "no-" Name) {                                  \
    Field = Param == Name;                                                     \
    continue;                                                                  \
  }
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  if ((Value = Param).consume_front(Name "=")) {                               \
    Expected<unsigned> Index = parseChoice(What, Values, Value);               \
    if (!Index)                                                                \
      return inContext("pass parameter '" + Param + "'", Index.takeError());   \
    Field = static_cast<Type>(*Index);                                         \
    continue;                                                                  \
  }
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                           \
  if ((Value = Param).consume_front(Name "=")) {                               \
    Expected<unsigned> K = parseKindList(Value);                               \
    if (!K)                                                                    \
      return inContext("pass parameter '" + Param + "'", K.takeError());       \
    Field = *K;                                                                \
    continue;                                                                  \
  }
#define PTRHOOK_OPT_FILES(Field, Name, What, Help)                             \
  if ((Value = Param).consume_front(Name "=")) {                               \
    if (Value.empty())                                                         \
      return makeError("pass parameter '" + Param + "' needs a file name");    \
    Field.push_back(Value.str());                                              \
    continue;                                                                  \
  }
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  if ((Value = Param).consume_front(Name "=")) {                               \
    if (Value.empty())                                                         \
      return makeError("pass parameter '" + Param + "' needs a " What          \
                       " name");                                               \
    Field = Value.str();                                                       \
    continue;                                                                  \
  }
#include "Options.def"
    // Internal: set by the plugin inside the linker, and by tests.
    if (Param == "link-stage") {
      LinkStage = true;
      continue;
    }
    // The name this option had before link-time.
    if (Param == "defer") {
      LinkTime = true;
      continue;
    }
    return makeError("invalid pass parameter '" + Param + "'" +
                     suggestParam(Param) + " (valid: " + validParams() + ")");
  }
  return Error::success();
}

Error PtrHookOptions::validate() const {
  if (inlineCount() && siteABI())
    return makeError("inline=count counts events per kind without calling "
                     "a hook: it cannot be combined with abi=site");
  if (inlineCount() && CC != HookCC::C)
    return makeError("inline=count counts events per kind without calling "
                     "a hook: it cannot be combined with cc=preserve_most "
                     "or cc=preserve_all");
  if (siteABI() && !Sites)
    return makeError("abi=site passes a site descriptor to every hook call "
                     "and no-sites leaves the descriptors out: they cannot "
                     "be combined");
  if (ElideCheck && !ElideConstGEPs)
    return makeError("elide-check verifies elide-const-geps: it needs it");
  if (!Hook.empty() && inlineCount())
    return makeError("hook= puts a hook at every site and inline=count a "
                     "counter: choose one");
  if (!Hook.empty() && Inline == InlineMode::Runtime)
    return makeError("hook= inlines a hook file and inline=runtime the "
                     "runtime's hook: choose one");
  if (HookDefinition && (!Hook.empty() || LinkTime))
    return makeError("hook-definition compiles a hook file, which is never "
                     "instrumented: it cannot be combined with hook= or "
                     "link-time");
  if (Handlers && inlineCount())
    return makeError("inline=count counts events without calling anything: "
                     "it cannot be combined with handlers=");
  if (Handlers && ElideConstGEPs)
    return makeError("elide-const-geps drops the calls a reader can rebuild "
                     "from the hook's events: it cannot be combined with "
                     "handlers=");
  if (ElideConstGEPs && !siteABI())
    return makeError("elide-const-geps needs abi=site: an elided event is "
                     "reconstructed from the site of the event before it");
  return Error::success();
}

std::string PtrHookOptions::toParams() const {
  SmallVector<std::string, 16> Out;
  const PtrHookOptions Defaults;
  auto Recorded = [](StringRef Record, bool IsDefault) {
    return Record == "ALWAYS" || (Record == "SET" && !IsDefault);
  };
#define PTRHOOK_OPT_FLAG(Field, Name, Default, Record, Help)                   \
  if (Recorded(#Record, Field == Defaults.Field))                              \
    Out.push_back(Field ? Name : "no-" Name);
#define PTRHOOK_OPT_CHOICE(Field, Name, Type, Values, What, Record, Help)      \
  if (Recorded(#Record, Field == Defaults.Field))                              \
    Out.push_back(                                                             \
        (Name "=" + choiceName(Values, static_cast<unsigned>(Field))).str());
#define PTRHOOK_OPT_KINDS(Field, Name, Default, Record, Help)                   \
  if (Recorded(#Record, Field == Defaults.Field)) {                            \
    SmallVector<StringRef, 8> Names;                                           \
    for (unsigned Bit = 1; Bit < KindAll && Field != KindAll; Bit <<= 1)       \
      if (Field & Bit)                                                         \
        Names.push_back(kindName(Bit));                                        \
    Out.push_back(std::string(Name "=") +                                      \
                  (Field == KindAll ? "all"                                    \
                   : Field == 0     ? "none"                                   \
                                    : join(Names, "|")));                      \
  }
#define PTRHOOK_OPT_PATH(Field, Name, What, Record, Help)                      \
  if (Recorded(#Record, Field == Defaults.Field))                              \
    Out.push_back(Name "=" + Field);
#include "Options.def"
  return join(Out, ";");
}

} // namespace ptrhook
