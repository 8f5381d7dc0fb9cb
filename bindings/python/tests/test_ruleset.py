"""The Python binding's own behaviour: loading, types, errors, batches, life cycle."""
from __future__ import annotations

import concurrent.futures
import datetime
import decimal
import gc
import json
import weakref

import pytest

import entitle
from conftest import PERSON, ROOT, SCREENING

PERSON_RECORD = json.loads(PERSON.read_text(encoding="utf-8"))

MEMORY_RULES = """\
ruleset: {name: memory, version: '3'}
entities:
  person:
    fields:
      age: {type: int}
      months: {type: int, default: 12}
      wage: {type: money, default: "0.00"}
rules:
  - id: pension.aged_60
    title: {zh: 年满60周岁, en: Aged 60 or over}
    citation: {document: 滕人社发〔2019〕24号, section: 四(二)4}
    entity: person
    effective: {from: 2019-12-20}
    when:
      all:
        - aged_60: age >= 60
    outputs:
      per_month: {expr: 1200 / months, type: money}
      start: {expr: 'date(2024, 8, 1)', type: date}
"""


def test_library_version():
    assert entitle.library_version().count(".") == 2


def test_load_and_describe(screening):
    assert screening.name == "screening-2024"
    assert screening.version == "2024.1"
    assert len(screening.hash) == 64
    described = screening.describe()
    ids = [r["id"] for r in described["rules"]]
    assert "resident_pension.hardship_60" in ids
    fields = {f["name"]: f for f in described["entities"][0]["fields"]}
    assert fields["birth_date"]["type"] == "date" and fields["birth_date"]["required"]
    assert "dibao" in fields["groups"]["values"]
    assert repr(screening) == "<entitle.RuleSet screening-2024 2024.1>"


def test_evaluate_types(screening):
    decisions = screening.evaluate(PERSON_RECORD, datetime.date(2024, 8, 15), lang="en",
                                   rules=["resident_pension.hardship_60"])
    [d] = decisions
    assert d.rule == "resident_pension.hardship_60" and d.eligible
    assert d.outputs == {"start_date": datetime.date(2024, 8, 1)}
    assert d.title == "Hardship groups aged 60+ draw the resident pension"
    assert d.citation == entitle.Citation("滕人社发〔2019〕24号", "四(二)4")
    assert d.explanation is None


def test_money_is_decimal_and_records_accept_python_values():
    with entitle.RuleSet.from_documents({"memory.yaml": MEMORY_RULES}) as rules:
        [d] = rules.evaluate({"age": 61, "months": 7, "wage": decimal.Decimal("4321.07")},
                             "2024-07-01")
        assert d.outputs["per_month"] == decimal.Decimal("171.43")
        assert isinstance(d.outputs["per_month"], decimal.Decimal)
        assert d.outputs["start"] == datetime.date(2024, 8, 1)
        [d] = rules.evaluate({"age": 61}, datetime.datetime(2024, 7, 1, 12, 30), explain=True)
        assert d.explanation["conditions"][1]["name"] == "aged_60"


def test_undetermined_names_missing_inputs(screening):
    record = dict(PERSON_RECORD)
    del record["hukou_local"]
    decisions = screening.evaluate(record, "2024-08-15")
    hardship = next(d for d in decisions if d.rule == "resident_pension.hardship_60")
    assert hardship.status == "undetermined"
    assert hardship.missing == ["hukou_local"]


def test_load_errors_carry_positions():
    with pytest.raises(entitle.LoadError) as info:
        entitle.RuleSet.load(ROOT / "tests" / "capi" / "golden" / "broken_ruleset")
    e = info.value
    assert e.file.endswith("broken_ruleset/rules.yaml")
    assert (e.line, e.column) == (14, 27)
    assert "unknown name 'agee'" in e.message
    assert e.diagnostics.count("error:") == 2
    assert str(e).startswith(e.file + ":14:27: ")
    with pytest.raises(entitle.LoadError) as info:
        entitle.RuleSet.load("/no/such/folder")
    assert info.value.file == "/no/such/folder"
    with pytest.raises(entitle.LoadError) as info:
        entitle.RuleSet.from_documents([("mine.yaml", "ruleset: {name: x\n")])
    assert info.value.file == "mine.yaml" and info.value.line > 0


def test_record_and_argument_errors(screening):
    with pytest.raises(entitle.RecordError) as info:
        screening.evaluate('{"id": "P1",\n "birth_date": 19640702}', "2024-07-01")
    assert (info.value.field, info.value.line, info.value.column) == ("birth_date", 2, 16)
    assert isinstance(info.value, ValueError)
    with pytest.raises(entitle.RecordError):
        screening.evaluate("{not json", "2024-07-01")
    with pytest.raises(entitle.InvalidArgumentError, match="not a date"):
        screening.evaluate(PERSON_RECORD, "2024-02-30")
    with pytest.raises(entitle.InvalidArgumentError, match="no rule 'nope'"):
        screening.evaluate(PERSON_RECORD, "2024-07-01", rules=["nope"])
    with pytest.raises(entitle.InvalidArgumentError, match="'de' is not zh or en"):
        screening.evaluate(PERSON_RECORD, "2024-07-01", lang="de")
    with pytest.raises(TypeError):
        screening.evaluate(PERSON_RECORD, 20240701)


def test_evaluation_error_names_the_expression():
    with entitle.RuleSet.from_documents({"memory.yaml": MEMORY_RULES}) as rules:
        with pytest.raises(entitle.EvaluationError) as info:
            rules.evaluate({"age": 61, "months": 0}, "2024-07-01")
        assert info.value.file == "memory.yaml"
        assert info.value.line == 18
        assert info.value.message == "division by zero"


def test_evaluate_many_keeps_order_and_failures(screening):
    records = [PERSON_RECORD, {"id": "X", "birth_date": "1964-13-01"}, PERSON_RECORD,
               '{"id": "Y", "birth_date": "1950-01-01"}']
    results = screening.evaluate_many(records, "2024-07-01", threads=2)
    assert len(results) == 4
    assert results[0] == results[2] == screening.evaluate(PERSON_RECORD, "2024-07-01")
    assert isinstance(results[1], entitle.RecordError)
    assert results[1].field == "birth_date" and results[1].line == 2
    assert all(isinstance(d, entitle.Decision) for d in results[3])
    assert screening.evaluate_many([], "2024-07-01") == []


def test_many_python_threads_share_one_ruleset(screening):
    expected = screening.evaluate_json(PERSON_RECORD, "2024-07-01", explain=True)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: screening.evaluate_json(PERSON_RECORD, "2024-07-01",
                                                              explain=True), range(200)))
    assert set(got) == {expected}


def test_close_and_context_manager():
    rules = entitle.RuleSet.load(SCREENING)
    with rules:
        assert not rules.closed
    assert rules.closed
    rules.close()  # twice is fine
    assert repr(rules) == "<entitle.RuleSet (closed)>"
    with pytest.raises(ValueError, match="closed"):
        rules.evaluate(PERSON_RECORD, "2024-07-01")


def test_garbage_collection_frees_the_handle():
    rules = entitle.RuleSet.load(SCREENING)
    finalizer = rules._finalizer
    ref = weakref.ref(rules)
    del rules
    gc.collect()
    assert ref() is None
    assert not finalizer.alive
