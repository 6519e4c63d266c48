; Checks the site descriptors: one constant struct ptrhook_site per hook site
; (version 2, kind number, line, column, flags=1 for a debug location,
; function, file, directory) in section ptrhook_sites, kept by llvm.used, and
; a constructor registering __start_/__stop_ptrhook_sites with the runtime
; through a weak reference (programs with their own hook need no runtime).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

source_filename = "dir/t.c"

; CHECK-DAG: @[[F:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [2 x i8] c"f\00"
; CHECK-DAG: @[[FILE:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"t.c\00"
; CHECK-DAG: @[[DIR:__ptrhook_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"/src\00"
; CHECK-DAG: @[[SITES:__ptrhook_sites[.0-9]*]] = private constant [2 x { i16, i16, i32, i32, i32, ptr, ptr, ptr, i32, i32, i64 }] [{ i16, i16, i32, i32, i32, ptr, ptr, ptr, i32, i32, i64 } { i16 2, i16 1, i32 5, i32 3, i32 1, ptr @[[F]], ptr @[[FILE]], ptr @[[DIR]], i32 0, i32 0, i64 0 }, { i16, i16, i32, i32, i32, ptr, ptr, ptr, i32, i32, i64 } { i16 2, i16 2, i32 6, i32 7, i32 1, ptr @[[F]], ptr @[[FILE]], ptr @[[DIR]], i32 0, i32 0, i64 0 }], section "ptrhook_sites", align 8
; CHECK-DAG: @llvm.used = appending global [2 x ptr] [ptr @[[SITES]], ptr @__ptrhook_provenance], section "llvm.metadata"
; CHECK-DAG: @__start_ptrhook_sites = extern_weak hidden constant
; CHECK-DAG: @__stop_ptrhook_sites = extern_weak hidden constant
; CHECK-DAG: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @__ptrhook_module_ctor, ptr null }]

; The default ABI still calls the plain hook.
; CHECK-LABEL: define ptr @f(
; CHECK:      call void @__injected_hook(i64 %{{[0-9]+}})
; CHECK:      call void @__injected_hook(i64 %{{[0-9]+}})
define ptr @f(ptr %p) !dbg !6 {
  %g = getelementptr i8, ptr %p, i64 1, !dbg !9
  %l = load ptr, ptr %g, !dbg !10
  ret ptr %l, !dbg !9
}

; CHECK: declare extern_weak void @__ptrhook_sites_init(ptr, ptr)
; CHECK-LABEL: define internal void @__ptrhook_module_ctor()
; (A constant expression before LLVM 19, an instruction after.)
; CHECK:      icmp ne {{\(?}}ptr @__ptrhook_sites_init, {{(ptr )?}}null
; CHECK:      label %register, label %done
; CHECK:      register:
; CHECK-NEXT: call void @__ptrhook_sites_init(ptr @__start_ptrhook_sites, ptr @__stop_ptrhook_sites)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "test", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.c", directory: "/src")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!6 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !7, scopeLine: 1, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!7 = !DISubroutineType(types: !8)
!8 = !{null}
!9 = !DILocation(line: 5, column: 3, scope: !6)
!10 = !DILocation(line: 6, column: 7, scope: !6)
