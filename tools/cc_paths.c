/*===-- cc_paths.c - finding the plugin and the runtime --------------------===*
 *
 * See cc_paths.h.
 *===----------------------------------------------------------------------===*/
#include "cc_paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int paths_locate(struct cc_state *st) {
  char *prefix = self_exe();

  if (!prefix) {
    util_error("cannot locate myself: /proc/self/exe: %s", strerror(errno));
    return -1;
  }
  /* /proc/self/exe has no symlinks left, so dropping two components is
   * the same as appending "/..", with a cleaner result. */
  strip_last_component(prefix); /* .../bin/ptrhook-cc -> .../bin */
  strip_last_component(prefix); /* .../bin -> ... */
  st->libdir = util_concat(prefix, prefix[1] ? "/lib" : "lib", (char *)NULL);
  free(prefix);

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
