#!/usr/bin/env python3
"""Print what ptrhook_instrument() put on each compile of a CMake build.

Reads compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS=ON) and prints
one line per compile, sorted by target and file:

  <target> <source file name>: <ptrhook arguments>

the arguments being -fpass-plugin= and -fplugin= (the plugin's directory
shortened to ...) and every -mllvm value, in command order.

With --options FILE (an installed ptrhookOptions.cmake, the option table
of ptrhook_instrument()), it also checks that every option of the table
but those named by --except reaches some compile as -ptrhook-N=, so that
a new row of pass/Options.def cannot go untested; exit status 1 names the
ones that do not.
"""
import argparse
import json
import os
import re
import shlex
import sys


def compiles(path):
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    lines = []
    for e in entries:
        args = shlex.split(e["command"]) if "command" in e else e["arguments"]
        out = next(args[i + 1] for i, a in enumerate(args) if a == "-o")
        m = re.search(r"CMakeFiles/([^/]+)\.dir/", out)
        target = m.group(1) if m else "?"
        picked = []
        for i, a in enumerate(args):
            if a.startswith(("-fpass-plugin=", "-fplugin=")):
                opt, path = a.split("=", 1)
                picked.append("%s=.../%s" % (opt, os.path.basename(path)))
            elif a == "-mllvm":
                picked.append(args[i + 1])
        lines.append("%s %s: %s" % (target, os.path.basename(e["file"]),
                                     " ".join(picked)))
    return sorted(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("compile_commands")
    ap.add_argument("--options")
    ap.add_argument("--except", dest="skip", action="append", default=[])
    args = ap.parse_args()
    lines = compiles(args.compile_commands)
    for line in lines:
        print(line)
    if not args.options:
        return 0
    with open(args.options, encoding="utf-8") as f:
        names = re.findall(r'^set\(_ptrhook_option_\w+_NAME "([^"]+)"\)',
                           f.read(), re.M)
    text = "\n".join(lines)
    missing = [n for n in names
               if n not in args.skip and " -ptrhook-%s=" % n not in text]
    for n in missing:
        print("compile-flags: error: option '%s' of %s reaches no compile"
              % (n, args.options), file=sys.stderr)
    if missing or not names:
        return 1
    print("compile-flags: %d options of %s reach a compile"
          % (len(names) - len(args.skip), os.path.basename(args.options)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
