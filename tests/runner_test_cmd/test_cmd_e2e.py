#!/usr/bin/env python3
"""End-to-end tests of `entitle test` (and check's "no test case" warning) through the real
binary, against the fixture rule set beside this script.

Usage: test_cmd_e2e.py ENTITLE_BINARY SCENARIO   (SCENARIO: one of the names in SCENARIOS)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixture")
CASES = os.path.join(HERE, "cases")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")


def run(entitle, *args, cwd=None):
    p = subprocess.run([entitle, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout, p.stderr


def summary(stdout):
    """(passed, failed, skipped) from the last line, which must be the summary."""
    lines = stdout.rstrip("\n").split("\n")
    m = SUMMARY.match(lines[-1])
    assert m, f"the last line is not 'N passed, N failed': {lines[-1]!r}\n{stdout}"
    return int(m[1]), int(m[2]), int(m[3] or 0)


def expect_in(text, *pieces):
    for piece in pieces:
        assert piece in text, f"missing {piece!r} in:\n{text}"


def test_passing(entitle):
    code, out, err = run(entitle, "test", FIXTURE, "--lang", "en")
    assert code == 0, (code, out, err)
    assert summary(out) == (5, 0, 1), out
    assert "FAIL" not in out, out
    code, out, _ = run(entitle, "test", FIXTURE, "-v", "--lang", "en")
    expect_in(out, "passing.yaml:9: ok turns 60 on as_of",
              "skipped waiting for the 2030 reform (the 2030 figures are not final)")


def test_failing(entitle):
    path = os.path.join(CASES, "failing.yaml")
    code, out, err = run(entitle, "test", FIXTURE, path, "--lang", "en")
    assert code == 1, (code, out, err)
    assert summary(out) == (1, 2, 0), out
    expect_in(out,
              f"{path}:10: FAIL wrong on every count <&\">\n"
              "  pension.start (line 13)\n"
              "    status: expected eligible, got not_eligible\n"
              "    output start_date: expected 2024-08-01, got null\n"
              "    failing conditions: expected [local], got [old_enough]\n"
              "    why:\n"
              "      fails: at pension age — age 59 < pension age 60 (测试文件 一)\n",
              f"{path}:18: FAIL money is compared exactly\n",
              "    output base: expected 4321.10, got 4321.07\n")
    # The same report in Chinese, the default language.
    code, out, _ = run(entitle, "test", FIXTURE, path)
    expect_in(out, f"{path}:10: 失败 wrong on every count",
              "    状态：期望 eligible，实际 not_eligible\n",
              "      不符合：达到领取年龄 — 年龄 59 < 领取年龄 60（测试文件 一）\n")
    summary(out)


def test_bad_file(entitle):
    path = os.path.join(CASES, "bad.yaml")
    code, out, err = run(entitle, "test", FIXTURE, path, "--lang", "en")
    assert code == 1, (code, out, err)
    assert summary(out) == (1, 6, 0), out
    expect_in(out,
              f"{path}:8:7: error: the rule set has no rule 'pension.strat' "
              "(did you mean 'pension.start'?)",
              f"{path}:12:33: error: rule 'pension.start' has no output 'start_dat' "
              "(did you mean 'start_date'?)",
              f"{path}:16:55: error: 'old_enogh' is not a condition of pension.start "
              "(did you mean 'old_enough'?)",
              f"{path}:19:14: error: person: unknown field 'hukou_locl' "
              "(did you mean 'hukou_local'?)",
              f"{path}:24:26: error: person.birth_date: not a date",
              f"{path}:29:18: error: the rule set has no parameter 'pension_ag' "
              "(did you mean 'pension_age'?)")
    # A YAML syntax error: the file counts as one failure.
    with tempfile.TemporaryDirectory() as tmp:
        broken = os.path.join(tmp, "broken.yaml")
        with open(broken, "w") as f:
            f.write("cases:\n  - name: [unclosed\n")
        code, out, _ = run(entitle, "test", FIXTURE, broken)
        assert code == 1 and summary(out) == (0, 1, 0), out
        expect_in(out, f"{broken}:")


def test_coverage(entitle):
    code, out, _ = run(entitle, "test", FIXTURE, "--coverage", "--lang", "en")
    assert code == 0, out
    expect_in(out,
              "coverage:\n"
              "  rules checked by some case: 3 of 3\n"
              "  named conditions seen both true and false: 1 of 3\n",
              "    pension.start local: never false (",
              "    wage.base has_wage: never false (",
              "  decision-table rows hit: 2 of 3\n"
              "    payout.months row 1: never hit (",
              "  parameter periods in force in some case: 2 of 4\n",
              "    pension_age from 2030-01-01: never in force (",
              "    wage_floor from 2023-01-01: never in force (")
    assert "wage_floor from 2024-01-01" not in out, out
    assert summary(out) == (5, 0, 1)
    code, out, _ = run(entitle, "test", FIXTURE, "--coverage")
    expect_in(out, "覆盖情况：\n", "从未命中")


def test_coverage_layered(entitle):
    # A rule set that extends the fixture: coverage counts only what its own folder defines
    # (here one rule and one parameter); the fixture's rules, rows and periods are covered by
    # the fixture's own tests and are not listed.
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(FIXTURE, os.path.join(tmp, "base"))
        layer = os.path.join(tmp, "layer")
        os.makedirs(os.path.join(layer, "tests"))
        with open(os.path.join(layer, "ruleset.yaml"), "w") as f:
            f.write("ruleset: {name: layer, version: '1', extends: ../base}\n"
                    "parameters:\n"
                    "  bonus_age:\n"
                    "    type: int\n"
                    "    values: [{from: 2000-01-01, value: 70}, {from: 2030-01-01, value: 72}]\n"
                    "rules:\n"
                    "  - id: bonus.old\n"
                    "    title: old\n"
                    "    citation: {document: layer}\n"
                    "    entity: person\n"
                    "    effective: {from: 2000-01-01}\n"
                    "    when: {old: age >= bonus_age}\n")
        with open(os.path.join(layer, "tests", "t.yaml"), "w") as f:
            f.write("cases:\n  - name: x\n    as_of: 2024-07-01\n"
                    "    person: {id: a, birth_date: 1950-01-01}\n"
                    "    expect: {bonus.old: eligible}\n")
        code, out, _ = run(entitle, "test", layer, "--coverage", "--lang", "en")
        assert code == 0, out
        expect_in(out,
                  "  rules checked by some case: 1 of 1\n"
                  "  named conditions seen both true and false: 0 of 1\n"
                  "    bonus.old old: never false (",
                  "  decision-table rows hit: 0 of 0\n"
                  "  parameter periods in force in some case: 1 of 2\n"
                  "    bonus_age from 2030-01-01: never in force (")
        for base_name in ("pension.start", "wage.base", "payout.months", "pension_age",
                          "wage_floor"):
            assert base_name not in out, out


def test_coverage_at_date(entitle):
    # at(parameter, <date literal>) reads the period in force on that date, not on as_of:
    # evaluated only in 2024, the rule still reaches the 2010 period of its rate.
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "tests"))
        with open(os.path.join(tmp, "ruleset.yaml"), "w") as f:
            f.write("ruleset: {name: at, version: '1'}\n"
                    "entities: {arrears: {fields: {id: {type: string, required: true}, days: int}}}\n"
                    "parameters:\n"
                    "  rate:\n"
                    "    type: decimal\n"
                    "    values: [{from: 1999-01-22, value: 0.002}, {from: 2011-07-01, value: 0.0005},\n"
                    "             {from: 2030-01-01, value: 0.0004}]\n"
                    "rules:\n"
                    "  - id: old_rate\n"
                    "    title: old\n"
                    "    citation: {document: x}\n"
                    "    entity: arrears\n"
                    "    effective: {from: 2000-01-01}\n"
                    "    when: {late: days > 0}\n"
                    "    outputs: {charge: 'days * at(rate, 2011-06-30)'}\n")
        with open(os.path.join(tmp, "tests", "t.yaml"), "w") as f:
            f.write("cases:\n  - name: x\n    as_of: 2024-07-01\n"
                    "    arrears: {id: a, days: 10}\n"
                    "    expect: {old_rate: {status: eligible, outputs: {charge: 0.02}}}\n")
        code, out, _ = run(entitle, "test", tmp, "--coverage", "--lang", "en")
        assert code == 0, out
        expect_in(out,
                  "  parameter periods in force in some case: 1 of 3\n",
                  "    rate from 2011-07-01: never in force (",
                  "    rate from 2030-01-01: never in force (")
        assert "rate from 1999-01-22" not in out, out


def test_junit(entitle):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "junit.xml")
        code, out, _ = run(entitle, "test", FIXTURE, os.path.join(FIXTURE, "tests"),
                           os.path.join(CASES, "failing.yaml"), os.path.join(CASES, "bad.yaml"),
                           "--junit", report, "--lang", "en")
        assert code == 1, out
        root = ET.parse(report).getroot()  # raises on anything not well-formed
        assert root.tag == "testsuites", root.tag
        assert (root.get("tests"), root.get("failures"), root.get("errors"),
                root.get("skipped")) == ("16", "2", "6", "1"), root.attrib
        suites = {os.path.basename(s.get("name")): s for s in root.findall("testsuite")}
        assert set(suites) == {"passing.yaml", "failing.yaml", "bad.yaml"}, suites
        cases = {c.get("name"): c for c in root.iter("testcase")}
        bad = cases['wrong on every count <&">']  # escaped in the file, intact once parsed
        failure = bad.find("failure")
        assert failure is not None and "status: expected eligible" in failure.get("message")
        assert "fails: at pension age" in failure.text, failure.text
        assert cases["waiting for the 2030 reform"].find("skipped") is not None
        error = cases["misspelt rule id"].find("error")
        assert error is not None and "did you mean 'pension.start'" in error.text
        passed, failed, skipped = summary(out)
        assert passed + failed + skipped == int(root.get("tests"))


def test_update(entitle):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "update.yaml")
        shutil.copy(os.path.join(CASES, "update.yaml"), path)
        with open(path, encoding="utf-8") as f:
            before = f.read()
        code, out, _ = run(entitle, "test", FIXTURE, path, "--lang", "en")
        assert code == 1 and summary(out) == (0, 3, 0), out
        code, out, _ = run(entitle, "test", FIXTURE, path, "--update", "--lang", "en")
        expect_in(out, f"{path}:7: updated block outputs to reset",
                  f"{path}:16: updated flow outputs to reset")
        assert summary(out) == (2, 1, 0), out  # the unmarked case still fails
        with open(path, encoding="utf-8") as f:
            after = f.read()
        expected = (before
                    .replace("          base: 1.00          # stale figure\n",
                             "          base: 4321.07\n")
                    .replace("outputs: {start_date: 1999-01-01}}  # keeps this comment",
                             "outputs: {start_date: 2011-01-01}}  # keeps this comment"))
        assert after == expected, f"--- expected\n{expected}\n--- got\n{after}"
        code, out, _ = run(entitle, "test", FIXTURE, path, "--lang", "en")
        assert summary(out) == (2, 1, 0), out
        expect_in(out, "not marked, so left alone")


def test_filter(entitle):
    code, out, _ = run(entitle, "test", FIXTURE, "-k", "60", "-v", "--lang", "en")
    assert code == 0 and summary(out) == (2, 0, 0), out
    expect_in(out, "ok turns 60 on as_of", "ok one day short of 60")
    # -k selects the failing case only: its problems show, the others' do not.
    path = os.path.join(CASES, "bad.yaml")
    code, out, _ = run(entitle, "test", FIXTURE, path, "-k", "good case", "--lang", "en")
    assert code == 0 and summary(out) == (1, 0, 0), out
    assert "error:" not in out, out
    code, out, _ = run(entitle, "test", FIXTURE, path, "-k", "misspelt output", "--lang", "en")
    assert code == 1 and summary(out) == (0, 1, 0), out
    expect_in(out, "no output 'start_dat'")
    assert "pension.strat" not in out, out


def test_exit_codes(entitle):
    assert run(entitle, "test", FIXTURE)[0] == 0
    assert run(entitle, "test", FIXTURE, os.path.join(CASES, "failing.yaml"))[0] == 1
    assert run(entitle, "test", FIXTURE, "--no-such-flag")[0] == 2
    code, _, err = run(entitle, "test", FIXTURE, os.path.join(CASES, "no-such-file.yaml"))
    assert code == 2, (code, err)
    expect_in(err, "no-such-file.yaml")
    code, out, _ = run(entitle, "test", "--help")
    assert code == 0
    expect_in(out, "Example:", "--coverage", "--junit", "--update", "-k")
    # A rule set with errors: its diagnostics, then the summary line, exit 1.
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "rules.yaml"), "w") as f:
            f.write("rules: 3\n")
        code, out, err = run(entitle, "test", tmp)
        assert code == 1 and summary(out) == (0, 1, 0), (code, out, err)


def test_check_warns(entitle):
    code, out, _ = run(entitle, "check", FIXTURE)
    assert code == 0 and "has no test case" not in out, out
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(FIXTURE, "ruleset.yaml"), tmp)
        os.mkdir(os.path.join(tmp, "tests"))
        with open(os.path.join(tmp, "tests", "some.yaml"), "w") as f:
            f.write("cases:\n  - name: x\n    as_of: 2024-07-01\n"
                    "    person: {id: a, birth_date: 1960-01-01}\n"
                    "    expect: {pension.start: eligible}\n")
        code, out, _ = run(entitle, "check", tmp)
        assert code == 0, out
        expect_in(out, "warning: rule 'wage.base' has no test case",
                  "warning: rule 'payout.months' has no test case", "0 errors, 2 warnings")
        assert "rule 'pension.start' has no test case" not in out, out


SCENARIOS = {name[len("test_"):]: f for name, f in globals().items() if name.startswith("test_")}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in SCENARIOS:
        sys.exit(f"usage: {sys.argv[0]} ENTITLE {{{','.join(SCENARIOS)}}}")
    SCENARIOS[sys.argv[2]](os.path.abspath(sys.argv[1]))
    print(f"{sys.argv[2]}: ok")
