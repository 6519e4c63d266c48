#===-- ptrhookConfig.cmake - find_package(ptrhook) ------------------------===#
#
#   find_package(ptrhook 0.1 REQUIRED)
#   add_executable(app app.c)
#   ptrhook_instrument(app [KINDS <kind>...] [ALLOWLIST <file>]
#                      [IGNORELIST <file>])
#
# A prefix may hold ptrhook for several LLVM majors (llvm-<N>/ next to this
# file), and a plugin only loads into the clang of its own major.  This
# file picks one:
#   1. ptrhook_LLVM_MAJOR, if set before find_package();
#   2. else the major of the project's clang (the C compiler, then C++), if
#      installed here;
#   3. else the only major installed (ptrhook_instrument then checks the
#      compiler).
#
# Imported targets:
#   ptrhook::runtime         libptrhook_rt.a, for executables (exports the
#                            hook with --dynamic-list when linked into one)
#   ptrhook::runtime_shared  libptrhook_rt.so, for shared libraries
#   ptrhook::plugin          ptrhook.so, the pass plugin (MODULE)
#   ptrhook::cc, ptrhook::cxx  the drop-in compilers ptrhook-cc-<N>, -c++-<N>
# Variables:
#   ptrhook_VERSION, ptrhook_LLVM_MAJOR, ptrhook_LLVM_VERSION,
#   ptrhook_PLUGIN, ptrhook_LIBRARY_DIR, ptrhook_INCLUDE_DIR,
#   ptrhook_CLANG, ptrhook_CLANGXX (the clang the plugin was built for),
#   ptrhook_CC, ptrhook_CXX (the wrappers)
# Function:
#   ptrhook_instrument(<target> [KINDS <kind>...] [ALLOWLIST <file>]
#                      [IGNORELIST <file>])
#     compiles <target>'s C and C++ sources with the plugin and links the
#     runtime: static into an executable, shared into a shared library or
#     module, and for a static or object library into whatever links it.
#     Other targets stay uninstrumented.  KINDS: only those pointer kinds
#     (alloca, gep, load, call, cast, phi, select, other, all).  ALLOWLIST,
#     IGNORELIST: SpecialCaseList files selecting the functions, as clang's
#     -fsanitize-coverage-allowlist/-ignorelist (relative paths are from the
#     current source directory).
#===----------------------------------------------------------------------===#

if(CMAKE_VERSION VERSION_LESS 3.18)
  set(ptrhook_FOUND FALSE)
  set(ptrhook_NOT_FOUND_MESSAGE "ptrhook needs CMake 3.18 or later")
  return()
endif()

#===----------------------------------------------------------------------===#
# 1. Which LLVM major
#===----------------------------------------------------------------------===#
file(GLOB _ptrhook_dirs LIST_DIRECTORIES true
     "${CMAKE_CURRENT_LIST_DIR}/llvm-*")
set(_ptrhook_majors)
foreach(_ptrhook_dir IN LISTS _ptrhook_dirs)
  if(EXISTS "${_ptrhook_dir}/ptrhookTargets.cmake" AND
     _ptrhook_dir MATCHES "/llvm-([0-9]+)$")
    list(APPEND _ptrhook_majors ${CMAKE_MATCH_1})
  endif()
endforeach()
list(SORT _ptrhook_majors COMPARE NATURAL)

if(NOT ptrhook_LLVM_MAJOR)
  foreach(_ptrhook_lang C CXX)
    string(REGEX MATCH "^[0-9]+" _ptrhook_major
           "${CMAKE_${_ptrhook_lang}_COMPILER_VERSION}")
    if(CMAKE_${_ptrhook_lang}_COMPILER_ID STREQUAL "Clang" AND
       _ptrhook_major IN_LIST _ptrhook_majors)
      set(ptrhook_LLVM_MAJOR ${_ptrhook_major})
      break()
    endif()
  endforeach()
endif()
list(LENGTH _ptrhook_majors _ptrhook_count)
if(NOT ptrhook_LLVM_MAJOR AND _ptrhook_count EQUAL 1)
  set(ptrhook_LLVM_MAJOR ${_ptrhook_majors})
endif()

if(NOT ptrhook_LLVM_MAJOR OR NOT ptrhook_LLVM_MAJOR IN_LIST _ptrhook_majors)
  list(JOIN _ptrhook_majors ", " _ptrhook_list)
  if(NOT _ptrhook_majors)
    set(_ptrhook_why "no LLVM major is installed next to it")
  elseif(ptrhook_LLVM_MAJOR)
    set(_ptrhook_why "ptrhook_LLVM_MAJOR is ${ptrhook_LLVM_MAJOR}, but only "
        "LLVM ${_ptrhook_list} are installed")
  else()
    set(_ptrhook_lang C)
    if(NOT CMAKE_C_COMPILER_ID)
      set(_ptrhook_lang CXX)
    endif()
    set(_ptrhook_why "it holds ptrhook for LLVM ${_ptrhook_list}, and a plugin "
        "only loads into the clang of its major, but the project's compiler "
        "is ${CMAKE_${_ptrhook_lang}_COMPILER_ID} "
        "${CMAKE_${_ptrhook_lang}_COMPILER_VERSION}: configure the "
        "project with the clang of one of them, or set ptrhook_LLVM_MAJOR to "
        "one of them")
  endif()
  string(CONCAT ptrhook_NOT_FOUND_MESSAGE "${CMAKE_CURRENT_LIST_DIR}: "
         ${_ptrhook_why})
  set(ptrhook_FOUND FALSE)
  return()
endif()

#===----------------------------------------------------------------------===#
# 2. Imported targets and variables of that major
#===----------------------------------------------------------------------===#
include(CMakeFindDependencyMacro)
find_dependency(Threads)
include("${CMAKE_CURRENT_LIST_DIR}/llvm-${ptrhook_LLVM_MAJOR}/ptrhookTargets.cmake")

