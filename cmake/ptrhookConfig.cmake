#===-- ptrhookConfig.cmake - find_package(ptrhook) ------------------------===#
#
#   find_package(ptrhook 0.1 REQUIRED)
#   add_executable(app app.c)
#   ptrhook_instrument(app [KINDS <kind>...] [ABI addr|site] [HOOK hook.c] ...)
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
# Components: instrument (the default: everything below but the reader)
# and trace_reader.  find_package(ptrhook COMPONENTS trace_reader) alone
# needs no LLVM major and no particular compiler.
#
# Imported targets:
#   ptrhook::runtime         libptrhook_rt.a, for executables (exports the
#                            hook with --dynamic-list when linked into one)
#   ptrhook::runtime_shared  libptrhook_rt.so, for shared libraries
#   ptrhook::plugin          ptrhook.so, the pass plugin (MODULE)
#   ptrhook::cc, ptrhook::cxx  the drop-in compilers ptrhook-cc-<N>, -c++-<N>
#   ptrhook::trace_reader    libptrhook_trace_reader.a and ptrhook_trace.h,
#                            the reader of the runtime's traces (any major)
# Variables:
#   ptrhook_VERSION, ptrhook_LLVM_MAJOR, ptrhook_LLVM_VERSION,
#   ptrhook_PLUGIN, ptrhook_LIBRARY_DIR, ptrhook_INCLUDE_DIR,
#   ptrhook_CLANG, ptrhook_CLANGXX (the clang the plugin was built for),
#   ptrhook_CC, ptrhook_CXX (the wrappers)
# Function:
#   ptrhook_instrument(<target> [<option>...])
#     compiles <target>'s C and C++ sources with the plugin and links the
#     runtime: static into an executable, shared into a shared library or
#     module, and for a static or object library into whatever links it.
#     Other targets stay uninstrumented.  The options are those of
#     pass/Options.def, read from ptrhookOptions.cmake (generated from it),
#     each named like the option in capitals: a value option takes its
#     value(s), a yes/no option is a keyword and NO_<keyword>:
#       KINDS <kind>...         ABI addr|site      CC c|preserve_most|...
#       INLINE off|count        NO_SKIP_NOOP       SKIP_ACCESS_GEPS
#       ELIDE_CONST_GEPS        ELIDE_CHECK        NO_SITES
#       ALLOWLIST <file>...     IGNORELIST <file>...
#       HOOK <file>             HOOK_DEFINITION    LINK_TIME
#     (docs/options.md lists them all).  Values are checked here, at
#     configure time.  Files (ALLOWLIST, IGNORELIST, HOOK) are relative to
#     the current source directory, and editing one recompiles the target.
#     HOOK compiles the hook file (C, C++ or LLVM IR) into a hook
#     definition <binary dir>/ptrhook-hook-<name>.bc, given to every compile
#     of the target, and an object ptrhook-hook-<name>.o, linked into the
#     target, or for a static or object library into whatever links it.
#     LINK_TIME (LLVM 15+) turns on the target's INTERPROCEDURAL_OPTIMIZATION
#     and links it, or whatever links a static or object library, with lld
#     and the plugin.
#===----------------------------------------------------------------------===#

if(CMAKE_VERSION VERSION_LESS 3.18)
  set(ptrhook_FOUND FALSE)
  set(ptrhook_NOT_FOUND_MESSAGE "ptrhook needs CMake 3.18 or later")
  return()
endif()

#===----------------------------------------------------------------------===#
# 1. Components; the trace reader, which needs no LLVM major
#===----------------------------------------------------------------------===#
set(_ptrhook_components ${ptrhook_FIND_COMPONENTS})
if(NOT _ptrhook_components)
  set(_ptrhook_components instrument)
endif()
foreach(_ptrhook_component IN LISTS _ptrhook_components)
  if(NOT _ptrhook_component MATCHES "^(instrument|trace_reader)$")
    set(ptrhook_FOUND FALSE)
    set(ptrhook_NOT_FOUND_MESSAGE "${CMAKE_CURRENT_LIST_DIR}: unknown "
        "component '${_ptrhook_component}' (components: instrument, "
        "trace_reader)")
    return()
  endif()
endforeach()
include("${CMAKE_CURRENT_LIST_DIR}/ptrhookTraceReaderTargets.cmake")
set(ptrhook_trace_reader_FOUND TRUE)
if(NOT "instrument" IN_LIST _ptrhook_components)
  return()
endif()

