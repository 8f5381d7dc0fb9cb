"""Shared fixtures: the repository root, the screening rule set, and the golden cases of
tests/capi/golden/cases.txt (the same cases the C tests run)."""
from __future__ import annotations

import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the package itself, without installing it

import entitle  # noqa: E402

ROOT = pathlib.Path(os.environ.get("ENTITLE_SOURCE_DIR", HERE.parents[2]))
SCREENING = ROOT / "rules" / "screening-2024"
PERSON = SCREENING / "examples" / "person.json"
GOLDEN = ROOT / "tests" / "capi" / "golden"


def golden_cases() -> list[dict]:
    cases = []
    for line in (GOLDEN / "cases.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, as_of, lang, explain, rules, record, expect = line.split()
        cases.append({"name": name, "as_of": as_of, "lang": lang, "explain": explain == "1",
                      "rules": None if rules == "-" else rules.split(","),
                      "record": ROOT / record, "expect": expect})
    return cases


@pytest.fixture(scope="session")
def screening():
    with entitle.RuleSet.load(SCREENING) as rules:
        yield rules
