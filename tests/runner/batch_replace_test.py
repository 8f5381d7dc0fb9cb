"""batch: a successful rerun replaces the previous output, rejects and summary files, and
removes a previous default-named rejects file when it has no rejects of its own.

Each rerun's files are compared with those of the same run into a fresh folder.
"""
import os

from runner_util import AS_OF, Context, check, counts, file_bytes, write_persons

ctx = Context()
clean = ctx.path("clean.csv")
write_persons(3000, seed=31, csv_path=clean)
bad = ctx.path("bad.csv")  # two rows with an impossible sex: rejected
with open(clean, encoding="utf-8") as f:
    lines = f.read().splitlines()
for i in (5, 900):
    lines[i] = lines[i].replace(",F,", ",X,").replace(",M,", ",X,")
    check(",X," in lines[i], f"line {i + 1} was not made bad")
with open(bad, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")

fresh = ctx.path("fresh")
os.makedirs(fresh)
work = ctx.path("work")
os.makedirs(work)


def run(folder, src, *args, as_of=AS_OF, expect):
    _, stdout, _ = ctx.run("batch", ctx.rules, "--as-of", as_of, "--in", src, "--out",
                           os.path.join(folder, "out.csv"), "--summary-by", "township", *args,
                           expect=expect)
    return counts(stdout)


def files(folder):
    return {n: file_bytes(os.path.join(folder, n))
            for n in ("out.csv", "out.rejects.csv", "out.summary.csv")}


# First run: rows rejected, so there is a rejects file.
run(work, bad, expect=1)
first = files(work)
check(all(first.values()), f"the first run did not write all three files: {list(first)}")
check(first["out.rejects.csv"].count(b"\n") == 3, "the rejects file should hold 2 rows")

# Rerun on clean input, another date: every file replaced, the old rejects removed.
c = run(work, clean, as_of="2025-01-01", expect=0)
check(c == {"rows_in": 3000, "rows_out": 3000, "rows_rejected": 0}, f"counts {c}")
run(fresh, clean, as_of="2025-01-01", expect=0)
now, expected = files(work), files(fresh)
check(expected["out.rejects.csv"] is None, "a clean run wrote a default rejects file")
check(now["out.rejects.csv"] is None, "the previous run's rejects file was not removed")
check(now["out.csv"] == expected["out.csv"] and now["out.csv"] != first["out.csv"],
      "out.csv was not replaced by the rerun's")
check(now["out.summary.csv"] == expected["out.summary.csv"]
      and now["out.summary.csv"] != first["out.summary.csv"],
      "out.summary.csv was not replaced by the rerun's")

# Back to the bad input: the rejects file comes back; a named one is always replaced.
run(work, bad, expect=1)
check(files(work) == first, "the third run differs from the first")
named = os.path.join(work, "named.rejects.csv")
with open(named, "wb") as f:
    f.write(b"line,field,reason,record\n1,x,stale,\n")
run(work, clean, "--rejects", named, expect=0)
check(file_bytes(named) == b"line,field,reason,record\n",
      f"a named rejects file should be replaced by just its header: {file_bytes(named)!r}")
print("ok")
