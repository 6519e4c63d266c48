#!/usr/bin/env python3
"""doc_paths.py - every file the project's text names must exist.

Reads README.md, docs/ (Markdown and man page templates) and the sources,
scripts and tests (comments and all), and checks three kinds of mention:

  repo paths     pass/..., runtime/..., tools/..., test/..., docs/...,
                 cmake/..., .ci/... (a directory, or a file; FILE.in counts
                 for FILE, the build configures it)
  Markdown links [text](relative/target) in .md files, relative to the page
  file names     a bare name of one of the project's files (rt_*.c, cc_*.h,
                 PtrHook.cpp, ptrhook_trace.h ...), which some file of the
                 tree must have

A file holding SKIP_MARK (below) is not read.  Prints "doc-paths: N
mentions in M files, all exist", or one line per missing mention
("FILE:LINE: no such path: P") and exits 1.

Usage: doc_paths.py [--root DIR] [FILE...]   (default: the whole tree)
"""
import os
import re
import sys

TOP_DIRS = ("pass", "runtime", "tools", "test", "docs", "cmake", ".ci")
TEXT_EXTS = {".md", ".c", ".h", ".cpp", ".def", ".inc", ".in", ".txt",
             ".cmake", ".sh", ".py", ".ll", ".test", ".awk", ".1", ".7",
             ".dynlist", ".cfg"}
# Build trees at the top (build/, build-llvm22/, build-ci/ ...).
SKIP_DIRS = re.compile(r"^build")

# A repo path: a top directory, then path characters, ending on a word
# character; not preceded by a path character (so /usr/lib/.../test/x and
# build/docs/... are not taken).
PATH_RE = re.compile(
    r"(?<![\w./@%$<-])((?:\.\./)*(?:" +
    "|".join(re.escape(d) for d in TOP_DIRS) + r")/[\w.+/-]*[\w+])")
# A file holding this line names missing paths on purpose (the test of
# this script).
SKIP_MARK = "doc-paths: " + "names missing paths on purpose"
# Paths of other projects' trees that the scripts name.
FOREIGN = {
    "test/speedtest1.c",  # SQLite's source package (test/bench/speedtest1.sh)
}
LINK_RE = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")
# A bare file name with one of the project's prefixes or the pass's names.
NAME_RE = re.compile(
    r"(?<![\w./-])((?:rt|cc|elfread|elf_sites|check|profile|prov|report|util|"
    r"trace|ptrhook_trace|ptrhook_abi|ptrhook_trace_format|mangen|"
    r"Plugin|Host|Options|PtrHook|Selection|Placement|ElideGEPs|HookCalls|"
    r"Trampoline|InlineCount|SiteTables|Site|HookImport|Compat)"
    r"(?:_\w+)?\.(?:c|h|cpp|def|inc|in))(?![\w/-])")


def tree_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames
                             if not (SKIP_DIRS.match(d) and rel == ".")
                             and d != ".git")
        for f in sorted(filenames):
            yield os.path.normpath(os.path.join(rel, f))


def exists(root, rel):
    p = os.path.join(root, rel)
    return os.path.exists(p) or os.path.exists(p + ".in")


def check_file(root, rel, basenames, missing):
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (UnicodeDecodeError, OSError):
        return 0
    if any(SKIP_MARK in line for line in lines):
        return 0
    here = os.path.dirname(rel)
    count = 0
    for no, line in enumerate(lines, 1):
        for m in PATH_RE.finditer(line):
            p = m.group(1)
            # ../x is relative to the file, x from the top.
            target = os.path.normpath(os.path.join(here, p)) \
                if p.startswith("../") else p
            count += 1
            if p not in FOREIGN and not exists(root, target):
                missing.append("%s:%d: no such path: %s" % (rel, no, p))
        if rel.endswith(".md"):
            for m in LINK_RE.finditer(line):
                p = m.group(1)
                if re.match(r"^[a-z]+:", p):
                    continue
                count += 1
                if not exists(root, os.path.normpath(os.path.join(here, p))):
                    missing.append("%s:%d: no such link target: %s" % (rel, no, p))
        for m in NAME_RE.finditer(line):
            name = m.group(1)
            count += 1
            if name not in basenames and name + ".in" not in basenames:
                missing.append("%s:%d: no such file: %s" % (rel, no, name))
    return count


def main(argv):
    root = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--root":
            root = argv[i + 1]
            i += 2
        else:
            files.append(argv[i])
            i += 1
    everything = list(tree_files(root))
    basenames = {os.path.basename(f) for f in everything}
    if not files:
        files = [f for f in everything
                 if os.path.splitext(f)[1] in TEXT_EXTS
                 or os.path.basename(f) in ("run", "CMakeLists.txt")]
    missing = []
    count = sum(check_file(root, f, basenames, missing) for f in files)
    for line in missing:
        print("doc-paths: " + line)
    if missing:
        print("doc-paths: %d of %d mentions name nothing" % (len(missing), count))
        return 1
    print("doc-paths: %d mentions in %d files, all exist" % (count, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
