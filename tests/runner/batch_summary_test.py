"""batch --summary-by township: the summary agrees with the rows it summarises.

The per-township counts of each rule's statuses and the sums of its money outputs must equal
what the output file itself says, group by group, and "(all)" must be their total.
"""
from collections import defaultdict
from decimal import Decimal

from runner_util import Context, check, counts, read_csv, write_persons

ctx = Context()
src = ctx.path("p.csv")
people = write_persons(3000, seed=5, csv_path=src)
town = {p["id"]: p["township"] for p in people}
out = ctx.path("screened.csv")
_, stdout, _ = ctx.batch("--in", src, "--out", out, "--summary-by", "township", expect=0)
check(counts(stdout)["rows_out"] == 3000, stdout)
check("(all)" in stdout and "Anle" in stdout, f"no summary table printed:\n{stdout}")

rows = read_csv(out)
rules = [c[:-len(".status")] for c in rows[0] if c.endswith(".status")]
expected = defaultdict(lambda: defaultdict(Decimal))
for r in rows:
    for g in (town[r["id"]], "(all)"):
        e = expected[g]
        e["rows"] += 1
        for rule in rules:
            e[f"{rule}.{r[rule + '.status']}"] += 1
        for col, v in r.items():
            if not col.endswith((".status", ".start_date")) and col != "id" and v:
                e[col + ".sum"] += Decimal(v)  # the numeric outputs

summary = read_csv(ctx.path("screened.summary.csv"))
check([s["township"] for s in summary] == sorted(set(town.values())) + ["(all)"],
      f"summary groups: {[s['township'] for s in summary]}")
for s in summary:
    e = expected[s["township"]]
    for col, v in s.items():
        if col == "township":
            continue
        check(Decimal(v) == e[col], f"{s['township']} {col}: summary {v}, rows say {e[col]}")
print("ok")
