/*===-- cc_hook.c - -fptrhook-hook=FILE: the hook, compiled once -----------===*
 *
 * See cc_hook.h.  The hook file is compiled on its own, never with the
 * program's flags (a build gives every translation unit other -D and -I
 * flags, and every compile and the link must agree on one hook): at -O2,
 * position-independent (it may end up in an executable or a shared
 * library), with debug info (dropped where it is inlined into code without
 * any), for the target the command names, with ptrhook.h's directory on
 * the include path.  Two steps, so that the object and the bitcode are the
 * same code:
 *
 *   clang -O2 -g -fPIC -c -emit-llvm FILE   + the plugin, hook-definition
 *   clang -O2 -fPIC -c hook.bc -o hook.o
 *
 * Both land in a cache directory named by a hash of the file's contents,
 * its path, the target and this ptrhook and clang, written under temporary
 * names and renamed into place, so that parallel compiles of a build (make
 * -j) may race to make them and each sees a whole file.
 *===----------------------------------------------------------------------===*/
/* realpath */
#define _XOPEN_SOURCE 700

#include "cc_hook.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc_config.h"
#include "cc_exec.h"
#include "cc_util.h"

enum hook_lang { HOOK_C, HOOK_CXX, HOOK_IR, HOOK_UNKNOWN };

/* The language of the hook file, by its name, as clang would see it. */
static enum hook_lang hook_lang(const char *path) {
  static const char *const cxx[] = {".cc", ".cp", ".cpp", ".cxx", ".c++", ".C"};
  const char *dot = strrchr(path, '.');

  if (!dot || strchr(dot, '/'))
    return HOOK_UNKNOWN;
  if (util_streq(dot, ".c"))
    return HOOK_C;
  for (size_t i = 0; i < UTIL_COUNT(cxx); i++)
    if (util_streq(dot, cxx[i]))
      return HOOK_CXX;
  if (util_streq(dot, ".ll") || util_streq(dot, ".bc"))
    return HOOK_IR;
  return HOOK_UNKNOWN;
}

/* FNV-1a, 64 bits, continued from H over N bytes at P. */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;

  for (size_t i = 0; i < n; i++) {
    h ^= b[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

static uint64_t fnv1a_str(uint64_t h, const char *s) {
  return fnv1a(h, s, strlen(s) + 1); /* the NUL separates fields */
}

/* Hashes the contents of PATH into *H.  Returns 0, or -1 with errno set. */
static int hash_file(const char *path, uint64_t *h) {
  char buf[65536];
  size_t n;
  FILE *f = fopen(path, "rb");
  int rc = 0;

  if (!f)
    return -1;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    *h = fnv1a(*h, buf, n);
  if (ferror(f))
    rc = -1;
  fclose(f);
  return rc;
}

/* mkdir -p PATH (modifies PATH temporarily).  Returns 0, or -1 with errno
 * set. */
static int make_dirs(char *path) {
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char c = *p;
    *p = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      *p = c;
      return -1;
    }
    *p = c;
    if (c == '\0')
      return 0;
  }
}

/* The cache's root: $PTRHOOK_CACHE_DIR, $XDG_CACHE_HOME/ptrhook,
 * $HOME/.cache/ptrhook, or /tmp/ptrhook-cache-UID.  A heap string. */
static char *cache_root(void) {
  const char *dir = getenv("PTRHOOK_CACHE_DIR");
  char uid[32];

  if (dir && *dir)
    return util_concat(dir, (char *)NULL);
  if ((dir = getenv("XDG_CACHE_HOME")) && *dir == '/')
    return util_concat(dir, "/ptrhook", (char *)NULL);
  if ((dir = getenv("HOME")) && *dir == '/')
    return util_concat(dir, "/.cache/ptrhook", (char *)NULL);
  snprintf(uid, sizeof uid, "%u", (unsigned)getuid());
  return util_concat("/tmp/ptrhook-cache-", uid, (char *)NULL);
}

static bool readable(const char *path) { return access(path, R_OK) == 0; }

/* Runs ARGV (whose program is ARGV[0]), printing it first when VERBOSE.
 * Returns 0, or -1 after printing an error that names WHAT. */
static int run(const struct util_vec *argv, bool verbose, const char *what) {
  int status;

  if (verbose)
    exec_print_argv("hook", argv->v);
  status = exec_run_argv(argv->v[0], argv->v);
  if (status == 0)
    return 0;
  if (status < 0)
    util_error("cannot run '%s': %s", argv->v[0], strerror(errno));
  else
    util_error("%s failed (exit status %d)", what, status);
  return -1;
}

