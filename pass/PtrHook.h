//===-- PtrHook.h - report every pointer a program creates ------*- C++ -*-===//
//
// The ptrhook pass walks a module for instructions whose result is a scalar
// pointer and, after each one, inserts
//
//     %a = ptrtoint <ty>* %p to i64        ; DataLayout's intptr type
//     call void @__injected_hook(i64 %a)   ; nounwind, carries !dbg
//
// It is a required module pass, registered at the OptimizerLast extension
// point (after the optimizer, before codegen) and under the pipeline name
// "ptrhook".  The work is done in PtrHook.cpp, phase by phase, by the
// files named there.
//
// USAGE:
//   opt -load-pass-plugin=build/lib/ptrhook.so
//       -passes='ptrhook<kinds=alloca|gep|load>' in.ll -S -o out.ll
//   clang -fpass-plugin=build/lib/ptrhook.so -O2 prog.c
//   build/lib/libptrhook_rt.a
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_PTRHOOK_H
#define PTRHOOK_PTRHOOK_H

#include "Options.h"

#include "llvm/IR/PassManager.h"

#include <string>

namespace ptrhook {

/// What an instrumented module invalidates: everything, GlobalsAA included,
/// which survives PreservedAnalyses::none() unless abandoned by name.  Its
/// function summaries say which functions write no memory, and after
/// instrumentation most of them do.
llvm::PreservedAnalyses invalidatedByInstrumentation();

class PtrHookPass : public llvm::PassInfoMixin<PtrHookPass> {
public:
  explicit PtrHookPass(PtrHookOptions Opts = PtrHookOptions()) : Opts(Opts) {}

  /// A pass whose configuration failed.  Running it reports \p Message as an
  /// error diagnostic on the module ("error: ptrhook: ..." from clang and
  /// opt, exit status 1) and changes nothing.  Errors are reported this way
  /// because neither the pipeline parser callback nor the extension point
  /// callback can return one, and report_fatal_error would look like a crash.
  static PtrHookPass withError(std::string Message) {
    PtrHookPass P;
    P.ConfigError = std::move(Message);
    return P;
  }

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

  /// Required: runs at -O0, on optnone functions, and is never skipped by
  /// -opt-bisect-limit.
  static bool isRequired() { return true; }

private:
  PtrHookOptions Opts;
  std::string ConfigError;
};

} // namespace ptrhook

#endif // PTRHOOK_PTRHOOK_H
