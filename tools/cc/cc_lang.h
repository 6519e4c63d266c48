/*===-- cc_lang.h - which inputs clang compiles to code --------------------===*
 *
 * An input is a "source" when clang runs code generation on it, which is
 * where the pass plugin runs: C, C++ and Objective-C in all their forms
 * (preprocessed, headers, module interfaces), LLVM IR and bitcode, and
 * serialized ASTs.  Assembly, objects, archives and shared libraries are
 * not.  CUDA, HIP and OpenCL are deliberately not sources: clang would run
 * the plugin on device code too, where the host's hook cannot be called.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_CC_LANG_H
#define PTRHOOK_CC_LANG_H

#include <stdbool.h>

/* Returns true if inputs given after "-x LANG" are sources. */
bool lang_is_source(const char *lang);

/* Returns true if clang, with no -x in effect, treats PATH as a source
 * (by its extension, case-sensitively as clang does: .C is C++). */
bool lang_path_is_source(const char *path);

#endif /* PTRHOOK_CC_LANG_H */
