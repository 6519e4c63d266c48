#!/usr/bin/env python3
"""Check that every list of the pass's options names the same options.

Each source is read into {name: shape}, shape "flag" (-f[no-]ptrhook-N,
N / no-N) or "value" (-fptrhook-N=..., N=...):

  --page FILE        a man page (roff): the tag line of every .TP entry that
                     spells -fptrhook-N (ptrhook-cc(1), generated from
                     pass/Options.def)
  --pass-error FILE  the pass's error for an invalid parameter:
                     "invalid pass parameter 'x' (valid: kinds=<kind>|..., ...)"
  --help FILE        ptrhook-cc --help: the lines that start with two spaces
                     and -fptrhook-N
  --kinds-error FILE / --kinds-doc FILE
                     the pass's "valid kinds: ..." list against the kinds
                     table of docs/options.md (rows "| `kind` | ...")

Every source given must name the same options with the same shapes as the
first one; every difference is reported, naming the option and both
sources, and the exit status is 1.
"""
import argparse
import re
import sys

# Pass parameters that are not user options: set by the plugin itself
# inside the linker (pass/Options.cpp), so no wrapper flag spells them.
INTERNAL_PARAMS = {"link-stage"}


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def roff_plain(line):
    line = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", line)
    return line.replace("\\-", "-").replace("\\e", "\\")


def from_page(path):
    opts = {}
    lines = read(path).splitlines()
    for prev, line in zip(lines, lines[1:]):
        if prev.strip() != ".TP":
            continue
        tag = roff_plain(line)
        for m in re.finditer(r"(?<![\w-])-f(no-)?ptrhook-([a-z][a-z0-9_-]*)(=?)", tag):
            name = m.group(2)
            opts[name] = "value" if m.group(3) else "flag"
    return opts


def from_pass_error(path):
    m = re.search(r"\(valid: (.*)\)\s*$", read(path), re.M)
    if not m:
        sys.exit("options-agree: no '(valid: ...)' list in " + path)
    opts = {}
    for item in m.group(1).split(", "):
        if "=" in item:
            opts[item.split("=", 1)[0]] = "value"
        else:
            name = item[3:] if item.startswith("no-") else item
            if name not in INTERNAL_PARAMS:
                opts[name] = "flag"
    return opts


def from_help(path):
    opts = {}
    for line in read(path).splitlines():
        m = re.match(r"  -f(no-)?ptrhook-([a-z][a-z0-9_-]*)(=?)", line)
        if m:
            opts[m.group(2)] = "value" if m.group(3) else "flag"
    return opts


def compare(ref_name, ref, name, other):
    problems = []
    for opt in sorted(set(ref) | set(other)):
        if opt not in other:
            problems.append("option '%s' is in %s but missing from %s" % (opt, ref_name, name))
        elif opt not in ref:
            problems.append("option '%s' is in %s but missing from %s" % (opt, name, ref_name))
        elif ref[opt] != other[opt]:
            problems.append("option '%s' is a %s in %s but a %s in %s" % (
                opt, ref[opt], ref_name, other[opt], name))
    return problems


def kinds_check(error_path, doc_path):
    m = re.search(r"valid kinds: ([^)]*)\)", read(error_path))
    if not m:
        sys.exit("options-agree: no 'valid kinds: ...' list in " + error_path)
    kinds = [k for k in m.group(1).split(", ") if k != "all"]
    doc = re.findall(r"^\| `([a-z]+)` \|", read(doc_path), re.M)
    if doc != kinds:
        missing = [k for k in kinds if k not in doc]
        extra = [k for k in doc if k not in kinds]
        return ("the kinds table of %s does not list the pass's kinds in order "
                "(pass: %s; table: %s; missing: %s; unknown: %s)" % (
                    doc_path, ", ".join(kinds), ", ".join(doc),
                    ", ".join(missing) or "none", ", ".join(extra) or "none"))
    return None


def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--page")
    ap.add_argument("--pass-error")
    ap.add_argument("--help-text", "--help", dest="help_text")
    ap.add_argument("--kinds-error")
    ap.add_argument("--kinds-doc")
    args = ap.parse_args()

    sources = []
    if args.page:
        sources.append(("the man page " + args.page, from_page(args.page)))
    if args.pass_error:
        sources.append(("the pass's valid parameters", from_pass_error(args.pass_error)))
    if args.help_text:
        sources.append(("ptrhook-cc --help", from_help(args.help_text)))
    problems = []
    for name, opts in sources:
        if not opts:
            problems.append("no option found in " + name)
    if not problems and len(sources) > 1:
        ref_name, ref = sources[0]
        for name, opts in sources[1:]:
            problems += compare(ref_name, ref, name, opts)
    if args.kinds_error and args.kinds_doc:
        p = kinds_check(args.kinds_error, args.kinds_doc)
        if p:
            problems.append(p)
    for p in problems:
        print("options-agree: error: " + p, file=sys.stderr)
    if problems:
        return 1
    if sources:
        print("options-agree: %d options agree in %s" % (
            len(sources[0][1]), ", ".join(n for n, _ in sources)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
