"""batch: the output is the same bytes for any thread count and block size.

CSV -> CSV and JSON Lines -> JSON Lines (default columns and the workload's columns) with
--threads 1, 2, 3 and 8, and with blocks small enough that every thread gets several. Runs
with 1, 2 and 8 threads are repeated three times each: every run, same SHA-256.
"""
import hashlib
import os

from runner_util import Context, check, counts, same_bytes, write_persons

ctx = Context()
csv_in, jsonl_in = ctx.path("p.csv"), ctx.path("p.jsonl")
write_persons(20000, seed=3, csv_path=csv_in, jsonl_path=jsonl_in)
columns = "@" + ctx.rules + "/columns.txt"

for src, ext, extra in [(csv_in, "csv", []), (jsonl_in, "jsonl", []),
                        (csv_in, "jsonl", ["--columns", columns]),
                        (jsonl_in, "csv", ["--columns", columns])]:
    outputs = []
    runs = [(t, None) for t in (1, 2, 8) for _ in range(3)] + [(3, "65536"), (2, "8192")]
    for threads, block in runs:
        out = ctx.path(f"out-{len(outputs)}.{ext}")
        args = ["--in", src, "--out", out, "--threads", str(threads), *extra]
        if block:
            args += ["--block-bytes", block]
        _, stdout, _ = ctx.batch(*args, expect=0)
        check(counts(stdout) == {"rows_in": 20000, "rows_out": 20000, "rows_rejected": 0},
              stdout)
        outputs.append(out)
    for other in outputs[1:]:
        check(same_bytes(outputs[0], other),
              f"{src} -> .{ext}: {other} differs from the 1-thread output")
    with open(outputs[0], "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"{os.path.basename(src)} -> .{ext} {' '.join(extra)}: {len(outputs)} runs "
          f"(threads 1, 2, 8 three times each; 3 and 2 with small blocks), sha256 {digest[:16]}")
print("ok")
