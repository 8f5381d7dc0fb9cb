"""batch: a write that fails (disk full, I/O error, failed fsync, close or rename) ends the
run with a non-zero status and a message naming the file, and changes nothing under the
output names: a previous output stays byte for byte; short writes are retried and give the
same bytes as a normal run.

Faults come from tests/faults/write_fault.c, preloaded with LD_PRELOAD.
usage: batch_write_fault_test.py --shim libwrite_fault.so + the runner_util arguments
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "runner"))
shim = sys.argv[sys.argv.index("--shim") + 1]
del sys.argv[sys.argv.index("--shim"):sys.argv.index("--shim") + 2]

from runner_util import (AS_OF, Context, check, counts, file_bytes, same_bytes,  # noqa: E402
                         write_persons)

ctx = Context()
src = ctx.path("p.csv")
write_persons(20000, seed=7, csv_path=src)
bad = ctx.path("bad.csv")
with open(src, encoding="utf-8") as f:
    lines = f.read().splitlines()
lines.insert(5, lines[5].replace(",F,", ",X,").replace(",M,", ",X,"))
with open(bad, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")


def batch(out, fault=None, src=src, **env):
    e = dict(os.environ)
    e.pop("ENTITLE_FAULT", None)
    if fault:
        e.update({"LD_PRELOAD": shim, "ENTITLE_FAULT": fault})
        e.update({k: str(v) for k, v in env.items()})
    return subprocess.run([ctx.entitle, "batch", ctx.rules, "--as-of", AS_OF, "--in", src,
                           "--out", out, "--threads", "2"],
                          capture_output=True, text=True, env=e)


PREVIOUS = b"last month's output, which a failed run must keep\n"


def temporaries():
    return [f for f in os.listdir(ctx.work) if f.endswith(".tmp")]


for ext in ("csv", "jsonl"):
    reference = ctx.path(f"reference.{ext}")
    p = batch(reference)
    check(p.returncode == 0, p.stderr)
    size = os.path.getsize(reference)
    check(size > 200000, f"reference output only {size} bytes")

    cases = [
        ("enospc", {"ENTITLE_FAULT_AFTER": 0}, "No space left on device"),
        ("enospc", {"ENTITLE_FAULT_AFTER": size // 2}, "No space left on device"),
        ("eio", {"ENTITLE_FAULT_AFTER": size - 1}, "Input/output error"),
        ("fsync", {}, "cannot sync"),
        ("close", {}, "cannot close"),
        ("rename", {"ENTITLE_FAULT_MATCH": f"out.{ext}"}, "cannot rename into place"),
    ]
    for fault, env, message in cases:
        out = ctx.path(f"out.{ext}")
        with open(out, "wb") as f:
            f.write(PREVIOUS)
        p = batch(out, fault, **env)
        what = f".{ext} with {fault} {env}"
        check(p.returncode > 0, f"{what}: exit {p.returncode}\n{p.stderr}")
        # The file named is the one that failed: the output's or the rejects file's
        # temporary (.out.jsonl.entitle-HOST.PID.N.tmp, ...), or the output itself.
        check(message in p.stderr and "out." in p.stderr,
              f"{what}: the message does not say '{message}' naming the file:\n{p.stderr}")
        check(file_bytes(out) == PREVIOUS, f"{what}: the previous output was changed")
        check(temporaries() == [], f"{what}: temporaries left: {temporaries()}")

    # A failure writing the rejects file fails the run the same way, and publishes neither.
    out = ctx.path(f"out.{ext}")
    with open(out, "wb") as f:
        f.write(PREVIOUS)
    p = batch(out, "enospc", src=bad, ENTITLE_FAULT_MATCH="rejects", ENTITLE_FAULT_AFTER=0)
    check(p.returncode > 1 or (p.returncode == 1 and "No space left" in p.stderr),
          f"rejects ENOSPC: exit {p.returncode}\n{p.stderr}")
    check("No space left on device" in p.stderr and "rejects" in p.stderr, p.stderr)
    check(file_bytes(out) == PREVIOUS and not os.path.exists(ctx.path("out.rejects.csv")),
          "rejects ENOSPC: an output was published")
    check(temporaries() == [], f"rejects ENOSPC: temporaries left: {temporaries()}")

    # Short writes are not errors: same bytes as the reference.
    for most in (13, 4093):
        out = ctx.path(f"short-{most}.{ext}")
        p = batch(out, "short", ENTITLE_FAULT_AFTER=most)
        check(p.returncode == 0, f"short writes of {most}: exit {p.returncode}\n{p.stderr}")
        check(counts(p.stdout)["rows_out"] == 20000, p.stdout)
        check(same_bytes(reference, out), f"short writes of {most} changed the output")
print("ok")
