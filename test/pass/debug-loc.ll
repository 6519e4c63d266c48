; Checks that every inserted instruction carries a !dbg location when the
; function has debug info: the reported instruction's own location, or line 0
; in the function's scope when it has none (phis).  Without it, LTO's inliner
; rejects the module.
; RUN: %opt -passes='ptrhook,verify' -S %s | FileCheck %s

; CHECK-LABEL: define ptr @f(
; CHECK:      %g = getelementptr i8, ptr %p, i64 1, !dbg ![[L5:[0-9]+]]
; CHECK-NEXT: %[[G:[0-9]+]] = ptrtoint ptr %g to i64, !dbg ![[L5]]
; CHECK-NEXT: call void @__injected_hook(i64 %[[G]]) #{{[0-9]+}}, !dbg ![[L5]]
; CHECK:      %m = phi ptr
; CHECK-NEXT: %[[M:[0-9]+]] = ptrtoint ptr %m to i64, !dbg ![[L0:[0-9]+]]
; CHECK-NEXT: call void @__injected_hook(i64 %[[M]]) #{{[0-9]+}}, !dbg ![[L0]]
; CHECK-DAG:  ![[SP:[0-9]+]] = distinct !DISubprogram(name: "f"
; CHECK-DAG:  ![[L5]] = !DILocation(line: 5, column: 3, scope: ![[SP]])
; CHECK-DAG:  ![[L0]] = !DILocation(line: 0, scope: ![[SP]])
define ptr @f(ptr %p, i1 %c) !dbg !6 {
entry:
  %g = getelementptr i8, ptr %p, i64 1, !dbg !9
  br i1 %c, label %a, label %join, !dbg !9
a:
  br label %join, !dbg !9
join:
  %m = phi ptr [ %g, %entry ], [ %p, %a ]
  ret ptr %m, !dbg !9
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "test", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.c", directory: "/tmp")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!6 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !7, scopeLine: 1, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!7 = !DISubroutineType(types: !8)
!8 = !{null}
!9 = !DILocation(line: 5, column: 3, scope: !6)
