"""The golden decisions of tests/capi/golden/cases.txt against an independent computation.

regenerate.sh writes expected/*.json from `entitle eval`, so on their own they only say the
engine agrees with itself. This script computes, from the record and the policy as
rules/README.md states it for screening-2024 (not from the rule files), each decision's
status, every output, and the truth of every named condition the explanation lists, with
three-valued logic for missing fields (a missing input is unknown: `all` is false if any part
is false, otherwise unknown if any part is unknown). It also checks that each expected file
is the one reviewed by hand (tests/capi/golden/reviewed.txt: its sha256 and what was read),
so a regenerated file fails until someone reads it again: titles, citations and explanation
texts are checked by that review, not by this computation.

    python3 tests/capi/golden/independent_check.py REPO_ROOT
"""
import datetime as dt
import hashlib
import json
import sys
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

# screening-2024's parameters, as published for the workload (rules/screening-2024/parameters.yaml
# states the same values with their sources; these are typed in again from the policy).
AVERAGE_MONTHLY_WAGE = Decimal("7000.00")
BASE_FLOOR, BASE_CEILING = AVERAGE_MONTHLY_WAGE * Decimal("0.60"), AVERAGE_MONTHLY_WAGE * 3
FLEXIBLE_RATE = Decimal("0.20")                          # 国发〔2005〕38号 三
RESIDENT_MINIMUM_GRADE = Decimal("200.00")
MINIMUM_CONTRIBUTION_MONTHS = 180                        # 15 years
HARDSHIP_60_GROUPS = {"registered_poor", "dibao", "wubao"}          # 滕人社发〔2019〕24号 四(二)4
SUBSIDISED_GROUPS = {"dibao", "tekun", "low_income_edge", "unstable_post_poverty",
                     "sudden_hardship", "severe_disability"}       # 2024 实施意见 二(一)1


def AND(*xs):
    return False if False in xs else (None if None in xs else True)


def OR(*xs):
    return True if True in xs else (None if None in xs else False)


def NOT(x):
    return None if x is None else not x


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def first_of_next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


def birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the day after 28 February
        return dt.date(birth.year + years, 3, 1)


