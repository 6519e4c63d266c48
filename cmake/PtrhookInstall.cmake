#===-- cmake/PtrhookInstall.cmake - what `cmake --install` lays out -------===#
#
# Included by the top-level CMakeLists.txt once the components are defined.
# For LLVM major N, `cmake --install build --prefix P` installs:
#
#   P/bin/ptrhook-cc-N, ptrhook-c++-N    the wrapper (c++: a symlink to it)
#   P/bin/ptrhook-cc, ptrhook-c++        symlinks to those (*)
#   P/bin/ptrhook-report, ptrhook-trace  (tools/report, tools/trace)
#   P/lib/ptrhook/llvm-N/                ptrhook.so, libptrhook_rt.a,
#                                        libptrhook_rt.so, ptrhook.dynlist
#   P/lib/libptrhook_trace_reader.a      the trace reader (tools/tracereader)
#   P/include/ptrhook.h, ptrhook_abi.h
#   P/include/ptrhook_trace.h,           the trace reader's API and the
#             ptrhook_trace_format.h     trace format (tools/tracereader)
#   P/lib/cmake/ptrhook/                 ptrhookConfig.cmake (+ version file),
#                                        ptrhookOptions.cmake (generated from
#                                        pass/Options.def),
#                                        ptrhookTraceReaderTargets.cmake,
#                                        llvm-N/ptrhookTargets.cmake
#   P/lib/pkgconfig/ptrhook-N.pc, ptrhook.pc (*), ptrhook-trace-reader.pc
#   P/share/man/man1/                    ptrhook-cc.1, ptrhook-c++.1,
#                                        ptrhook-cc-N.1, ptrhook-c++-N.1,
#                                        ptrhook-report.1, ptrhook-trace.1
#   P/share/man/man7/ptrhook.7           the runtime
#
# (*) only with PTRHOOK_INSTALL_DEFAULT_NAMES (ON by default).
#
# Installing another major into the same P adds its own files next to
# these: a plugin only loads into the clang of its major, so everything
# that depends on the major has the major in its name (the trace reader,
# ptrhook-report and ptrhook-trace read the output of every major: one of
# each).  The unsuffixed names are whichever major was installed last with
# PTRHOOK_INSTALL_DEFAULT_NAMES=ON.  Nothing installed holds an absolute
# path inside P (the wrapper, the CMake files and the .pc file find P
# relative to themselves), so P can be moved after installation.
#===----------------------------------------------------------------------===#

include(CMakePackageConfigHelpers)

set(PTRHOOK_MAJOR ${LLVM_VERSION_MAJOR})
set(PTRHOOK_STAGE_DIR ${PROJECT_BINARY_DIR}/install-staging)
set(PTRHOOK_CC_NAME ptrhook-cc-${PTRHOOK_MAJOR})
set(PTRHOOK_CXX_NAME ptrhook-c++-${PTRHOOK_MAJOR})

#===----------------------------------------------------------------------===#
# 1. Commands: the wrapper under its suffixed name, symlinks for the rest
#===----------------------------------------------------------------------===#
# install(PROGRAMS) copies a symlink as a symlink: the links are made here
# once, relative, and installed like files.
file(MAKE_DIRECTORY ${PTRHOOK_STAGE_DIR}/bin)
file(CREATE_LINK ${PTRHOOK_CC_NAME} ${PTRHOOK_STAGE_DIR}/bin/${PTRHOOK_CXX_NAME}
     SYMBOLIC)
install(PROGRAMS $<TARGET_FILE:ptrhook-cc>
  DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME ${PTRHOOK_CC_NAME})
install(PROGRAMS ${PTRHOOK_STAGE_DIR}/bin/${PTRHOOK_CXX_NAME}
  DESTINATION ${CMAKE_INSTALL_BINDIR})
