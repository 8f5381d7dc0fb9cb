"""diff: two versions of a small rule set (tests/runner/data/diff-v1, diff-v2) on 8 people.

v2 raises the low-income threshold from 1000 to 1200 and the amount from 500 to 600, drops
benefit.youth and adds benefit.north. Expected by hand from data/people.csv:
A2 (1100) and A4 (1150) become eligible; A1, A6, A7 (income empty -> 0.00) stay eligible
with 600 instead of 500; A3, A5, A8 (1200 is not below 1200) are unchanged.
"""
import os

from runner_util import AS_OF, Context, check, read_jsonl

ctx = Context()
v1, v2 = os.path.join(ctx.data, "diff-v1"), os.path.join(ctx.data, "diff-v2")
people = os.path.join(ctx.data, "people.csv")
out = ctx.path("changes.jsonl")
_, stdout, _ = ctx.run("diff", v1, v2, "--as-of", AS_OF, "--in", people, "--out", out,
                       "--threads", "2", expect=0)
last = stdout.rstrip("\n").split("\n")[-1]
check(last == "rows_in=8 rows_compared=8 rows_changed=5 rows_rejected=0", f"last line {last!r}")
for expected in ["benefit.low_income: 5 rows changed",
                 "not_eligible → eligible  2",
                 "same status, other outputs  3",
                 "total amount  1500.00 → 3000.00  (+1500.00)",
                 "unchanged: benefit.senior",
                 "removed rule benefit.youth: eligible 2, not_eligible 6",
                 "added rule benefit.north: eligible 3, not_eligible 5"]:
    check(expected in stdout, f"report lacks {expected!r}:\n{stdout}")

changes = read_jsonl(out)
check([c["id"] for c in changes] == ["A1", "A2", "A4", "A6", "A7"], f"changed ids {changes}")
a2 = changes[1]
check(a2["line"] == 3, f"A2 line {a2['line']}")
check(a2["changes"] == [{"rule": "benefit.low_income",
                         "old": {"status": "not_eligible", "outputs": {"amount": "0.00"}},
                         "new": {"status": "eligible", "outputs": {"amount": "600.00"}}}],
      f"A2 changes {a2['changes']}")

# The same versions: nothing changes; a version against itself is a no-op.
_, stdout, _ = ctx.run("diff", v1, v1, "--as-of", AS_OF, "--in", people, "--out", out, expect=0)
check(stdout.rstrip().endswith("rows_changed=0 rows_rejected=0"), stdout)
check(read_jsonl(out) == [], "identical versions wrote changes")

# A bad row is rejected, counted, and makes the exit code 1.
bad = ctx.path("bad.csv")
with open(people) as f, open(bad, "w") as g:
    g.write(f.read() + "A9,old,North,1.00\n")
code, stdout, _ = ctx.run("diff", v1, v2, "--as-of", AS_OF, "--in", bad, "--out", out)
check(code == 1 and "rows_rejected=1" in stdout, f"exit {code}\n{stdout}")
check(os.path.exists(ctx.path("changes.rejects.csv")), "no default rejects file")
print("ok")