#===----------------------------------------------------------------------===#
# 2. Which LLVM major
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
# 3. Imported targets and variables of that major
#===----------------------------------------------------------------------===#
include(CMakeFindDependencyMacro)
find_dependency(Threads)
include("${CMAKE_CURRENT_LIST_DIR}/llvm-${ptrhook_LLVM_MAJOR}/ptrhookTargets.cmake")

#===----------------------------------------------------------------------===#
# 4. ptrhook_instrument()
#===----------------------------------------------------------------------===#
# The hook definition of HOOK reads its #includes: Ninja and Makefiles learn
# them from clang's depfile, with paths as written (the NEW behaviour).
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

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

# HOOK <file>: the two commands of ptrhook-cc -fptrhook-hook=
# (tools/cc/cc_hook.c) as one custom command, made once per hook file and
# shared by every target that names it: <file> (C, C++ or LLVM IR) compiled
# on its own, never with a target's flags, with the plugin in hook-definition
# mode into bitcode, and that bitcode into an object, so that the two are the
# same code.  Sets <out>_BC, <out>_OBJ and <out>_TARGET (the custom target to
# depend on) in the caller.
function(_ptrhook_hook_definition target file out)
  string(SHA1 key "${file}")
  get_property(made GLOBAL PROPERTY _ptrhook_hook_${key})
  if(made)
    list(GET made 0 bc)
    list(GET made 1 obj)
    list(GET made 2 custom)
  else()
    set(depfile)
    if(file MATCHES "\\.c$")
      set(clang "${ptrhook_CLANG}")
      set(depfile TRUE)
    elseif(file MATCHES "\\.(cc|cp|cpp|cxx|c\\+\\+|C)$")
      set(clang "${ptrhook_CLANGXX}")
      set(depfile TRUE)
    elseif(file MATCHES "\\.(ll|bc)$")
      set(clang "${ptrhook_CLANG}")
    else()
      message(FATAL_ERROR "ptrhook_instrument(${target}): HOOK '${file}': a "
        "hook file is a C or C++ source (.c, .cc, .cpp, .cxx) or LLVM IR "
        "(.ll, .bc)")
    endif()
    # ptrhook-hook-<name of the file>, unless another hook file took it.
    get_filename_component(name "${file}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${name}" name)
    if(TARGET ptrhook_hook_${name})
      string(SUBSTRING "${key}" 0 8 hash)
      string(APPEND name "_${hash}")
    endif()
    set(custom ptrhook_hook_${name})
    set(bc "${CMAKE_CURRENT_BINARY_DIR}/ptrhook-hook-${name}.bc")
    set(obj "${CMAKE_CURRENT_BINARY_DIR}/ptrhook-hook-${name}.o")
    # The target the project compiles for, as ptrhook-cc passes --target.
    set(target_flags)
    if(CMAKE_C_COMPILER_TARGET)
      set(target_flags "--target=${CMAKE_C_COMPILER_TARGET}")
    endif()
    set(deps)
    if(depfile AND CMAKE_VERSION VERSION_GREATER_EQUAL 3.20)
      set(deps -MD -MF "${bc}.d")
      set(depfile DEPFILE "${bc}.d")
    else()
      set(depfile)
    endif()
    add_custom_command(OUTPUT "${bc}" "${obj}"
      COMMAND "${clang}" ${target_flags} -O2 -g -fPIC
              -idirafter "${ptrhook_INCLUDE_DIR}"
              "-fpass-plugin=${ptrhook_PLUGIN}"
              -Xclang -load -Xclang "${ptrhook_PLUGIN}"
              -Xclang -mllvm -Xclang -ptrhook-hook-definition=true
              ${deps} -c -emit-llvm "${file}" -o "${bc}"
      COMMAND "${ptrhook_CLANG}" ${target_flags} -O2 -fPIC
              -c "${bc}" -o "${obj}"
      DEPENDS "${file}" "${ptrhook_PLUGIN}"
      ${depfile}
      COMMENT "Compiling the ptrhook hook definition ptrhook-hook-${name}.bc"
      VERBATIM)
    add_custom_target(${custom} DEPENDS "${bc}" "${obj}")
    set_property(GLOBAL PROPERTY _ptrhook_hook_${key} "${bc};${obj};${custom}")
  endif()
  set(${out}_BC "${bc}" PARENT_SCOPE)
  set(${out}_OBJ "${obj}" PARENT_SCOPE)
  set(${out}_TARGET "${custom}" PARENT_SCOPE)
endfunction()

# "a, b, c" for the list in variable LIST_VAR, into OUT.
function(_ptrhook_comma_list out list_var)
  list(JOIN ${list_var} ", " joined)
  set(${out} "${joined}" PARENT_SCOPE)
endfunction()

