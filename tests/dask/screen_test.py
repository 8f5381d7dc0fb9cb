"""entitle.dask screen on a local cluster of 2 worker processes, through the command line.

8 shards of a generated population, one with bad rows: the merged output is byte for byte
`entitle batch` on the concatenated input, the merged summary is its summary, every shard
reconciles, the bad shard's rejects are listed and counted, and a second run into the same
folder replaces the files (no duplicates) and exits 1 without --allow-rejects.
"""
import json
import os

from dask_util import Context, check, check_manifest, no_temporaries, sha256

ctx = Context()
bad = [(10, "birth_date", "1960-02-30"), (11, "monthly_wage", "12.5.0"),
       (500, "contribution_months", "many")]
shards = ctx.population(shards=8, corrupt={3: bad})
single = ctx.reference("--summary-by", "township")
merged = ctx.path("merged.csv")

stdout, _ = ctx.screen("--scheduler", "local:2", "--summary-by", "township", "--merge", merged,
                       "--allow-rejects")
rows = ctx.rows
check(f"shards=8 rows_in={rows} rows_out={rows - 3} rows_rejected=3" in stdout, stdout)
check(open(merged, "rb").read() == open(single, "rb").read(),
      "merged output differs from entitle batch on the concatenated input")
check(open(ctx.path("out", "summary.csv"), "rb").read() ==
      open(ctx.path("single.summary.csv"), "rb").read(), "merged summary differs")

with open(ctx.path("out", "manifest.json"), encoding="utf-8") as f:
    manifest = json.load(f)
check_manifest(ctx, manifest, shards)
check(manifest["merged"]["sha256"] == sha256(merged), "merged digest")
by_shard = {os.path.basename(s["input"]["path"]): s for s in manifest["shards"]}
check(by_shard["part-03.csv"]["rows_rejected"] == 3, f"shard 3: {by_shard['part-03.csv']}")
check(all(s["rows_rejected"] == 0 for n, s in by_shard.items() if n != "part-03.csv"),
      "rejects in a clean shard")
with open(ctx.path("out", "part-03.rejects.csv"), encoding="utf-8") as f:
    rejects = f.read().splitlines()
check(rejects[0] == "line,field,reason,record" and len(rejects) == 4, f"{rejects}")
# Lines are the shard's own (header is line 1), fields as the engine names them.
check([r.split(",")[:2] for r in rejects[1:]] ==
      [["12", "birth_date"], ["13", "monthly_wage"], ["502", "contribution_months"]],
      f"{rejects}")
no_temporaries(ctx.path("out"))

# Again into the same folder: same files, nothing appended; rejects make the exit status 1.
before = {f: sha256(ctx.path("out", f)) for f in os.listdir(ctx.path("out"))
          if f != "manifest.json"}
ctx.screen("--scheduler", "local:2", "--summary-by", "township", expect=1)
after = {f: sha256(ctx.path("out", f)) for f in os.listdir(ctx.path("out"))
         if f != "manifest.json"}
check(before == after, "a second run changed or added files")
print("ok")
