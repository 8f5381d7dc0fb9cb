"""batch: SIGKILL at random points of a large run never leaves a partial file under the
output name and never loses the previous output: after every kill the output is the
previous one byte for byte (the kill came before the rename) or byte-identical to a
complete run's (after it).

Extends tests/runner/batch_kill_test.py (a few fixed kill points, SIGTERM, orphan clean-up)
with many seeded random kill points spread over the whole run, each trial starting from a
stale output of an earlier run. Input from ../shared/peers/gen_persons.py.

usage: batch_kill_random_test.py [--rows N] [--trials N] + the runner_util arguments
"""
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "runner"))


def take(flag, default):
    if flag not in sys.argv:
        return default
    i = sys.argv.index(flag)
    value = int(sys.argv[i + 1])
    del sys.argv[i:i + 2]
    return value


rows = take("--rows", 200000)
trials = take("--trials", 20)

from runner_util import AS_OF, Context, check, same_bytes, skip, temporaries  # noqa: E402

ctx = Context()
generator = os.path.join(ctx.peers, "gen_persons.py")
if not os.path.exists(generator):
    skip(f"{generator} not found")
src = ctx.path("persons.csv")
subprocess.run([sys.executable, generator, "--n", str(rows), "--seed", "2024", "--csv", src,
                "--jsonl", ctx.path("persons.jsonl")], check=True, capture_output=True)
columns = "@" + os.path.join(ctx.rules, "columns.txt")


def command(out, threads):
    return [ctx.entitle, "batch", ctx.rules, "--as-of", AS_OF, "--in", src, "--out", out,
            "--columns", columns, "--threads", str(threads)]


# How long a whole run takes with each thread count, so kills can aim at its end too.
reference = ctx.path("reference.jsonl")
durations = {}
for threads in (8, 1, 2):
    start = time.monotonic()
    subprocess.run(command(reference, threads), check=True, capture_output=True)
    durations[threads] = time.monotonic() - start

# The previous output: complete, from another date, so it cannot pass for the new one.
previous = ctx.path("previous.jsonl")
subprocess.run([ctx.entitle, "batch", ctx.rules, "--as-of", "2023-01-01", "--in", src, "--out",
                previous, "--columns", columns], check=True, capture_output=True)
with open(previous, "rb") as f:
    previous_bytes = f.read()

rng = random.Random(20261123)
out = ctx.path("out.jsonl")
outcomes = {"complete": 0, "previous": 0}
for trial in range(trials):
    with open(out, "wb") as f:
        f.write(previous_bytes)
    threads = rng.choice([1, 2, 8])
    duration = durations[threads]
    p = subprocess.Popen(command(out, threads), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    # Most kills land once the run has opened its temporary: three in five during the run,
    # one in five around its end (the commit); one in five at a random point of the first
    # 50 ms, while it loads the rules.
    early = trial % 5 == 0
    started = time.monotonic()
    if not early:
        while p.poll() is None and not temporaries(ctx.work, p.pid):  # not an earlier orphan
            time.sleep(0.002)
    if early:
        delay = rng.uniform(0, 0.05)
    elif trial % 5 == 4:  # around the end of the run: the commit (fsync, rename)
        delay = rng.uniform(duration * 0.7, duration * 1.2)
    else:
        delay = rng.uniform(0, duration * 0.7)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    when = f"trial {trial}: killed {time.monotonic() - started:.3f}s after the start"
    check(os.path.exists(out), f"{when}: the previous output is gone")
    if same_bytes(reference, out):
        outcomes["complete"] += 1
    else:
        with open(out, "rb") as f:
            untouched = f.read() == previous_bytes
        check(untouched, f"{when}: the output name holds a partial file "
                         f"({os.path.getsize(out)} bytes)")
        outcomes["previous"] += 1

runs = ", ".join(f"{t} threads {d:.2f}s" for t, d in sorted(durations.items()))
print(f"{trials} SIGKILLs over a {rows}-row run ({runs}): the previous output untouched "
      f"{outcomes['previous']} times, the new one complete {outcomes['complete']} times; "
      f"never partial, never lost")
check(outcomes["previous"] >= trials // 3, "too few kills landed during the run to mean much")
# The next complete run clears the temporaries the kills left.
subprocess.run(command(out, 2), check=True, capture_output=True)
check(same_bytes(reference, out), "the run after the kills differs from the reference")
leftovers = temporaries(ctx.work)
check(leftovers == [], f"temporaries not cleared: {leftovers}")
print("ok")
