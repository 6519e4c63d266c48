# -*- Python -*-
# lit configuration for ptrhook: IR tests (test/pass, opt + FileCheck) and
# end-to-end tests (test/e2e, clang or the wrapper, run, FileCheck).
import os
import platform
import shutil

import lit.formats
import lit.util

config.name = "ptrhook"
config.test_format = lit.formats.ShTest(not lit.util.which("bash") is None)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ptrhook_obj_root, "test")

# FileCheck, not, count, opt, llc ... from the LLVM the plugin was built for.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.tools_dir, config.environment.get("PATH", "")])
# Runtime options must come from the test itself, never from the caller.
for var in ["PTRHOOK_OPTIONS", "PTRHOOK_CC_VERBOSE", "PTRHOOK_CACHE_DIR"]:
    config.environment.pop(var, None)

rt = config.runtime_dir
inc = os.path.join(config.ptrhook_src_root, "runtime", "include")
config.substitutions.append(("%plugin", config.plugin))
# inline=runtime's hook definition, which the plugin finds next to itself.
config.substitutions.append(("%rt_hook_bc", os.path.join(
    os.path.dirname(config.plugin), "ptrhook_rt_hook.bc")))
# IR tests are written with opaque pointers (`ptr`), which every supported
# LLVM reads; 14-16 need -opaque-pointers for that.  Tests of what only
# typed pointers produce use %opt-typed and REQUIRE typed-pointers.
opt = os.path.join(config.llvm_tools_dir, "opt")
opaque_flag = " -opaque-pointers" if config.llvm_version_major < 17 else ""
typed_flag = " -opaque-pointers=0" if config.llvm_version_major in (15, 16) else ""
if config.llvm_version_major <= 16:
    config.available_features.add("typed-pointers")
config.substitutions.append(("%opt-typed", opt + typed_flag + " -load-pass-plugin=" + config.plugin))
config.substitutions.append(("%opt-noplugin", opt + opaque_flag))
config.substitutions.append(("%opt", opt + opaque_flag + " -load-pass-plugin=" + config.plugin))
# The clang the plugin was built for, as a build system is given it (before
# %clang, which would match its beginning).
config.substitutions.append(("%clang_bin", config.clang))
# clang with the plugin loaded early enough to take its -mllvm -ptrhook-*
# flags (-fpass-plugin alone registers the pass after option parsing).
config.substitutions.append(("%clang_plugin", config.clang + " -I" + inc +
                             " -fpass-plugin=" + config.plugin +
                             " -Xclang -load -Xclang " + config.plugin))
config.substitutions.append(("%clangxx", config.clangxx + " -I" + inc))
config.substitutions.append(("%clang", config.clang + " -I" + inc))
config.substitutions.append(("%rtlib", os.path.join(rt, "libptrhook_rt.a")))
# The runtime's directory (libptrhook_rt.so, ptrhook.dynlist).
config.substitutions.append(("%rtdir", rt))
config.substitutions.append(("%ptrhook_cxx", os.path.join(config.tools_dir, "ptrhook-c++")))
config.substitutions.append(("%ptrhook_cc", os.path.join(config.tools_dir, "ptrhook-cc")))
config.substitutions.append(("%ptrhook_report", os.path.join(config.tools_dir, "ptrhook-report")))
config.substitutions.append(("%ptrhook_trace", os.path.join(config.tools_dir, "ptrhook-trace")))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%llvm_major", str(config.llvm_version_major)))
config.substitutions.append(("%llvm_version", config.llvm_version))
# The build tree the suite runs from: test/install installs it.
config.substitutions.append(("%ptrhook_obj_root", config.ptrhook_obj_root))

config.available_features.add("llvm-%d" % config.llvm_version_major)
# callbr names its indirect destinations with "!i" constraints from LLVM 15
# on, with blockaddress arguments before.
config.available_features.add("callbr-label-constraints" if config.llvm_version_major >= 15
                              else "callbr-blockaddress")
if platform.machine() == "x86_64":
    config.available_features.add("x86_64")
# Linkers for test/e2e/sites-linkers.test and test/e2e/sites-tcc.test.
if shutil.which("tcc"):
    config.available_features.add("tcc")
for ld in ("ld.bfd", "ld.gold"):
    if shutil.which(ld):
        config.available_features.add(ld)
if config.lld and os.path.exists(config.lld):
    config.available_features.add("lld")
    # lld loads pass plugins (--load-pass-plugin) from LLVM 15 on.
    if config.llvm_version_major >= 15:
        config.available_features.add("link-time-plugins")
# Another supported LLVM installed next to ours, to check that the plugin
# refuses to load into it (a plugin only works in the major it was built for).
for other in config.supported_llvm_majors:
    other_opt = "/usr/lib/llvm-%d/bin/opt" % other
    other_clang = "/usr/lib/llvm-%d/bin/clang" % other
    if (other != config.llvm_version_major and os.path.exists(other_opt)
            and os.path.exists(other_clang)):
        config.available_features.add("other-llvm")
        config.substitutions.append(("%other_opt", other_opt))
        config.substitutions.append(("%other_clang", other_clang))
        config.substitutions.append(("%other_major", str(other)))
        break

if shutil.which("autoreconf") and shutil.which("make"):
    config.available_features.add("autotools")
if shutil.which("make"):
    config.available_features.add("make")
if shutil.which("pkg-config"):
    config.available_features.add("pkg-config")
if shutil.which("meson") and shutil.which("ninja"):
    config.available_features.add("meson")
if shutil.which("man"):
    config.available_features.add("man")
if os.geteuid() == 0:
    config.available_features.add("root")
if shutil.which("setpriv"):
    config.available_features.add("setpriv")
