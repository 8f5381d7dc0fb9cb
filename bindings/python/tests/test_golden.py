"""The golden cases of the C API through the Python binding: the same decisions JSON byte
for byte, the same values as Python types, the same errors with the same positions."""
from __future__ import annotations

import datetime
import decimal
import json
import re

import pytest

import entitle
from conftest import GOLDEN, golden_cases

CASES = golden_cases()
ERRORS = {"ENTITLE_EINVAL": entitle.InvalidArgumentError, "ENTITLE_ERECORD": entitle.RecordError,
          "ENTITLE_EEVAL": entitle.EvaluationError, "ENTITLE_ELOAD": entitle.LoadError}


def blank_hash(text: str) -> str:
    """As the golden files have it: a comment edited in the rules changes only the hash."""
    return re.sub(r'"hash":"[0-9a-f]*"', '"hash":""', text, count=1)


def call(rules, case, raw):
    record = case["record"].read_text(encoding="utf-8")
    f = rules.evaluate_json if raw else rules.evaluate
    return f(record, case["as_of"], explain=case["explain"], lang=case["lang"], rules=case["rules"])


@pytest.mark.parametrize("case", [c for c in CASES if not c["expect"].startswith("error:")],
                         ids=lambda c: c["name"])
def test_decisions(screening, case):
    expected_text = (GOLDEN / case["expect"]).read_text(encoding="utf-8").rstrip("\n")
    assert blank_hash(call(screening, case, raw=True)) == expected_text
    expected = json.loads(expected_text)["decisions"]
    decisions = call(screening, case, raw=False)
    assert [d.rule for d in decisions] == [e["rule"] for e in expected]
    for d, e in zip(decisions, expected):
        assert d.status == e["status"]
        assert d.title == e["title"]
        assert d.citation.document == e["citation"]["document"]
        assert d.missing == e.get("missing", [])
        assert (d.explanation is not None) == case["explain"]
        assert d.outputs.keys() == e["outputs"].keys()
        for name, value in d.outputs.items():
            raw = e["outputs"][name]
            if value is None:
                assert raw is None
            elif isinstance(value, decimal.Decimal):
                assert str(value) == raw  # exact: the text the library wrote
            elif isinstance(value, datetime.date):
                assert value.isoformat() == raw
            else:
                assert value == raw


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"].startswith("error:")],
                         ids=lambda c: c["name"])
def test_errors(screening, case):
    _, status, field, line, column = case["expect"].split(":")
    with pytest.raises(ERRORS[status]) as info:
        call(screening, case, raw=False)
    e = info.value
    assert e.status == status
    assert e.field == ("" if field == "-" else field)
    assert (e.line, e.column) == (int(line), int(column))
    assert e.message


def test_batch_matches_single(screening):
    cases = [c for c in CASES if not c["explain"] and c["rules"] is None and c["lang"] == "zh"
             and c["as_of"] == "2024-07-01"]
    records = [c["record"].read_text(encoding="utf-8") for c in cases]
    results = screening.evaluate_many(records, "2024-07-01", threads=3)
    assert len(results) == len(cases)
    for case, result in zip(cases, results):
        if case["expect"].startswith("error:"):
            assert isinstance(result, entitle.EntitleError)
            assert result.status == case["expect"].split(":")[1]
        else:
            assert result == screening.evaluate(case["record"].read_text(encoding="utf-8"),
                                                "2024-07-01")
