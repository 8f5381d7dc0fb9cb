#!/usr/bin/env python3
"""Fails when `entitle test --coverage` on a bundled rule set reports anything unreached.

Usage: coverage_complete.py ENTITLE RULESET_DIR

rules/README.md promises that every rule, named condition (true and false), table row and
parameter period a rule set defines is reached by its own tests; this keeps the promise.
"""
import re
import subprocess
import sys

entitle, folder = sys.argv[1], sys.argv[2]
p = subprocess.run([entitle, "test", folder, "--coverage", "--lang", "en"],
                   capture_output=True, text=True, timeout=300)
if p.returncode != 0:
    sys.exit(f"entitle test failed (exit {p.returncode}):\n{p.stdout}{p.stderr}")
lines = p.stdout.split("\n")
start = lines.index("coverage:")
sections, gaps = 0, []
for line in lines[start + 1:]:
    m = re.match(r"^  (\S.*): (\d+) of (\d+)$", line)
    if m:
        sections += 1
        if m.group(2) != m.group(3):
            gaps.append(line.strip())
    elif line.startswith("    "):
        gaps.append(line.strip())
    else:
        break
if sections != 4:
    sys.exit(f"expected 4 coverage sections, found {sections}:\n{p.stdout}")
if gaps:
    sys.exit(f"{folder}: coverage is not complete:\n  " + "\n  ".join(gaps))
print(f"{folder}: coverage complete")
