; Checks the site descriptors, layout 3: per function one private constant
; block in section ptrhook_sites3, tied to its function (!associated, kept by
; llvm.compiler.used only, so that --gc-sections may drop it), holding a
; 16-byte descriptor per hook site (head = 0x8000 | flags << 8 | kind, column,
; line, bytes to the record, file pair, elision) and the function's record
; (head 0x80ff, files, slots, name offset, elided sites; the (file,
; directory) pairs; the strings): only integers, no pointer, so no
; relocation.  A constructor registers __start_/__stop_ptrhook_sites3 with
; the runtime through a weak reference (programs with their own hook need no
; runtime).
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

source_filename = "dir/t.c"

; -32511 = 0x8101: flag 1 (a debug location), kind 1 (gep), 5:3, record 32
; bytes on; -32510 = 0x8102: load, 6:7, record 16 bytes on.  The record: 3
; slots, the name at 24, "t.c" at 26, "/src" at 30.
; CHECK-DAG: @[[SITES:__ptrhook_sites[.0-9]*]] = private constant { [2 x { i16, i16, i32, i32, i16, i16 }], { i16, i16, i32, i32, i32, [0 x { i32, i32, i64 }], [1 x { i32, i32 }], [24 x i8] } } { [2 x { i16, i16, i32, i32, i16, i16 }] [{ i16, i16, i32, i32, i16, i16 } { i16 -32511, i16 3, i32 5, i32 32, i16 0, i16 0 }, { i16, i16, i32, i32, i16, i16 } { i16 -32510, i16 7, i32 6, i32 16, i16 0, i16 0 }], { i16, i16, i32, i32, i32, [0 x { i32, i32, i64 }], [1 x { i32, i32 }], [24 x i8] } { i16 -32513, i16 1, i32 3, i32 24, i32 0, [0 x { i32, i32, i64 }] zeroinitializer, [1 x { i32, i32 }] [{ i32, i32 } { i32 26, i32 30 }], [24 x i8] c"f\00t.c\00/src\00\00\00\00\00\00\00\00\00\00\00\00\00\00" } }, section "ptrhook_sites3", align 16, !associated ![[F:[0-9]+]]
; CHECK-DAG: @llvm.compiler.used = appending global [1 x ptr] [ptr @[[SITES]]], section "llvm.metadata"
; CHECK-DAG: @llvm.used = appending global [1 x ptr] [ptr @__ptrhook_provenance], section "llvm.metadata"
; CHECK-DAG: @__start_ptrhook_sites3 = extern_weak hidden constant
; CHECK-DAG: @__stop_ptrhook_sites3 = extern_weak hidden constant
; CHECK-DAG: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @__ptrhook_module_ctor, ptr null }]
; CHECK-NOT: ptrhook_str

; The default ABI still calls the plain hook.
; CHECK-LABEL: define ptr @f(
; CHECK:      call void @__injected_hook(i64 %{{[0-9]+}})
; CHECK:      call void @__injected_hook(i64 %{{[0-9]+}})
define ptr @f(ptr %p) !dbg !6 {
  %g = getelementptr i8, ptr %p, i64 1, !dbg !9
  %l = load ptr, ptr %g, !dbg !10
  ret ptr %l, !dbg !9
}

; CHECK: declare extern_weak void @__ptrhook_sites_init3(ptr, ptr)
; CHECK-LABEL: define internal void @__ptrhook_module_ctor()
; (A constant expression before LLVM 19, an instruction after.)
; CHECK:      icmp ne {{\(?}}ptr @__ptrhook_sites_init3, {{(ptr )?}}null
; CHECK:      label %register, label %done
; CHECK:      register:
; CHECK-NEXT: call void @__ptrhook_sites_init3(ptr @__start_ptrhook_sites3, ptr @__stop_ptrhook_sites3)
; CHECK: ![[F]] = !{ptr @f}

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