if(PTRHOOK_INSTALL_DEFAULT_NAMES)
  file(CREATE_LINK ${PTRHOOK_CC_NAME} ${PTRHOOK_STAGE_DIR}/bin/ptrhook-cc
       SYMBOLIC)
  file(CREATE_LINK ${PTRHOOK_CXX_NAME} ${PTRHOOK_STAGE_DIR}/bin/ptrhook-c++
       SYMBOLIC)
  install(PROGRAMS ${PTRHOOK_STAGE_DIR}/bin/ptrhook-cc
                   ${PTRHOOK_STAGE_DIR}/bin/ptrhook-c++
    DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

#===----------------------------------------------------------------------===#
# 2. Plugin and runtime, one directory per LLVM major; the header
#===----------------------------------------------------------------------===#
# None of them links anything outside the system, so they carry no RPATH
# that a moved prefix would break.
install(TARGETS ptrhook
  LIBRARY DESTINATION ${PTRHOOK_INSTALL_PKGLIBDIR})
install(TARGETS ptrhook_rt_static ptrhook_rt_shared
  ARCHIVE DESTINATION ${PTRHOOK_INSTALL_PKGLIBDIR}
  LIBRARY DESTINATION ${PTRHOOK_INSTALL_PKGLIBDIR})
install(FILES $<TARGET_FILE_DIR:ptrhook_rt_static>/ptrhook.dynlist
  DESTINATION ${PTRHOOK_INSTALL_PKGLIBDIR})
# inline=runtime's hook definition, next to the plugin that looks for it.
install(FILES ${PTRHOOK_RT_HOOK_BC} DESTINATION ${PTRHOOK_INSTALL_PKGLIBDIR})
install(FILES ${PTRHOOK_ABI_INCLUDE_DIR}/ptrhook.h
              ${PTRHOOK_ABI_INCLUDE_DIR}/ptrhook_abi.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

#===----------------------------------------------------------------------===#
# 3. CMake package: find_package(ptrhook)
#===----------------------------------------------------------------------===#
# ptrhookConfig.cmake is the same for every major and picks one of the
# llvm-N/ directories next to it; ptrhookTargets.cmake in there defines the
# imported targets of that major.  Next to it: ptrhookOptions.cmake, the
# option table of ptrhook_instrument(), written by ptrhook-mangen from
# pass/Options.def (docs/man, section 5), and the trace reader's target,
# the same for every major.
file(RELATIVE_PATH PTRHOOK_CMAKEDIR_TO_PREFIX
     "/prefix/${PTRHOOK_INSTALL_CMAKEDIR}/llvm-${PTRHOOK_MAJOR}" "/prefix")
file(RELATIVE_PATH PTRHOOK_CMAKEDIR_TOP_TO_PREFIX
     "/prefix/${PTRHOOK_INSTALL_CMAKEDIR}" "/prefix")
configure_file(${CMAKE_CURRENT_LIST_DIR}/ptrhookTargets.cmake.in
  ${PTRHOOK_STAGE_DIR}/cmake/ptrhookTargets.cmake @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/ptrhookTraceReaderTargets.cmake.in
  ${PTRHOOK_STAGE_DIR}/cmake/ptrhookTraceReaderTargets.cmake @ONLY)
write_basic_package_version_file(
  ${PTRHOOK_STAGE_DIR}/cmake/ptrhookConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion) # 0.x: a new minor may change the API
install(FILES ${CMAKE_CURRENT_LIST_DIR}/ptrhookConfig.cmake
              ${PTRHOOK_STAGE_DIR}/cmake/ptrhookConfigVersion.cmake
              ${PROJECT_BINARY_DIR}/docs/man/ptrhookOptions.cmake
              ${PTRHOOK_STAGE_DIR}/cmake/ptrhookTraceReaderTargets.cmake
  DESTINATION ${PTRHOOK_INSTALL_CMAKEDIR})
install(FILES ${PTRHOOK_STAGE_DIR}/cmake/ptrhookTargets.cmake
  DESTINATION ${PTRHOOK_INSTALL_CMAKEDIR}/llvm-${PTRHOOK_MAJOR})

#===----------------------------------------------------------------------===#
# 4. pkg-config: ptrhook-N.pc, and ptrhook.pc for the default major
#===----------------------------------------------------------------------===#
set(PTRHOOK_INSTALL_PKGCONFIGDIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH PTRHOOK_PCDIR_TO_PREFIX
     "/prefix/${PTRHOOK_INSTALL_PKGCONFIGDIR}" "/prefix")
string(REGEX REPLACE "/$" "" PTRHOOK_PCDIR_TO_PREFIX
       "${PTRHOOK_PCDIR_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/ptrhook.pc.in
  ${PTRHOOK_STAGE_DIR}/pkgconfig/ptrhook-${PTRHOOK_MAJOR}.pc @ONLY)
install(FILES ${PTRHOOK_STAGE_DIR}/pkgconfig/ptrhook-${PTRHOOK_MAJOR}.pc
  DESTINATION ${PTRHOOK_INSTALL_PKGCONFIGDIR})
if(PTRHOOK_INSTALL_DEFAULT_NAMES)
  install(FILES ${PTRHOOK_STAGE_DIR}/pkgconfig/ptrhook-${PTRHOOK_MAJOR}.pc
    DESTINATION ${PTRHOOK_INSTALL_PKGCONFIGDIR} RENAME ptrhook.pc)
endif()
# The trace reader, one for every major.
configure_file(${CMAKE_CURRENT_LIST_DIR}/ptrhook-trace-reader.pc.in
  ${PTRHOOK_STAGE_DIR}/pkgconfig/ptrhook-trace-reader.pc @ONLY)
install(FILES ${PTRHOOK_STAGE_DIR}/pkgconfig/ptrhook-trace-reader.pc
  DESTINATION ${PTRHOOK_INSTALL_PKGCONFIGDIR})

#===----------------------------------------------------------------------===#
# 5. Man pages: generated at build time, one page per command and the
#    runtime's, and a .so link page for every other command name
#===----------------------------------------------------------------------===#
# docs/man builds ptrhook-mangen and, with it, the pages from their templates
# and the option tables (pass/Options.def, runtime/rt_flags.inc): no option
# list in a page is written by hand.
add_subdirectory(${PROJECT_SOURCE_DIR}/docs/man ${PROJECT_BINARY_DIR}/docs/man)
set(PTRHOOK_MAN_SRC ${PROJECT_SOURCE_DIR}/docs/man)
set(PTRHOOK_MAN_OUT ${PROJECT_BINARY_DIR}/docs/man)
foreach(name ${PTRHOOK_CC_NAME} ${PTRHOOK_CXX_NAME})
  file(WRITE ${PTRHOOK_STAGE_DIR}/man/${name}.1 ".so man1/ptrhook-cc.1\n")
endforeach()
install(FILES ${PTRHOOK_MAN_OUT}/ptrhook-cc.1
              ${PTRHOOK_MAN_SRC}/ptrhook-c++.1
              ${PTRHOOK_STAGE_DIR}/man/${PTRHOOK_CC_NAME}.1
              ${PTRHOOK_STAGE_DIR}/man/${PTRHOOK_CXX_NAME}.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PTRHOOK_MAN_OUT}/ptrhook-report.1
              ${PTRHOOK_MAN_OUT}/ptrhook-trace.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PTRHOOK_MAN_OUT}/ptrhook.7
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
