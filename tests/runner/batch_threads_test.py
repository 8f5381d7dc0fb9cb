"""batch: the output is the same bytes for any thread count and block size.

CSV -> CSV and JSON Lines -> JSON Lines (default columns and the workload's columns) with
--threads 1, 2 and 3, and with blocks small enough that every thread gets several.
"""
from runner_util import Context, check, counts, same_bytes, write_persons

ctx = Context()
csv_in, jsonl_in = ctx.path("p.csv"), ctx.path("p.jsonl")
write_persons(20000, seed=3, csv_path=csv_in, jsonl_path=jsonl_in)
columns = "@" + ctx.rules + "/columns.txt"

for src, ext, extra in [(csv_in, "csv", []), (jsonl_in, "jsonl", []),
                        (csv_in, "jsonl", ["--columns", columns]),
                        (jsonl_in, "csv", ["--columns", columns])]:
    outputs = []
    for threads, block in [(1, None), (2, None), (3, "65536"), (2, "8192")]:
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
print("ok")
