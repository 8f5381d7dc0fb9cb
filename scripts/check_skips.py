#!/usr/bin/env python3
"""Fails when ctest skipped a test that tests/allowed_skips.txt does not name.

A skipped test passes silently in ctest's exit status; in CI a skip means a missing install
step or a fixture that did not run, so it is a failure unless allowed by name with a reason.
Reads the JUnit file of `ctest --output-junit FILE`.

    scripts/check_skips.py build/ctest-junit.xml
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ALLOWED = Path(__file__).resolve().parent.parent / "tests/allowed_skips.txt"


def allowed_patterns():
    patterns = []
    for n, line in enumerate(ALLOWED.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, reason = line.partition("\t")
        if not sep or not reason.strip():
            sys.exit(f"{ALLOWED}:{n}: expected 'NAME-REGEX<TAB>reason'")
        patterns.append(re.compile(name))
    return patterns


def skipped_tests(junit: Path):
    for case in ET.parse(junit).getroot().iter("testcase"):
        status = case.get("status", "run")
        if status in ("notrun", "disabled") or case.find("skipped") is not None:
            yield case.get("name")


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    patterns = allowed_patterns()
    skipped = list(skipped_tests(Path(sys.argv[1])))
    bad = [t for t in skipped if not any(p.fullmatch(t) for p in patterns)]
    for t in bad:
        print(f"skipped, and not in tests/allowed_skips.txt: {t}")
    print(f"{len(skipped)} skipped, {len(skipped) - len(bad)} of them allowed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