function(ptrhook_instrument target)
  # The keywords, and the usage line, from the option table.
  include("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/ptrhookOptions.cmake")
  set(flag_keywords)
  set(one_keywords)
  set(multi_keywords)
  set(usage "usage: ptrhook_instrument(<target>")
  foreach(kw IN LISTS _ptrhook_options)
    set(shape "${_ptrhook_option_${kw}_SHAPE}")
    if(shape STREQUAL "FLAG")
      list(APPEND flag_keywords ${kw} NO_${kw})
      if(_ptrhook_option_${kw}_DEFAULT)
        string(APPEND usage " [NO_${kw}]")
      else()
        string(APPEND usage " [${kw}]")
      endif()
    elseif(shape STREQUAL "CHOICE")
      list(APPEND one_keywords ${kw})
      list(JOIN _ptrhook_option_${kw}_VALUES "|" values)
      string(APPEND usage " [${kw} ${values}]")
    elseif(shape STREQUAL "PATH")
      list(APPEND one_keywords ${kw})
      string(APPEND usage " [${kw} <${_ptrhook_option_${kw}_WHAT}>]")
    elseif(shape STREQUAL "KINDS")
      list(APPEND multi_keywords ${kw})
      string(APPEND usage " [${kw} <kind>...]")
    else() # FILES
      list(APPEND multi_keywords ${kw})
      string(APPEND usage " [${kw} <${_ptrhook_option_${kw}_WHAT}>...]")
    endif()
  endforeach()
  string(APPEND usage ")")

  cmake_parse_arguments(PARSE_ARGV 1 arg "${flag_keywords}" "${one_keywords}"
                        "${multi_keywords}")
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

  # Each option given becomes -ptrhook-<name>=<value> for -mllvm, checked
  # now: a bad value, or a file read only when clang runs, would fail every
  # compile; say it once, at configure time.
  set(flags)        # for -mllvm
  set(files)        # what the compiles read: a dependency of every source
  set(hook FALSE)   # HOOK: hook_BC, hook_OBJ, hook_TARGET
  set(link_time FALSE)
  foreach(kw IN LISTS _ptrhook_options)
    set(name "${_ptrhook_option_${kw}_NAME}")
    set(shape "${_ptrhook_option_${kw}_SHAPE}")
    set(what "${_ptrhook_option_${kw}_WHAT}")
    if(shape STREQUAL "FLAG")
      if(arg_${kw} AND arg_NO_${kw})
        message(FATAL_ERROR "ptrhook_instrument(${target}): ${kw} and "
          "NO_${kw} contradict each other")
      elseif(arg_${kw})
        list(APPEND flags "-ptrhook-${name}=true")
      elseif(arg_NO_${kw})
        list(APPEND flags "-ptrhook-${name}=false")
      endif()
      if(name STREQUAL "link-time" AND arg_${kw})
        set(link_time TRUE)
      endif()
      continue()
    endif()
    if(NOT DEFINED arg_${kw})
      continue()
    endif()
    set(value "${arg_${kw}}")
    if(shape STREQUAL "CHOICE")
      if(NOT value IN_LIST _ptrhook_option_${kw}_VALUES)
        _ptrhook_comma_list(valid _ptrhook_option_${kw}_VALUES)
        message(FATAL_ERROR "ptrhook_instrument(${target}): ${kw}: unknown "
          "${what} '${value}' (valid: ${valid})")
      endif()
      list(APPEND flags "-ptrhook-${name}=${value}")
    elseif(shape STREQUAL "KINDS")
      # KINDS load gep, as well as the wrapper's KINDS load,gep.
      string(REGEX REPLACE "[,|]" ";" kinds "${value}")
      foreach(kind IN LISTS kinds)
        if(NOT kind IN_LIST _ptrhook_kinds AND NOT kind STREQUAL "none")
          _ptrhook_comma_list(valid _ptrhook_kinds)
          message(FATAL_ERROR "ptrhook_instrument(${target}): ${kw}: unknown "
            "pointer kind '${kind}' (valid kinds: ${valid})")
        endif()
      endforeach()
      list(JOIN kinds "," kinds)
      list(APPEND flags "-ptrhook-${name}=${kinds}")
    else() # FILES, each one an option; PATH, one
      foreach(file IN LISTS value)
        get_filename_component(file "${file}" ABSOLUTE
                               BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
        if(NOT EXISTS "${file}" OR IS_DIRECTORY "${file}")
          message(FATAL_ERROR "ptrhook_instrument(${target}): ${kw} ${what} "
            "'${file}' does not exist")
        endif()
        if(name STREQUAL "hook")
          _ptrhook_hook_definition(${target} "${file}" hook)
          set(hook TRUE)
          list(APPEND flags "-ptrhook-${name}=${hook_BC}")
          continue()
        endif()
        list(APPEND flags "-ptrhook-${name}=${file}")
        list(APPEND files "${file}")
      endforeach()
    endif()
  endforeach()

  # Compile: the plugin for C and C++ sources only.  Pass flags need the
  # plugin loaded before clang parses -mllvm: -fplugin= loads it early.
  set(opts "-fpass-plugin=${ptrhook_PLUGIN}")
  if(flags)
    list(APPEND opts "-fplugin=${ptrhook_PLUGIN}")
    foreach(flag IN LISTS flags)
      list(APPEND opts "SHELL:-mllvm \"${flag}\"")
    endforeach()
  endif()
  # The hook definition is made before the target is compiled, and a new one
  # recompiles the target: its compiles name it in their depfile (clang's
  # -fdepfile-entry, as for -fsanitize-ignorelist files), which Ninja and,
  # from CMake 3.20 on, Makefiles read.  Not OBJECT_DEPENDS, a property of
  # the source: every other target of the directory compiling the same
  # source would wait for the hook too, and with Makefiles make it again,
  # in parallel.
  if(hook)
    add_dependencies(${target} ${hook_TARGET})
    if(CMAKE_VERSION VERSION_LESS 3.20)
      list(APPEND files "${hook_BC}")
    else()
      list(APPEND opts "SHELL:-Xclang \"-fdepfile-entry=${hook_BC}\"")
    endif()
  endif()
  foreach(opt IN LISTS opts)
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:C,CXX>:${opt}>")
  endforeach()
  # Editing a list must recompile the target's sources (those it has now;
  # a source property, so other targets compiling them recompile too).
  if(files)
    get_target_property(dir ${target} SOURCE_DIR)
    get_target_property(sources ${target} SOURCES)
    foreach(src IN LISTS sources)
      if(NOT src MATCHES "\\$<")
        get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${dir}")
        set_property(SOURCE "${src}" TARGET_DIRECTORY ${target} APPEND
                     PROPERTY OBJECT_DEPENDS ${files})
      endif()
    endforeach()
  endif()

  # Link: properties rather than target_link_libraries(), which would clash
  # with a project that uses its keyword-less form on the same target.  The
  # hook's object goes before the runtime, as ptrhook-cc puts it: its
  # __injected_hook replaces the runtime's (weak) one.
  set(libs)
  if(hook)
    list(APPEND libs "${hook_OBJ}")
  endif()
  if(type STREQUAL "EXECUTABLE")
    list(APPEND libs ptrhook::runtime)
  elseif(type MATCHES "^(SHARED|MODULE)_LIBRARY$")
    list(APPEND libs ptrhook::runtime_shared)
  else()
    # Whatever links the library links the runtime, chosen by its type;
    # the library itself only needs ptrhook.h.
    target_include_directories(${target} PRIVATE "${ptrhook_INCLUDE_DIR}")
    list(APPEND libs
      "$<IF:$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>,ptrhook::runtime,ptrhook::runtime_shared>")
  endif()

  # LINK_TIME: the plugin instruments inside the LTO link, so the target is
  # compiled for LTO (INTERPROCEDURAL_OPTIMIZATION: -flto=thin, and llvm-ar
  # for a static library) and whatever links its code links with lld, which
  # loads the plugin.  As ptrhook-cc refuses it, refuse what would leave
  # the code uninstrumented.
  set(link_opts)
  if(link_time)
    if(ptrhook_LLVM_MAJOR LESS 15)
      message(FATAL_ERROR "ptrhook_instrument(${target}): LINK_TIME needs "
        "LLVM 15 or later (lld ${ptrhook_LLVM_MAJOR} cannot load pass "
        "plugins); this ptrhook is built for LLVM ${ptrhook_LLVM_VERSION}")
    endif()
    set_property(TARGET ${target} PROPERTY INTERPROCEDURAL_OPTIMIZATION TRUE)
    set(link_opts -fuse-ld=lld "LINKER:--load-pass-plugin=${ptrhook_PLUGIN}")
  endif()

  if(type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
    set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES ${libs})
    if(link_opts)
      set_property(TARGET ${target} APPEND PROPERTY LINK_OPTIONS ${link_opts})
    endif()
  else()
    foreach(lib IN LISTS libs)
      set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES
                   "$<LINK_ONLY:${lib}>")
    endforeach()
    if(link_opts)
      set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_OPTIONS
                   ${link_opts})
    endif()
  endif()
endfunction()

set(ptrhook_instrument_FOUND TRUE)
