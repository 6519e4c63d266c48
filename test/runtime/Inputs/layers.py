#!/usr/bin/env python3
"""Check that the runtime's files stand in the layers runtime/CMakeLists.txt
lists (test/runtime/layers.test).

    layers.py --layers runtime/CMakeLists.txt [--sources runtime/] libptrhook_rt.a

The layers are read from the PTRHOOK_RT_SOURCES list: a `#-- N title` line
opens layer N, and every rt_*.c entry after it belongs to layer N, as does
every rt_*.c or rt_*.h named in the `#-- N` line itself (rt_hook_cc.c, built
outside the list; rt_hot.h, a header without a .c).  A file that the
`#-- N` line says is "merged into rt_X.o" is no member of its own: its
object is part of rt_X's member (rt_hook_cc.c in rt_hook.o, so that a
linker takes every hook or none), and only its includes are checked; so
for a file the line says is "not linked" (rt_hook_inline.c, a hook
definition outside the libraries).  Then:

  - every member of the archive must be in a layer, and every listed .c in
    the archive;
  - a member may use (nm: U or w) a symbol defined by another member only if
    that member's layer is lower than its own: no upward use, none within a
    layer, so no two files depend on each other;
  - with --sources, a runtime file (rt_*.c, rt_*.h) may include the header
    of a lower layer, its own header, or a header of its layer that has no
    .c of its own (rt_hot.h).

Every violation is printed, naming the pair; the exit status is then 1.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def read_layers(path):
    """({stem: layer}, {stems listed as .c}) from the PTRHOOK_RT_SOURCES
    list of `path`; a file merged into another member is not listed as .c."""
    text = open(path).read()
    m = re.search(r"set\(PTRHOOK_RT_SOURCES\n(.*?)\n\)", text, re.S)
    if not m:
        sys.exit("layers.py: no set(PTRHOOK_RT_SOURCES ...) in " + path)
    layers, sources, layer = {}, set(), None
    for line in m.group(1).splitlines():
        line = line.strip()
        head = re.match(r"#--\s*(\d+)\b(.*)", line)
        if head:
            layer = int(head.group(1))
            names = re.findall(r"\b(rt_\w+)\.([ch])\b", head.group(2))
            merged = re.search(r"merged into (rt_\w+)\.o\b|not linked",
                               head.group(2))
        else:
            entry = re.match(r"(rt_\w+)\.c\b", line)
            names = [(entry.group(1), "c")] if entry else []
        for name, ext in names:
            if ext == "c" and not (head and merged):
                sources.add(name)
            if layer is None:
                sys.exit("layers.py: %s.c comes before the first '#-- N' line" % name)
            if name in layers and layers[name] != layer:
                sys.exit("layers.py: %s is in layers %d and %d" % (name, layers[name], layer))
            layers[name] = layer
    if len(set(layers.values())) < 2:
        sys.exit("layers.py: fewer than two layers in " + path)
    return layers, sources


def run_nm(archive):
    """[(member stem, type letter, symbol)] of every member of `archive`."""
    nm = shutil.which("nm") or shutil.which("llvm-nm")
    if nm is None:
        sys.exit("layers.py: neither nm nor llvm-nm found")
    out = subprocess.run([nm, "-P", "-A", archive], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    rows = []
    for line in out.splitlines():
        m = re.match(r".*\[([^\]]+)\]: (\S+) (\S)", line)
        if m:
            member = re.sub(r"(\.c)?\.o$", "", m.group(1))
            rows.append((member, m.group(3), m.group(2)))
    return rows


def check_objects(layers, sources, archive, errors):
    """Returns the number of uses between members."""
    rows = run_nm(archive)
    members = sorted({member for member, _, _ in rows})
    defined = {}
    for member, kind, sym in rows:
        # Defined with external linkage: upper case, U (undefined) aside;
        # weak definitions (W, V) count.
        if kind.isupper() and kind != "U":
            defined.setdefault(sym, member)
    for member in members:
        if member not in layers:
            errors.append("%s.c: a member of %s, but in no layer of the list"
                          % (member, os.path.basename(archive)))
    for stem in sorted(sources):
        if stem not in members:
            errors.append("%s.c: listed in layer %d, but not in %s"
                          % (stem, layers[stem], os.path.basename(archive)))
    uses = set()
    for member, kind, sym in rows:
        if kind not in ("U", "w", "v"):
            continue
        owner = defined.get(sym)
        if owner is None or owner == member:
            continue
        uses.add((member, owner, sym))
    pairs = {}
    for member, owner, sym in sorted(uses):
        if member in layers and owner in layers and layers[owner] >= layers[member]:
            pairs.setdefault((member, owner), []).append(sym)
    for (member, owner), syms in sorted(pairs.items()):
        errors.append("%s.c (layer %d) uses %s of %s.c (layer %d): a file may "
                      "use only files of lower layers"
                      % (member, layers[member], ", ".join(syms), owner,
                         layers[owner]))
    return len(uses)


def check_includes(layers, sources, errors):
    """Returns the number of runtime headers included by runtime files."""
    count = 0
    with_c = {stem for stem in layers
              if os.path.exists(os.path.join(sources, stem + ".c"))}
    for name in sorted(os.listdir(sources)):
        stem, ext = os.path.splitext(name)
        if not re.match(r"rt_\w+$", stem) or ext not in (".c", ".h"):
            continue
        if stem not in layers:
            errors.append("%s: a runtime file in no layer of the list" % name)
            continue
        for line in open(os.path.join(sources, name)):
            m = re.match(r'\s*#\s*include\s+"(rt_\w+)\.h"', line)
            if not m:
                continue
            count += 1
            header = m.group(1)
            if header not in layers:
                errors.append("%s includes %s.h, which is in no layer" % (name, header))
            elif header == stem or layers[header] < layers[stem]:
                continue
            elif layers[header] == layers[stem] and header not in with_c:
                continue  # rt_hot.h: a header of the hooks' own layer
            else:
                errors.append("%s (layer %d) includes %s.h (layer %d): a file "
                              "may include only headers of lower layers and "
                              "its own" % (name, layers[stem], header,
                                           layers[header]))
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layers", required=True, help="runtime/CMakeLists.txt")
    ap.add_argument("--sources", help="runtime/, to check the includes too")
    ap.add_argument("archive", help="libptrhook_rt.a")
    args = ap.parse_args()

    layers, sources = read_layers(args.layers)
    errors = []
    uses = check_objects(layers, sources, args.archive, errors)
    includes = check_includes(layers, args.sources, errors) if args.sources else 0
    # A check that found nothing to check asserts nothing.
    if uses == 0:
        errors.append("no member of %s uses another: nothing was checked"
                      % os.path.basename(args.archive))
    for e in errors:
        print("layers: error: " + e)
    if errors:
        return 1
    print("layers: %d files in %d layers; %d uses between objects and %d "
          "includes, all downward" % (len(layers), len(set(layers.values())),
                                      uses, includes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
