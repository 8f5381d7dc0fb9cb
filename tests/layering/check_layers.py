#!/usr/bin/env python3
"""Fails when a file under src/ includes a header of a layer it must not depend on.

The layers (docs/architecture.md explains each), lowest first. A file may include headers of
its own layer and of any lower floor. Layers that share a floor are independent of each other:
neither may include the other (io reads records without the YAML loader, the REST service
shares code with the C API only through host/).

Every `#include "..."` is checked. "layer/file.hpp" names its layer by its first folder; a
public header ("entitle/x.hpp", "entitle.h") belongs to the floor that implements it; a bare
"file.hpp" is the including file's own folder. An include that names no known layer fails
too, so a new folder under src/ has to be given its floor here.

  check_layers.py SRC_DIR        check SRC_DIR, print each offending include as file:line
  check_layers.py --self-check SRC_DIR
                                 check that the checker catches an upward include, a
                                 sideways one and an unknown folder (on temp copies)
"""
import os
import re
import shutil
import sys
import tempfile

FLOORS = [
    ("base",),             # diagnostics, hashing, spelling hints, UTF-8, text positions
    ("values",),           # types, values, dates, decimals, the value store
    ("expr",),             # the expression language: syntax, built-ins, compiled programs
    ("model",),            # the linked rule set: schemas, rules, parameters, programs
    ("load", "io"),        # rule files in, checked and compiled | records in, decisions out
    ("engine",),           # evaluation, and the public RuleSet that ties load, io and it
    ("batch", "host"),     # file batches | what the C API and the REST service share
    ("capi", "server"),    # the C API | the REST service
    ("runner",),           # the `entitle` command line
]
FLOOR = {layer: n for n, layers in enumerate(FLOORS) for layer in layers}

# Public headers (include/) by the layer that implements them; generated ones too.
PUBLIC = {
    "entitle/diagnostics.hpp": "base",
    "entitle/version.h": "base",  # generated from src/version.h.in
    "entitle/value.hpp": "values",
    "entitle/calendar.hpp": "values",
    "entitle/decimal.hpp": "values",
    "entitle/record.hpp": "values",
    "entitle/decision.hpp": "values",
    "entitle/ruleset.hpp": "model",  # the RuleSet handle load builds; engine evaluates it
    "entitle.h": "capi",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".inc")


def layer_of_include(path, own_layer):
    if path in PUBLIC:
        return PUBLIC[path]
    if "/" not in path:
        return own_layer
    first = path.split("/", 1)[0]
    return first if first in FLOOR else None


def problems(src_dir):
    found = []
    for root, dirs, files in os.walk(src_dir):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, src_dir).replace(os.sep, "/")
            if "/" not in rel:
                found.append(f"{rel}: a source file directly in src/ belongs to no layer")
                continue
            own = rel.split("/", 1)[0]
            if own not in FLOOR:
                found.append(f"{rel}: folder '{own}' is not a layer; give it a floor in "
                             f"tests/layering/check_layers.py and docs/architecture.md")
                continue
            with open(full, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    layer = layer_of_include(target, own)
                    where = f"src/{rel}:{number}"
                    if layer is None:
                        found.append(f'{where}: #include "{target}" names no layer')
                    elif layer == own or FLOOR[layer] < FLOOR[own]:
                        continue
                    elif FLOOR[layer] == FLOOR[own]:
                        found.append(f'{where}: #include "{target}": {own} and {layer} share '
                                     f"a floor and must not include each other")
                    else:
                        found.append(f'{where}: #include "{target}": {own} (floor '
                                     f"{FLOOR[own]}) must not include {layer} (floor "
                                     f"{FLOOR[layer]}), a higher layer")
    return found


def check(src_dir):
    found = problems(src_dir)
    for p in found:
        print(p)
    if found:
        print(f"{len(found)} include(s) against the layer order (see docs/architecture.md)")
        return 1
    print(f"layering: every include under {src_dir} goes down or stays in its layer")
    return 0


def self_check(src_dir):
    """The real tree is clean, and each kind of bad include is caught, naming file:line."""
    if problems(src_dir):
        print("self-check: the tree itself has layering problems; run without --self-check")
        return 1
    injections = [
        ("base/sha256.cpp", '#include "engine/evaluation.hpp"', "must not include engine"),
        ("load/link.cpp", '#include "io/json_record.hpp"', "share a floor"),
        ("server/router.cpp", '#include "capi/shim.hpp"', "share a floor"),
        ("values/type.cpp", '#include "entitle/ruleset.hpp"', "must not include model"),
        ("model/model.cpp", '#include "load/expr_checker.hpp"', "must not include load"),
        ("values/type.cpp", '#include "nowhere/thing.hpp"', "names no layer"),
    ]
    failures = 0
    for rel, include, expected in injections:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "src")
            shutil.copytree(src_dir, copy)
            target = os.path.join(copy, rel)
            with open(target, encoding="utf-8") as f:
                lines = f.readlines()
            lines.insert(2, include + "\n")  # becomes line 3
            with open(target, "w", encoding="utf-8") as f:
                f.writelines(lines)
            found = problems(copy)
            want = f"src/{rel}:3: {include}"
            hits = [p for p in found if p.startswith(want) and expected in p]
            if len(found) != 1 or not hits:
                print(f"self-check FAILED: injecting {include} into {rel} gave {found}")
                failures += 1
            else:
                print(f"self-check: caught {hits[0]}")
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-check":
        return self_check(argv[2])
    if len(argv) == 2:
        return check(argv[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
