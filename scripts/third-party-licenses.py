#!/usr/bin/env python3
"""Prints the licences of every crate compiled into annals for a target.

Usage: scripts/third-party-licenses.py TARGET > THIRD-PARTY-LICENSES.txt

Walks `cargo metadata` from annals along normal (not dev, not build)
dependencies for TARGET, and prints each crate's name, version, SPDX licence
and the text of its licence files (LICENSE*, LICENCE*, COPYING*, NOTICE*) as
found in its source folder. Sorted by name and version, so the output is the
same on every run. Used by scripts/release.sh.
"""
import json
import os
import subprocess
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    target = sys.argv[1]
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, stack = set(), [root]
    while stack:
        node = nodes[stack.pop()]
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                stack.append(dep["pkg"])
    crates = sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))
    out = sys.stdout
    printed = {}
    out.write(f"Crates compiled into annals for {target}: {len(crates)}\n")
    out.write("Each one's licence, then the text of its licence files.\n\n")
    for p in crates:
        out.write("=" * 72 + "\n")
        out.write(f"{p['name']} {p['version']}: {p.get('license') or 'see below'}\n")
        folder = os.path.dirname(p["manifest_path"])
        names = sorted(
            n for n in os.listdir(folder)
            if n.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE"))
            and os.path.isfile(os.path.join(folder, n))
        )
        if not names:
            out.write("(no licence file in the crate; its licence is the SPDX expression above)\n")
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                text = f.read().rstrip()
            # The same licence text (most crates ship the Apache and MIT
            # texts word for word) is printed once, where it first occurs.
            first = printed.get(text)
            if first:
                out.write(f"--- {name}: the same text as {first} above\n")
            else:
                printed[text] = f"{name} of {p['name']} {p['version']}"
                out.write(f"--- {name}\n{text}\n")
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