int hook_prepare(struct cc_state *st, bool verbose) {
  const char *src = st->hook_source;
  enum hook_lang lang = hook_lang(src);
  char abs[PATH_MAX], hex[17], pid[32];
  char *root = NULL, *dir = NULL, *tmp_bc = NULL, *tmp_obj = NULL;
  struct util_vec make_bc = {0}, make_obj = {0};
  uint64_t h = 0xcbf29ce484222325ull;
  int rc = -1;

  if (lang == HOOK_UNKNOWN) {
    util_error("-fptrhook-hook=%s: a hook file is a C or C++ source (.c, "
               ".cc, .cpp, .cxx) or LLVM IR (.ll, .bc)",
               src);
    return -1;
  }
  if (!realpath(src, abs) || hash_file(abs, &h) != 0) {
    util_error("-fptrhook-hook=%s: cannot read '%s': %s", src, src,
               strerror(errno));
    return -1;
  }
  /* Everything the two products depend on. */
  h = fnv1a_str(h, abs);
  h = fnv1a_str(h, PTRHOOK_VERSION);
  h = fnv1a_str(h, PTRHOOK_LLVM_VERSION);
  h = fnv1a_str(h, lang == HOOK_CXX ? PTRHOOK_CLANGXX : PTRHOOK_CLANG);
  h = fnv1a_str(h, st->plugin);
  h = fnv1a_str(h, st->include_dir);
  for (size_t i = 0; i < st->target_flags.n; i++)
    h = fnv1a_str(h, st->target_flags.v[i]);
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);

  root = cache_root();
  dir = util_concat(root, "/hooks/", hex, (char *)NULL);
  st->hook_bc = util_concat(dir, "/hook.bc", (char *)NULL);
  st->hook_obj = util_concat(dir, "/hook.o", (char *)NULL);
  if (readable(st->hook_bc) && readable(st->hook_obj)) {
    rc = 0;
    goto cleanup;
  }
  if (make_dirs(dir) != 0) {
    util_error("-fptrhook-hook=%s: cannot create the cache directory '%s': "
               "%s (set PTRHOOK_CACHE_DIR)",
               src, dir, strerror(errno));
    goto cleanup;
  }
  /* clang goes by the extension: it stays last. */
  snprintf(pid, sizeof pid, "%ld", (long)getpid());
  tmp_bc = util_concat(dir, "/hook.", pid, ".tmp.bc", (char *)NULL);
  tmp_obj = util_concat(dir, "/hook.", pid, ".tmp.o", (char *)NULL);

  util_vec_push(&make_bc, lang == HOOK_CXX ? PTRHOOK_CLANGXX : PTRHOOK_CLANG);
  util_vec_push(&make_obj, PTRHOOK_CLANG);
  for (size_t i = 0; i < st->target_flags.n; i++) {
    util_vec_push(&make_bc, st->target_flags.v[i]);
    util_vec_push(&make_obj, st->target_flags.v[i]);
  }
  util_vec_push(&make_bc, "-O2");
  util_vec_push(&make_bc, "-g");
  util_vec_push(&make_bc, "-fPIC");
  util_vec_push(&make_bc, "-idirafter");
  util_vec_push(&make_bc, st->include_dir);
  util_vec_push(&make_bc,
                util_concat("-fpass-plugin=", st->plugin, (char *)NULL));
  util_vec_push(&make_bc, "-Xclang");
  util_vec_push(&make_bc, "-load");
  util_vec_push(&make_bc, "-Xclang");
  util_vec_push(&make_bc, st->plugin);
  util_vec_push(&make_bc, "-Xclang");
  util_vec_push(&make_bc, "-mllvm");
  util_vec_push(&make_bc, "-Xclang");
  util_vec_push(&make_bc, "-ptrhook-hook-definition=true");
  util_vec_push(&make_bc, "-c");
  util_vec_push(&make_bc, "-emit-llvm");
  util_vec_push(&make_bc, abs);
  util_vec_push(&make_bc, "-o");
  util_vec_push(&make_bc, tmp_bc);

  util_vec_push(&make_obj, "-O2");
  util_vec_push(&make_obj, "-fPIC");
  util_vec_push(&make_obj, "-c");
  util_vec_push(&make_obj, tmp_bc);
  util_vec_push(&make_obj, "-o");
  util_vec_push(&make_obj, tmp_obj);

  if (run(&make_bc, verbose, "compiling the hook file") != 0 ||
      run(&make_obj, verbose, "compiling the hook definition") != 0) {
    util_error("-fptrhook-hook=%s: the hook file did not compile", src);
    goto cleanup;
  }
  /* The object first: a reader takes the pair once the bitcode exists. */
  if (rename(tmp_obj, st->hook_obj) != 0 || rename(tmp_bc, st->hook_bc) != 0) {
    util_error("-fptrhook-hook=%s: cannot write to '%s': %s", src, dir,
               strerror(errno));
    goto cleanup;
  }
  rc = 0;

cleanup:
  if (rc != 0 && tmp_bc) {
    unlink(tmp_bc);
    unlink(tmp_obj);
  }
  free(make_bc.v);
  free(make_obj.v);
  free(tmp_bc);
  free(tmp_obj);
  free(dir);
  free(root);
  return rc;
}
