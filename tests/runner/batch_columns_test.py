"""batch --columns: rules/screening-2024/columns.txt reproduces the workload's reference.

Generates ~5000 persons with ../shared/peers/gen_persons.py and checks the batch output of
both the CSV and the JSON Lines file with `check.py compare` (MATCH yes). Skips when the
peers folder is not beside the checkout. Also checks that an unknown path is a usage error
with a suggestion.
"""
import os
import subprocess
import sys

from runner_util import Context, check, counts, skip

ctx = Context()
gen = os.path.join(ctx.peers, "gen_persons.py")
checker = os.path.join(ctx.peers, "check.py")

# Usage errors first: they need no peers.
code, _, err = ctx.batch("--in", ctx.path("none.csv"), "--out", ctx.path("x.csv"),
                         "--columns", "id,agee")
check(code == 2 and "did you mean 'age'" in err, f"unknown path: exit {code}, stderr {err!r}")
code, _, err = ctx.batch("--in", ctx.path("none.csv"), "--out", ctx.path("x.csv"),
                         "--columns", "id,resident_pensoin.hardship_60.eligible")
check(code == 2 and "resident_pension.hardship_60.eligible" in err, f"rule typo: {err!r}")

if not (os.path.exists(gen) and os.path.exists(checker)):
    skip(f"{ctx.peers} has no gen_persons.py/check.py (clone shared/ beside the repo)")
persons_jsonl, persons_csv = ctx.path("persons.jsonl"), ctx.path("persons.csv")
subprocess.run([sys.executable, gen, "--n", "5000", "--seed", "2024", "--jsonl", persons_jsonl,
                "--csv", persons_csv], check=True, capture_output=True)
columns = "@" + os.path.join(ctx.rules, "columns.txt")
for src in (persons_csv, persons_jsonl):
    out = ctx.path(os.path.basename(src) + ".out.jsonl")
    _, stdout, _ = ctx.batch("--in", src, "--out", out, "--columns", columns, expect=0)
    check(counts(stdout)["rows_out"] == 5000, stdout)
    p = subprocess.run([sys.executable, checker, "compare", persons_jsonl, out],
                       capture_output=True, text=True)
    check("MATCH yes" in p.stdout, f"check.py compare on {src}:\n{p.stdout}{p.stderr}")
print("ok")
