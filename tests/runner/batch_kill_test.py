"""batch: a run that dies leaves no file under the output name.

SIGKILL after ~0.2 s (it cannot be caught: only the temporary may remain), then SIGTERM (the
temporary is removed too), then a complete run, which also clears the orphaned temporary.
"""
import os
import signal
import subprocess
import time

from runner_util import AS_OF, Context, check, counts, write_persons

ctx = Context()
src = ctx.path("p.csv")
write_persons(300000, seed=4, csv_path=src)
out = ctx.path("out.jsonl")


def start():
    return subprocess.Popen([ctx.entitle, "batch", ctx.rules, "--as-of", AS_OF, "--in", src,
                             "--out", out, "--threads", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def killed_midway(sig):
    for delay in (0.2, 0.1, 0.05, 0.02):
        p = start()
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(sig)
            p.wait()
            return True
        p.wait()
        os.remove(out)
    return False


check(killed_midway(signal.SIGKILL), "the batch finished before it could be killed")
check(not os.path.exists(out), "SIGKILL left a file under the output name")
check(killed_midway(signal.SIGTERM), "the batch finished before it could be stopped")
check(not os.path.exists(out), "SIGTERM left a file under the output name")
leftovers = [f for f in os.listdir(ctx.work) if f.startswith(".out.jsonl.")]
check(len(leftovers) <= 1, f"temporaries left: {leftovers}")  # only SIGKILL's

_, stdout, _ = ctx.batch("--in", src, "--out", out, "--threads", "2", expect=0)
check(counts(stdout)["rows_out"] == 300000, stdout)
check(os.path.exists(out), "a complete run left no output")
leftovers = [f for f in os.listdir(ctx.work) if f.startswith(".out.jsonl.")]
check(leftovers == [], f"orphaned temporaries not cleared: {leftovers}")
print("ok")