def decide(record: dict, as_of: dt.date):
    """{rule: (status, outputs, {condition: truth})} as the policy says."""
    f = lambda name: record.get(name)  # a missing field is None: unknown
    birth = dt.date.fromisoformat(record["birth_date"])
    age = age_on(birth, as_of)
    groups = set(record.get("groups", []))
    wage = Decimal(str(record.get("monthly_wage", "0.00")))
    emp = f("employment")
    cond = {
        "aged_60": age >= 60,
        "local_hukou": f("hukou_local"),
        "not_drawing": NOT(f("receiving_pension")),
        "hardship_group": bool(groups & HARDSHIP_60_GROUPS),
        "not_in_resident": NOT(f("resident_pension_enrolled")),
        "not_in_employee": NOT(f("employee_pension_enrolled")),
        "flexible": None if emp is None else emp == "flexible",
        "within_entry_age": None if f("sex") is None else
            OR(AND(f("sex") == "M", age <= 50), AND(f("sex") == "F", age <= 45)),
        "enrolled_resident": f("resident_pension_enrolled"),
        "working_age": 16 <= age < 60,
        "subsidised_group": bool(groups & SUBSIDISED_GROUPS),
        "covered": OR(f("employee_pension_enrolled"),
                      None if emp is None else emp in ("employee", "flexible")),
        "enrolled_employee": f("employee_pension_enrolled"),
    }
    base = min(max(wage, BASE_FLOOR), BASE_CEILING)
    rules = {
        # rule: (in force from, [(name in the explanation, truth)], outputs if eligible, otherwise)
        "resident_pension.hardship_60": (dt.date(2019, 12, 20),
            [("aged_60", cond["aged_60"]), ("local_hukou", cond["local_hukou"]),
             ("not_drawing", cond["not_drawing"]), ("hardship_group", cond["hardship_group"])],
            {"start_date": first_of_next_month(birthday(birth, 60)).isoformat()},
            {"start_date": None}),
        "resident_pension.backpay_60": (dt.date(2019, 12, 20),
            [("aged_60", cond["aged_60"]), ("local_hukou", cond["local_hukou"]),
             ("not_drawing", cond["not_drawing"]), ("not_in_resident", cond["not_in_resident"]),
             ("not_in_employee", cond["not_in_employee"])],
            {"backpay_months": max(0, MINIMUM_CONTRIBUTION_MONTHS - (f("contribution_months") or 0))},
            {"backpay_months": 0}),
        "flexible_worker.entry": (dt.date(2007, 3, 1),
            [("flexible", cond["flexible"]), ("not_in_employee", cond["not_in_employee"]),
             ("within_entry_age", cond["within_entry_age"])], {}, {}),
        "resident_pension.subsidised_contribution": (dt.date(2024, 1, 1),
            [("enrolled", cond["enrolled_resident"]), ("working_age", cond["working_age"]),
             ("subsidised_group", cond["subsidised_group"])],
            {"subsidy_amount": RESIDENT_MINIMUM_GRADE}, {"subsidy_amount": Decimal(0)}),
        "contribution.base": (dt.date(2024, 1, 1), [("covered", cond["covered"])],
            {"base": base}, {"base": Decimal(0)}),
        "flexible_worker.monthly_contribution": (dt.date(2024, 1, 1),
            [("flexible", cond["flexible"]), ("enrolled", cond["enrolled_employee"])],
            {"amount": (base * FLEXIBLE_RATE).quantize(Decimal("0.01"), ROUND_HALF_UP)},
            {"amount": Decimal(0)}),
    }
    out = {}
    for rule, (start, conditions, if_eligible, otherwise) in rules.items():
        if as_of < start:
            out[rule] = ("not_applicable", None, {})
            continue
        truth = AND(*(t for _, t in conditions))
        status = {True: "eligible", False: "not_eligible", None: "undetermined"}[truth]
        outputs = if_eligible if truth else otherwise
        if truth is None:
            outputs = {k: None for k in (if_eligible or otherwise)}
        out[rule] = (status, outputs, dict(conditions))
    return out


def same(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is actual
    if isinstance(expected, Decimal):
        return Decimal(str(actual)) == expected
    return expected == actual


def main() -> int:
    root = Path(sys.argv[1])
    golden = root / "tests/capi/golden"
    reviewed = {}
    for line in (golden / "reviewed.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, digest, note = line.split(None, 2)
            reviewed[name] = digest
    problems, cases = [], 0
    for line in (golden / "cases.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, as_of, _lang, _explain, rules, record, expect = line.split()
        if expect.startswith("error:"):
            continue
        cases += 1
        text = (golden / expect).read_bytes()
        if hashlib.sha256(text).hexdigest() != reviewed.get(expect):
            problems.append(f"{expect}: not the file reviewed by hand (reviewed.txt); read it, "
                            "then record its sha256 there")
        got = json.loads(text)
        want = decide(json.loads((root / record).read_text(encoding="utf-8")),
                      dt.date.fromisoformat(as_of))
        wanted_rules = list(want) if rules == "-" else rules.split(",")
        if [d["rule"] for d in got["decisions"]] != wanted_rules:
            problems.append(f"{name}: rules {[d['rule'] for d in got['decisions']]}")
            continue
        for d in got["decisions"]:
            status, outputs, conditions = want[d["rule"]]
            if d["status"] != status:
                problems.append(f"{name}: {d['rule']} is {d['status']}, the policy says {status}")
            for k, v in (outputs or {}).items():
                if not same(v, d.get("outputs", {}).get(k, None)):
                    problems.append(f"{name}: {d['rule']}.{k} = {d['outputs'].get(k)!r}, "
                                    f"the policy says {v}")
            for c in d.get("explanation", {}).get("conditions", []):
                if c["kind"] == "condition" and c["value"] != conditions.get(c["name"], "?"):
                    problems.append(f"{name}: {d['rule']} condition {c['name']} is {c['value']}, "
                                    f"the policy says {conditions.get(c['name'], '?')}")
    for p in problems:
        print(p)
    print(f"{cases} golden decisions files checked, {len(problems)} problems")
    return 1 if problems or cases == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
