/*===-- cc_exec.c - building, showing and running the clang command --------===*
 *
 * See cc_exec.h.
 *===----------------------------------------------------------------------===*/
#include "cc_exec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cc_util.h"
#include "ptrhook_abi.h"

/* The runtime library, which the linker must meet after the objects that
 * call the hook, normally goes last.  A "-x LANG" still in effect there
 * would make clang compile the library as LANG source: "-x none" first.
 * Past a "--" no option is read, so then the library goes just before the
 * "--", where the hook is not yet referenced: --undefined pulls it in. */
static void push_runtime(struct cc_state *st, bool before_dashdash) {
  struct util_vec *cmd = &st->cmd;
  bool archive = st->runtime == CC_RT_STATIC;

  if (before_dashdash && archive)
    util_vec_push(cmd, "-Wl,--undefined=" PTRHOOK_HOOK_NAME);
  if (st->lang) {
    util_vec_push(cmd, "-x");
    util_vec_push(cmd, "none");
  }
  if (st->hook_obj)
    util_vec_push(cmd, st->hook_obj);
  util_vec_push(cmd, archive ? st->rt_static : st->rt_shared);
  if (before_dashdash && st->lang) {
    util_vec_push(cmd, "-x");
    util_vec_push(cmd, st->lang); /* restored for the inputs after "--" */
  }
}

void exec_build(struct cc_state *st) {
  struct util_vec *cmd = &st->cmd;
  bool before_dashdash =
      st->runtime != CC_RT_NONE && st->lang && st->dashdash_at > 0;
  int i;

  util_vec_push(cmd, st->clang);

  if (st->add_plugin)
    util_vec_push(cmd, util_concat("-fpass-plugin=", st->plugin, (char *)NULL));
  if (st->add_link_plugin)
    util_vec_push(cmd, util_concat("-Wl,--load-pass-plugin=", st->plugin,
                                   (char *)NULL));
  if (st->add_hook && st->add_plugin)
    util_vec_push(&st->plugin_flags,
                  util_concat("-ptrhook-hook=", st->hook_bc, (char *)NULL));
  if (st->add_plugin_options) {
    /* clang 14 loads -fpass-plugin only at code generation, after cc1 has
     * parsed -mllvm: loading the plugin early with -load registers its
     * cl::opts in time ("Unknown command line argument" otherwise).  The
     * second dlopen of the same file is a no-op. */
    util_vec_push(cmd, "-Xclang");
    util_vec_push(cmd, "-load");
    util_vec_push(cmd, "-Xclang");
    util_vec_push(cmd, st->plugin);
    /* The flags go to cc1 only (-Xclang -mllvm -Xclang, not -mllvm): the
     * driver also hands -mllvm to the assembler of a .S input and to an
     * LTO link, where the plugin is not loaded and the flag is an error
     * ("Unknown command line argument"). */
    for (size_t i = 0; i < st->plugin_flags.n; i++) {
      util_vec_push(cmd, "-Xclang");
      util_vec_push(cmd, "-mllvm");
      util_vec_push(cmd, "-Xclang");
      util_vec_push(cmd, st->plugin_flags.v[i]);
    }
  }
  if (st->add_dynlist)
    util_vec_push(
        cmd, util_concat("-Wl,--dynamic-list=", st->dynlist, (char *)NULL));
  if (st->runtime == CC_RT_SHARED)
    util_vec_push(cmd, util_concat("-Wl,-rpath,", st->libdir, (char *)NULL));
  if (st->add_include_dir) {
    /* ptrhook.h, after the user's directories: a header of theirs named
     * like ours wins. */
    util_vec_push(cmd, "-idirafter");
    util_vec_push(cmd, st->include_dir);
  }

  for (i = 1; i < st->argc; i++) {
    if (i == st->dashdash_at && before_dashdash)
      push_runtime(st, true);
    if (st->action[i] != CC_DROP)
      util_vec_push(cmd, st->argv[i]);
  }
  if (st->runtime != CC_RT_NONE && !before_dashdash)
    push_runtime(st, false);
}

/* Writes S to F, quoted for a POSIX shell if it needs to be. */
static void put_quoted(FILE *f, const char *s) {
  const char *p;

  if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                      "0123456789_@%+=:,./-") == strlen(s)) {
    fputs(s, f);
    return;
  }
  fputc('\'', f);
  for (p = s; *p; p++) {
    if (*p == '\'')
      fputs("'\\''", f);
    else
      fputc(*p, f);
  }
  fputc('\'', f);
}

void exec_print_argv(const char *what, const char *const *argv) {
  fprintf(stderr, UTIL_PROG ": %s:", what);
  for (; *argv; argv++) {
    fputc(' ', stderr);
    put_quoted(stderr, *argv);
  }
  fputc('\n', stderr);
  fflush(stderr);
}

void exec_print(const struct cc_state *st) {
  exec_print_argv("exec", st->cmd.v);
}

void exec_run(const struct cc_state *st) {
  execv(st->clang, (char *const *)st->cmd.v);
}

int exec_run_argv(const char *path, const char *const *argv) {
  pid_t pid;
  int status;

  /* Whatever is buffered must not be written twice, by both processes. */
  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execv(path, (char *const *)argv);
    util_error("cannot run '%s': %s", path, strerror(errno));
    _exit(127);
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

int exec_run_child(const struct cc_state *st) {
  return exec_run_argv(st->clang, st->cmd.v);
}