#===----------------------------------------------------------------------===#
# 3. ptrhook_instrument()
#===----------------------------------------------------------------------===#
# A plugin loaded into another major's clang is refused (or crashes), so
# every enabled C and C++ compiler must be clang of the plugin's major.
function(_ptrhook_check_compilers target)
  get_property(langs GLOBAL PROPERTY ENABLED_LANGUAGES)
  set(checked FALSE)
  foreach(lang C CXX)
    if(NOT lang IN_LIST langs)
      continue()
    endif()
    set(checked TRUE)
    set(id "${CMAKE_${lang}_COMPILER_ID}")
    set(version "${CMAKE_${lang}_COMPILER_VERSION}")
    string(REGEX MATCH "^[0-9]+" major "${version}")
    if(id STREQUAL "Clang" AND major STREQUAL ptrhook_LLVM_MAJOR)
      continue()
    endif()
    if(lang STREQUAL "C")
      set(clang "${ptrhook_CLANG}")
    else()
      set(clang "${ptrhook_CLANGXX}")
    endif()
    message(FATAL_ERROR
      "ptrhook_instrument(${target}): the ${lang} compiler is ${id} ${version} "
      "(${CMAKE_${lang}_COMPILER}), but this ptrhook plugin was built for "
      "LLVM ${ptrhook_LLVM_VERSION} and loads only into clang "
      "${ptrhook_LLVM_MAJOR}.  Configure the project with "
      "-DCMAKE_${lang}_COMPILER=${clang}, or use ptrhook built for that "
      "compiler's LLVM.")
  endforeach()
  if(NOT checked)
    message(FATAL_ERROR "ptrhook_instrument(${target}): the project enables "
      "neither C nor CXX; ptrhook instruments C and C++ code")
  endif()
endfunction()

function(ptrhook_instrument target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "ALLOWLIST;IGNORELIST" "KINDS")
  string(CONCAT usage "usage: ptrhook_instrument(<target> [KINDS <kind>...] "
         "[ALLOWLIST <file>] [IGNORELIST <file>])")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ptrhook_instrument(${target}): unexpected "
      "arguments '${arg_UNPARSED_ARGUMENTS}'; ${usage}")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "ptrhook_instrument(${target}): "
      "${arg_KEYWORDS_MISSING_VALUES} needs a value; ${usage}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "ptrhook_instrument(${target}): no such target")
  endif()
  get_target_property(type ${target} TYPE)
  get_target_property(imported ${target} IMPORTED)
  get_target_property(aliased ${target} ALIASED_TARGET)
  if(imported OR aliased OR NOT type MATCHES
     "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY|STATIC_LIBRARY|OBJECT_LIBRARY)$")
    message(FATAL_ERROR "ptrhook_instrument(${target}): not a target this "
      "project compiles (an executable or a library defined here)")
  endif()
  _ptrhook_check_compilers(${target})

  # A list file read only when clang runs would fail every compile; say it
  # once, now.
  set(lists)
  set(list_files)
  foreach(kind ALLOWLIST IGNORELIST)
    if(DEFINED arg_${kind})
      get_filename_component(file "${arg_${kind}}" ABSOLUTE
                             BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      if(NOT EXISTS "${file}" OR IS_DIRECTORY "${file}")
        message(FATAL_ERROR "ptrhook_instrument(${target}): ${kind} file "
          "'${file}' does not exist")
      endif()
      string(TOLOWER "${kind}" flag)
      list(APPEND lists "-ptrhook-${flag}=${file}")
      list(APPEND list_files "${file}")
    endif()
  endforeach()

  # Compile: the plugin for C and C++ sources only.  Pass flags need the
  # plugin loaded before clang parses -mllvm: -fplugin= loads it early.
  set(opts "-fpass-plugin=${ptrhook_PLUGIN}")
  set(flags)
  if(arg_KINDS)
    list(JOIN arg_KINDS "," kinds)
    list(APPEND flags "-ptrhook-kinds=${kinds}")
  endif()
  list(APPEND flags ${lists})
  if(flags)
    list(APPEND opts "-fplugin=${ptrhook_PLUGIN}")
    foreach(flag IN LISTS flags)
      list(APPEND opts "SHELL:-mllvm \"${flag}\"")
    endforeach()
  endif()
  foreach(opt IN LISTS opts)
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:C,CXX>:${opt}>")
  endforeach()
  # Editing a list must recompile the target's sources (those it has now;
  # a source property, so other targets compiling them recompile too).
  if(list_files)
    get_target_property(dir ${target} SOURCE_DIR)
    get_target_property(sources ${target} SOURCES)
    foreach(src IN LISTS sources)
      if(NOT src MATCHES "\\$<")
        get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${dir}")
        set_property(SOURCE "${src}" TARGET_DIRECTORY ${target} APPEND
                     PROPERTY OBJECT_DEPENDS ${list_files})
      endif()
    endforeach()
  endif()

  # Link: properties rather than target_link_libraries(), which would clash
  # with a project that uses its keyword-less form on the same target.
  if(type STREQUAL "EXECUTABLE")
    set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES
                 ptrhook::runtime)
  elseif(type MATCHES "^(SHARED|MODULE)_LIBRARY$")
    set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES
                 ptrhook::runtime_shared)
  else()
    # Whatever links the library links the runtime, chosen by its type;
    # the library itself only needs ptrhook.h.
    target_include_directories(${target} PRIVATE "${ptrhook_INCLUDE_DIR}")
    set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES
      "$<LINK_ONLY:$<IF:$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>,ptrhook::runtime,ptrhook::runtime_shared>>")
  endif()
endfunction()
