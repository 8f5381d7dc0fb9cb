"""batch and diff: a full disk (or a file-size limit) fails the run with a message naming the
file and the reason, a non-zero exit, the previous output, rejects and summary files byte for
byte, and no temporary.

Two faults:
- a 1 MiB tmpfs as the output folder (mount needs root: CI runs as root; where mount is not
  possible this case says so and the next one stands in): writes fail with ENOSPC;
- RLIMIT_FSIZE of 1 MiB on the run (ulimit -f; works without root): writes fail with EFBIG
  (the runner ignores SIGXFSZ, which would otherwise kill it).
The outputs of a complete run are well over 1 MiB (checked), so the fault must hit.
"""
import os
import resource
import subprocess

from runner_util import (AS_OF, Context, check, file_bytes, temporaries, write_persons)

LIMIT = 1 << 20
ctx = Context()
src = ctx.path("p.csv")
write_persons(30000, seed=21, csv_path=src)
people = ctx.path("people.csv")  # for diff: tests/runner/data/people.csv 5,000 times
with open(os.path.join(ctx.data, "people.csv"), encoding="utf-8") as f:
    header, *rows = f.read().splitlines()
with open(people, "w", encoding="utf-8") as f:
    f.write(header + "\n" + "\n".join(rows * 5000) + "\n")
v1, v2 = os.path.join(ctx.data, "diff-v1"), os.path.join(ctx.data, "diff-v2")


def batch_cmd(folder):
    return [ctx.entitle, "batch", ctx.rules, "--as-of", AS_OF, "--in", src, "--out",
            os.path.join(folder, "out.csv"), "--summary-by", "township", "--threads", "2"]


def diff_cmd(folder):
    return [ctx.entitle, "diff", v1, v2, "--as-of", AS_OF, "--in", people, "--out",
            os.path.join(folder, "changes.jsonl"), "--threads", "2"]


# Complete runs: how big the outputs are.
subprocess.run(batch_cmd(ctx.work), check=True, capture_output=True)
subprocess.run(diff_cmd(ctx.work), check=True, capture_output=True)
for name in ("out.csv", "changes.jsonl"):
    size = os.path.getsize(ctx.path(name))
    check(size > 2 * LIMIT, f"a complete {name} is only {size} bytes: the fault would not hit")

PREVIOUS = {"out.csv": b"id,previous\nT1,last month's good result\n",
            "out.rejects.csv": b"line,field,reason,record\n7,sex,last month's reject,\n",
            "out.summary.csv": b"township,previous\n(all),1\n",
            "changes.jsonl": b'{"line":2,"id":"A2","changes":[]}\n',
            "changes.rejects.csv": b"line,field,reason,record\n3,age,an old reject,\n"}


def faulted(folder, command, output, reason, what, preexec=None):
    for name, data in PREVIOUS.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    p = subprocess.run(command(folder), capture_output=True, text=True, preexec_fn=preexec)
    check(p.returncode > 0, f"{what}: exit {p.returncode}, expected a non-zero status\n{p.stderr}")
    path = os.path.join(folder, output)
    check(f"{path}: cannot write: {reason}" in p.stderr,
          f"{what}: the message does not name {path} and '{reason}':\n{p.stderr}")
    for name, data in PREVIOUS.items():
        check(file_bytes(os.path.join(folder, name)) == data,
              f"{what}: {name} is not the previous file byte for byte")
    check(temporaries(folder) == [], f"{what}: temporaries left: {temporaries(folder)}")
    print(f"{what}: exit {p.returncode}: {p.stderr.strip().splitlines()[-1]}")


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


for command, output in ((batch_cmd, "out.csv"), (diff_cmd, "changes.jsonl")):
    faulted(ctx.work, command, output, "File too large", f"{output}, RLIMIT_FSIZE 1 MiB",
            preexec=limit_file_size)

disk = ctx.path("disk")
os.makedirs(disk)
mounted = os.geteuid() == 0 and subprocess.run(
    ["mount", "-t", "tmpfs", "-o", f"size={LIMIT}", "tmpfs", disk],
    capture_output=True).returncode == 0
if not mounted:
    print("NOTE: cannot mount a tmpfs here (not root, or no mount permission): the full disk "
          "was the file-size limit above only")
else:
    try:
        for command, output in ((batch_cmd, "out.csv"), (diff_cmd, "changes.jsonl")):
            faulted(disk, command, output, "No space left on device",
                    f"{output}, 1 MiB tmpfs full")
    finally:
        subprocess.run(["umount", disk], check=True)
print("ok")
