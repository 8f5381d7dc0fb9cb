"""RuleSet.batch: a whole file screened in the engine (entitle_batch_run)."""
from __future__ import annotations

import os
import subprocess

import pytest

import entitle
from conftest import SCREENING

COLUMNS = "@" + str(SCREENING / "columns.txt")
HEADER = ("id,birth_date,sex,hukou_local,township,groups,employment,resident_pension_enrolled,"
          "employee_pension_enrolled,receiving_pension,contribution_months,monthly_wage\n")
ROWS = [
    "P1,1985-04-07,F,true,Chengguan,,employee,false,true,false,44,5899.89\n",
    "P2,1960-01-08,M,true,Dongfeng,registered_poor,farmer,true,false,false,120,0.00\n",
    "P3,1963-13-40,F,true,Jinxi,dibao,farmer,false,false,false,0,0.00\n",  # not a date
    "P4,1958-08-19,F,true,Jinxi,dibao,farmer,true,false,false,180,0.00\n",
    "P5,1990-02-01,M,false,Chengguan,,flexible,false,false,false,12,abc\n",  # not money
    "P6,1950-05-05,M,true,Dongfeng,tekun,farmer,false,false,true,0,0.00\n",
]


@pytest.fixture
def persons(tmp_path):
    path = tmp_path / "persons.csv"
    path.write_text(HEADER + "".join(ROWS * 50), encoding="utf-8")
    return path


def test_counts_add_up_and_rejects_are_listed(screening, persons, tmp_path):
    out = tmp_path / "out.csv"
    counts = screening.batch(persons, out, "2024-07-01", columns=COLUMNS, threads=2)
    assert counts == entitle.BatchCounts(rows_in=300, rows_out=200, rows_rejected=100)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,age,hardship_pension_60,")
    assert len(lines) == 1 + 200
    assert not any(line.startswith(("P3,", "P5,")) for line in lines)
    rejects = (tmp_path / "out.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[0] == "line,field,reason,record"
    assert len(rejects) == 1 + 100
    assert rejects[1].startswith("4,birth_date,")
    assert rejects[2].startswith("6,monthly_wage,")


def test_same_bytes_for_any_thread_count(screening, persons, tmp_path):
    one, four = tmp_path / "one.jsonl", tmp_path / "four.jsonl"
    screening.batch(persons, one, "2024-07-01", threads=1)
    screening.batch(persons, four, "2024-07-01", threads=4)
    assert one.read_bytes() == four.read_bytes()
    assert one.read_bytes().count(b"\n") == 200


@pytest.mark.skipif(not os.environ.get("ENTITLE_RUNNER"), reason="ENTITLE_RUNNER not set")
def test_same_bytes_as_the_runner(screening, persons, tmp_path):
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    screening.batch(persons, ours, "2024-07-01", columns=COLUMNS, summary_by="township")
    subprocess.run([os.environ["ENTITLE_RUNNER"], "batch", str(SCREENING), "--as-of",
                    "2024-07-01", "--in", str(persons), "--out", str(theirs), "--columns",
                    COLUMNS, "--summary-by", "township", "--allow-rejects"],
                   check=True, capture_output=True)
    assert ours.read_bytes() == theirs.read_bytes()
    for suffix in (".rejects.csv", ".summary.csv"):
        assert (tmp_path / ("ours" + suffix)).read_bytes() == \
            (tmp_path / ("theirs" + suffix)).read_bytes()


def test_named_rejects_file_is_always_written(screening, tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text(HEADER + ROWS[0], encoding="utf-8")
    rejects = tmp_path / "r.csv"
    counts = screening.batch(clean, tmp_path / "o.csv", "2024-07-01", rejects_path=rejects)
    assert counts == entitle.BatchCounts(1, 1, 0)
    assert rejects.read_text(encoding="utf-8") == "line,field,reason,record\n"


def test_bad_columns_name_the_argument(screening, persons, tmp_path):
    out = tmp_path / "out.csv"
    with pytest.raises(entitle.InvalidArgumentError) as e:
        screening.batch(persons, out, "2024-07-01", columns="id, agee")
    assert e.value.field == "columns"
    assert "unknown path 'agee'" in e.value.message
    assert not out.exists()


def test_header_that_does_not_fit(screening, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,birth_dat\nX,1950-01-01\n", encoding="utf-8")
    with pytest.raises(entitle.RecordError) as e:
        screening.batch(bad, tmp_path / "o.csv", "2024-07-01")
    assert (e.value.file, e.value.line, e.value.column) == (str(bad), 1, 4)


def test_missing_input_is_an_os_error(screening, tmp_path):
    with pytest.raises(OSError) as e:
        screening.batch(tmp_path / "nope.csv", tmp_path / "o.csv", "2024-07-01")
    assert isinstance(e.value, entitle.EntitleIOError)
    assert e.value.status == "ENTITLE_EIO"
    assert e.value.file == str(tmp_path / "nope.csv")
