"""The Dask driver's pieces that need no cluster: shard names, summary merging, merging
outputs, atomic writes. The cluster runs are tests/dask/."""
from __future__ import annotations

import os

import pytest

from entitle import dask as driver


def test_shard_names_come_from_the_shard_only(tmp_path):
    paths = driver.shard_paths("/data/in/part-07.csv", "/out", ".csv")
    assert paths == {"out": "/out/part-07.csv", "rejects": "/out/part-07.rejects.csv",
                     "summary": "/out/part-07.summary.csv"}


def test_shards_sorted_and_clashing_stems_refused(tmp_path):
    for name in ("b.csv", "a.csv", "c.jsonl"):
        (tmp_path / name).write_text("id\n")
    assert driver.find_shards([str(tmp_path / "*.csv")]) == \
        [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    with pytest.raises(driver.UsageError, match="same output names"):
        driver.find_shards([str(tmp_path / "a.csv"), str(tmp_path / "*.csv")])
    with pytest.raises(driver.UsageError, match="no file matches"):
        driver.find_shards([str(tmp_path / "*.tsv")])
    (tmp_path / "x.rejects.csv").write_text("id\n")
    with pytest.raises(driver.UsageError, match="clashes"):
        driver.find_shards([str(tmp_path / "x.rejects.csv")])


def test_summaries_merge_exactly_in_engine_order(tmp_path):
    one = tmp_path / "1.csv"
    two = tmp_path / "2.csv"
    one.write_text("township,rows,r.eligible,r.amount.sum,r.rate.sum\n"
                   "Nanhu,2,1,0.10,1.5\n\"A,b\",1,0,1000000000000.05,0.25\n"
                   "(all),3,1,1000000000000.15,1.75\n")
    two.write_text("township,rows,r.eligible,r.amount.sum,r.rate.sum\n"
                   ",1,1,0.20,0\nNanhu,3,3,0.20,2.5\n(all),4,4,0.40,2.5\n")
    # Money keeps 2 decimals; other numbers are written without trailing zeros (1.5 + 2.5
    # is "4", as the engine writes it), never with an exponent.
    assert driver.merge_summaries([str(one), str(two)], {"r.amount.sum"}) == (
        "township,rows,r.eligible,r.amount.sum,r.rate.sum\n"
        ",1,1,0.20,0\n\"A,b\",1,0,1000000000000.05,0.25\nNanhu,5,4,0.30,4\n"
        "(all),7,5,1000000000000.55,4.25\n")
    three = tmp_path / "3.csv"
    three.write_text("township,rows\n(all),0\n")
    with pytest.raises(RuntimeError, match="columns differ"):
        driver.merge_summaries([str(one), str(three)], set())


def test_money_columns_come_from_the_rule_set(screening):
    money = driver.money_sum_columns(screening)
    assert "resident_pension.subsidised_contribution.subsidy_amount.sum" in money
    assert "resident_pension.backpay_60.backpay_months.sum" not in money


def test_outputs_merge_with_one_header(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("id,x\n1,2\n")
    b.write_text("id,x\n3,4\n5,6\n")
    target = tmp_path / "all.csv"
    driver.merge_outputs([str(a), str(b)], str(target), csv_header=True)
    assert target.read_text() == "id,x\n1,2\n3,4\n5,6\n"
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "m.json"

    def broken(f):
        f.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        driver.write_atomically(str(target), broken)
    assert os.listdir(tmp_path) == []


def test_preflight_fails_a_bad_job_before_any_task(screening, tmp_path):
    shard = tmp_path / "part-00.csv"
    shard.write_text("id,birth_date\nP1,1950-01-01\n")
    driver.preflight(screening, str(shard), "2024-07-01", "id, age", "township", ".csv")
    with pytest.raises(driver.UsageError, match="unknown path 'agee'"):
        driver.preflight(screening, str(shard), "2024-07-01", "id, agee", None, ".csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,birth_dat\n")
    with pytest.raises(driver.UsageError, match=f"{bad}.*birth_dat"):
        driver.preflight(screening, str(bad), "2024-07-01", None, None, ".csv")
