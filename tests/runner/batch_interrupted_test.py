"""batch and diff: a run that is killed or interrupted keeps the previous output, byte for byte.

A 2,000,000-row input makes a run that lasts (seconds). Each case writes a previous output,
rejects and summary file, starts the run, waits until its temporary exists (polling, no fixed
sleep), then:
- SIGKILL: the three previous files are unchanged; the killed run's temporary remains (a
  kill cannot be caught), and the next run in that folder removes it, but not the
  temporaries of a concurrent live run there;
- SIGINT (batch and diff): the previous files are unchanged and no temporary is left;
  the process dies of SIGINT, as an interrupted program should.
"""
import os
import signal
import subprocess

from runner_util import (AS_OF, Context, check, file_bytes, temporaries, wait_for_temporary,
                         write_many_persons, write_persons)

ctx = Context()
big = ctx.path("big.csv")
write_many_persons(2000000, big, seed=11)
small = ctx.path("small.csv")
write_persons(500, seed=12, csv_path=small)
out = ctx.path("out.csv")
rejects = ctx.path("out.rejects.csv")
summary = ctx.path("out.summary.csv")
PREVIOUS = {out: b"id,previous\nT1,last month's good result\n",
            rejects: b"line,field,reason,record\n7,sex,last month's reject,\n",
            summary: b"township,previous\n(all),1\n"}


def write_previous():
    for path, data in PREVIOUS.items():
        with open(path, "wb") as f:
            f.write(data)


def check_previous(what):
    for path, data in PREVIOUS.items():
        check(file_bytes(path) == data,
              f"{what}: {os.path.basename(path)} is not the previous file byte for byte "
              f"(now {file_bytes(path)!r:.80})")


def start(out_path=out, threads="2"):
    return subprocess.Popen([ctx.entitle, "batch", ctx.rules, "--as-of", AS_OF, "--in", big,
                             "--out", out_path, "--summary-by", "township", "--threads",
                             threads], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop_midway(p, sig, what):
    check(wait_for_temporary(p, ctx.work), f"{what}: the run ended before it wrote anything")
    p.send_signal(sig)
    _, err = p.communicate()
    check(p.returncode == -sig, f"{what}: exit {p.returncode}, not killed by the signal\n{err}")


# SIGKILL: nothing changes under the output names; the temporary stays behind.
write_previous()
p = start()
stop_midway(p, signal.SIGKILL, "kill -9")
check_previous("kill -9")
killed = temporaries(ctx.work, p.pid)
check(killed, "kill -9: no temporary left behind, so the kill did not land mid-run")

# The next run in the folder removes the dead run's temporaries, not a live run's.
live = start(out_path=ctx.path("live.csv"))
check(wait_for_temporary(live, ctx.work), "the concurrent run ended before it wrote anything")
mine = temporaries(ctx.work, live.pid)
_, stdout, _ = ctx.batch("--in", small, "--out", ctx.path("other.csv"), expect=0)
check(temporaries(ctx.work, p.pid) == [], f"the killed run's temporaries remain: {killed}")
check(all(os.path.exists(ctx.path(t)) for t in mine),
      f"a live run's temporaries {mine} were removed by another run")
live.send_signal(signal.SIGTERM)
live.communicate()
check(live.returncode == -signal.SIGTERM, f"SIGTERM: exit {live.returncode}")
check(not os.path.exists(ctx.path("live.csv")), "SIGTERM published an output")
check(temporaries(ctx.work) == [], f"SIGTERM left temporaries: {temporaries(ctx.work)}")

# SIGINT (Ctrl-C): the previous files stay and this run's temporaries go.
for threads in ("1", "2"):
    write_previous()
    p = start(threads=threads)
    stop_midway(p, signal.SIGINT, f"SIGINT, {threads} threads")
    check_previous(f"SIGINT, {threads} threads")
    check(temporaries(ctx.work) == [], f"SIGINT left temporaries: {temporaries(ctx.work)}")

# diff: the same for its changes and rejects files.
changes = ctx.path("changes.jsonl")
changes_rejects = ctx.path("changes.rejects.csv")
previous_changes = b'{"line":2,"id":"T1","changes":[]}\n'
for path, data in ((changes, previous_changes), (changes_rejects, PREVIOUS[rejects])):
    with open(path, "wb") as f:
        f.write(data)
p = subprocess.Popen([ctx.entitle, "diff", ctx.rules, ctx.rules, "--as-of", AS_OF, "--in", big,
                      "--out", changes, "--threads", "2"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
stop_midway(p, signal.SIGINT, "diff, SIGINT")
check(file_bytes(changes) == previous_changes, "diff, SIGINT: the changes file is not the previous")
check(file_bytes(changes_rejects) == PREVIOUS[rejects], "diff, SIGINT: rejects not the previous")
check(temporaries(ctx.work) == [], f"diff, SIGINT left temporaries: {temporaries(ctx.work)}")
print("ok")
