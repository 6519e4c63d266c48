//===-- Host.cpp - what process the plugin was loaded into ----------------===//
//
// See Host.h.
//
//===----------------------------------------------------------------------===//

#include "Host.h"
#include "Compat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>
#include <link.h>

using namespace llvm;

namespace ptrhook {

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

bool hostMatchesPlugin() {
  unsigned Host = hostLLVMMajor();
  return Host == 0 || Host == compat::LLVMMajor;
}

bool hostIsLinker() {
  SmallString<256> Exe;
  if (sys::fs::real_path("/proc/self/exe", Exe))
    return false;
  StringRef Name = sys::path::filename(Exe);
  return Name == "ld" || Name.contains("lld") ||
         compat::startsWith(Name, "ld.");
}

std::string pluginPath() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&hostIsLinker), &Info) ||
      !Info.dli_fname)
    return "ptrhook.so";
  SmallString<256> Path;
  if (sys::fs::real_path(Info.dli_fname, Path))
    Path = Info.dli_fname;
  return std::string(Path.str());
}

std::string pluginDirectory() {
  SmallString<256> Path(pluginPath());
  sys::path::remove_filename(Path);
  return Path.empty() ? "." : std::string(Path.str());
}

} // namespace ptrhook
