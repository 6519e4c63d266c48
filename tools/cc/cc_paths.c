/*===-- cc_paths.c - finding the plugin and the runtime --------------------===*
 *
 * See cc_paths.h.
 *===----------------------------------------------------------------------===*/
#include "cc_paths.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cc_config.h"
#include "cc_util.h"

/* Returns the absolute, symlink-free path of the running executable in a
 * heap buffer, or NULL with errno set. */
static char *self_exe(void) {
  size_t cap = 256;
  char *buf = NULL;

  for (;;) {
    ssize_t n;

    buf = util_xrealloc(buf, cap);
    n = readlink("/proc/self/exe", buf, cap);
    if (n < 0) {
      int saved = errno;
      free(buf);
      errno = saved;
      return NULL;
    }
    if ((size_t)n < cap) { /* readlink does not say when it truncated */
      buf[n] = '\0';
      return buf;
    }
    cap *= 2;
  }
}

/* Cuts PATH at its last '/', leaving the directory ("/" for "/x"). */
static void strip_last_component(char *path) {
  char *slash = strrchr(path, '/');

  if (slash == path)
    slash[1] = '\0';
  else if (slash)
    *slash = '\0';
}

/* Returns DIR/REL in a new heap string.  DIR has no symlinks (it comes
 * from /proc/self/exe), so each leading "../" of REL can drop a component
 * of DIR instead: "/p/bin" + "../lib/x" is "/p/lib/x". */
static char *join_relative(const char *dir, const char *rel) {
  char *base = util_concat(dir, (char *)NULL);
  char *joined;

  while (util_starts_with(rel, "../") || util_streq(rel, "..")) {
    strip_last_component(base);
    rel += rel[2] ? 3 : 2;
  }
  if (*rel == '\0')
    return base;
  joined = util_concat(base, util_streq(base, "/") ? "" : "/", rel,
                       (char *)NULL);
  free(base);
  return joined;
}

static bool is_dir(const char *path) {
  struct stat sb;

  return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Whether DIR holds ptrhook.h. */
static bool has_header(const char *dir) {
  char *h = util_concat(dir, "/ptrhook.h", (char *)NULL);
  bool ok = access(h, R_OK) == 0;

  free(h);
  return ok;
}

int paths_locate(struct cc_state *st) {
  char *bindir = self_exe();

  if (!bindir) {
    util_error("cannot locate myself: /proc/self/exe: %s", strerror(errno));
    return -1;
  }
  strip_last_component(bindir); /* .../bin/ptrhook-cc -> .../bin */
  /* An install prefix has a directory per LLVM major, the build tree
   * keeps everything in lib/. */
  st->libdir = join_relative(bindir, PTRHOOK_BIN_TO_PKGLIBDIR);
  if (!is_dir(st->libdir)) {
    free(st->libdir);
    st->libdir = join_relative(bindir, "../lib");
  }

  st->include_dir = join_relative(bindir, PTRHOOK_BIN_TO_INCLUDEDIR);
  if (!has_header(st->include_dir)) {
    free(st->include_dir);
    st->include_dir = util_concat(PTRHOOK_SOURCE_INCLUDE_DIR, (char *)NULL);
  }
  free(bindir);

  st->plugin = util_concat(st->libdir, "/ptrhook.so", (char *)NULL);
  st->rt_static = util_concat(st->libdir, "/libptrhook_rt.a", (char *)NULL);
  st->rt_shared = util_concat(st->libdir, "/libptrhook_rt.so", (char *)NULL);
  st->dynlist = util_concat(st->libdir, "/ptrhook.dynlist", (char *)NULL);
  return 0;
}

int paths_require(const char *what, const char *path) {
  struct stat sb;

  if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, R_OK) == 0)
    return 0;
  util_error("%s not found: %s", what, path);
  return -1;
}
