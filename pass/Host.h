//===-- Host.h - what process the plugin was loaded into --------*- C++ -*-===//
//
// A plugin only works in the LLVM major it was built for, and some
// decisions depend on whether the host is a compiler or a linker.  These
// checks run before any other LLVM API is touched.
//
//===----------------------------------------------------------------------===//
#ifndef PTRHOOK_HOST_H
#define PTRHOOK_HOST_H

#include <string>

namespace ptrhook {

/// The LLVM major of the libLLVM the host process runs (from the loaded
/// library's file name), or 0 when LLVM is linked into the host statically.
unsigned hostLLVMMajor();

/// Whether the host's LLVM is the one this plugin was built for (or cannot
/// be told apart from it: LLVM linked statically).
bool hostMatchesPlugin();

/// True when the host process is a linker (lld loading the plugin through
/// --load-pass-plugin).  Needed where LLVM (< 20) does not tell an
/// OptimizerLast callback that it runs in the ThinLTO backend.
bool hostIsLinker();

/// The directory the plugin was loaded from (where the files it ships
/// with are: the runtime's hook definition).  "." if it cannot be told.
std::string pluginDirectory();

/// The plugin's own file (its real path), for messages; "ptrhook.so" if it
/// cannot be told.
std::string pluginPath();

} // namespace ptrhook

#endif // PTRHOOK_HOST_H
