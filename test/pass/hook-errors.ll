; Checks hook= errors: each names the file and what is wrong with it, and
; the module is left uninstrumented (exit status 1).
; RUN: not %opt -passes='ptrhook<hook=%t.missing.bc>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=MISSING
; MISSING: error: ptrhook: hook file '{{.*}}.missing.bc': Could not open input file: No such file or directory
; A hook file compiled without hook-definition.
; RUN: %opt-noplugin %S/Inputs/hook-tls.ll -o %t.plain.bc
; RUN: not %opt -passes='ptrhook<hook=%t.plain.bc>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=PLAIN
; PLAIN: error: ptrhook: hook file '{{.*}}.plain.bc': not a hook definition (compile it with -mllvm -ptrhook-hook-definition, as ptrhook-cc -fptrhook-hook=FILE does)
; A C++ hook without extern "C".
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-cxx.ll -o %t.cxx.bc
; RUN: not %opt -passes='ptrhook<hook=%t.cxx.bc>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=CXX
; CXX: error: ptrhook: hook file '{{.*}}.cxx.bc': defines none of the hooks (__injected_hook, __injected_hook_site, __injected_hook_preserve_most, __injected_hook_site_preserve_most, __injected_hook_preserve_all, __injected_hook_site_preserve_all) nor a handler (ptrhook_on_<kind>) with a strong definition; a C++ hook needs C linkage (extern "C")
; The module defines the hook as well.
; RUN: %opt -passes='ptrhook<hook-definition>' %S/Inputs/hook-empty.ll -o %t.empty.bc
; RUN: not %opt -passes='ptrhook<hook=%t.empty.bc>' -disable-output %S/Inputs/hook-tls.ll 2>&1 | FileCheck %s --check-prefix=TWICE
; TWICE: error: ptrhook: hook file '{{.*}}.empty.bc': defines '__injected_hook', and so does this module: keep one
; Another target.
; RUN: sed 's/x86_64-unknown-linux-gnu/aarch64-unknown-linux-gnu/' %S/Inputs/hook-empty.ll > %t.arm.ll
; RUN: %opt -passes='ptrhook<hook-definition>' %t.arm.ll -o %t.arm.bc
; RUN: not %opt -passes='ptrhook<hook=%t.arm.bc>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=TARGET
; TARGET: error: ptrhook: hook file '{{.*}}.arm.bc': compiled for target 'aarch64-unknown-linux-gnu', this module for 'x86_64-unknown-linux-gnu'
; Options that cannot go together, and an empty file name.
; RUN: not %opt -passes='ptrhook<hook=%t.empty.bc;inline=count>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=COUNT
; COUNT: error: ptrhook: hook= puts a hook at every site and inline=count a counter: choose one
; RUN: not %opt -passes='ptrhook<hook=>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=EMPTY
; EMPTY: error: ptrhook: pass parameter 'hook=' needs a file name
; RUN: not %opt -load=%plugin -ptrhook-hook= -passes=ptrhook -disable-output %s 2>&1 | FileCheck %s --check-prefix=EMPTYFLAG
; EMPTYFLAG: error: ptrhook: -ptrhook-hook= needs a file name

target triple = "x86_64-unknown-linux-gnu"

define ptr @f(ptr %p) {
  %q = getelementptr i8, ptr %p, i64 8
  ret ptr %q
}
