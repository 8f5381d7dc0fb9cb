"""Shared helpers for the end-to-end runner tests (python3 standard library only).

Each test script is run by ctest as
    python3 <name>_test.py --entitle BIN --source REPO --peers PEERS_DIR --work WORK_DIR
and exits 0 (pass), 1 (fail, with a message) or 77 (skipped).
"""
import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys

SKIP = 77
AS_OF = "2024-07-01"
TOWNSHIPS = ["Anle", "Baishui", "Chengguan", "Dongfeng", "Nanhu"]
GROUPS = ["registered_poor", "dibao", "tekun", "wubao", "low_income_edge"]
EMPLOYMENT = ["employee", "flexible", "farmer", "student", "none"]
FIELDS = ["id", "birth_date", "sex", "hukou_local", "township", "groups", "employment",
          "resident_pension_enrolled", "employee_pension_enrolled", "receiving_pension",
          "contribution_months", "monthly_wage"]


class Context:
    def __init__(self):
        ap = argparse.ArgumentParser()
        ap.add_argument("--entitle", required=True)
        ap.add_argument("--source", required=True)
        ap.add_argument("--peers", required=True)
        ap.add_argument("--work", required=True)
        a = ap.parse_args()
        self.entitle = a.entitle
        self.source = a.source
        self.peers = a.peers
        self.work = a.work
        self.rules = os.path.join(a.source, "rules", "screening-2024")
        self.data = os.path.join(a.source, "tests", "runner", "data")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, *args, expect=None):
        """Runs entitle; returns (exit code, stdout, stderr). Fails on an unexpected code."""
        p = subprocess.run([self.entitle, *args], capture_output=True, text=True)
        if expect is not None and p.returncode != expect:
            fail(f"entitle {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                 f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return p.returncode, p.stdout, p.stderr

    def batch(self, *args, expect=None):
        return self.run("batch", self.rules, "--as-of", AS_OF, *args, expect=expect)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def skip(message):
    print("SKIP: " + message)
    sys.exit(SKIP)


def check(condition, message):
    if not condition:
        fail(message)


def counts(stdout):
    """The `rows_in=N rows_out=N rows_rejected=N` last line, as a dict of ints."""
    lines = stdout.rstrip("\n").split("\n")
    last = lines[-1]
    parts = dict(item.split("=") for item in last.split())
    check(list(parts) == ["rows_in", "rows_out", "rows_rejected"],
          f"last line of stdout is not the counts line: {last!r}")
    return {k: int(v) for k, v in parts.items()}


def person(i, rng):
    year = rng.randint(1930, 2020)
    groups = rng.sample(GROUPS, rng.choice([0, 0, 0, 1, 2]))
    return {
        "id": f"T{i:07d}",
        "birth_date": f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "sex": rng.choice("MF"),
        "hukou_local": rng.random() < 0.85,
        "township": rng.choice(TOWNSHIPS),
        "groups": groups,
        "employment": rng.choice(EMPLOYMENT),
        "resident_pension_enrolled": rng.random() < 0.5,
        "employee_pension_enrolled": rng.random() < 0.3,
        "receiving_pension": rng.random() < 0.2,
        "contribution_months": rng.randint(0, 480),
        "monthly_wage": f"{rng.randint(0, 3000000) / 100:.2f}",
    }


def csv_cell(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def write_persons(n, seed, csv_path=None, jsonl_path=None):
    """A deterministic synthetic population in the screening-2024 schema."""
    rng = random.Random(seed)
    people = [person(i + 1, rng) for i in range(n)]
    if csv_path:
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(FIELDS)
            for p in people:
                w.writerow([csv_cell(p[k]) for k in FIELDS])
    if jsonl_path:
        with open(jsonl_path, "w") as f:
            for p in people:
                f.write(json.dumps(p, separators=(",", ":"), ensure_ascii=False) + "\n")
    return people


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def write_many_persons(n, csv_path, seed=1, distinct=1000):
    """n rows in the screening-2024 schema, written fast (a few seconds for millions): `distinct`
    random people repeated with fresh ids, for tests that need a run that lasts."""
    import io
    rng = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for i in range(distinct):
        p = person(i + 1, rng)
        w.writerow([csv_cell(p[k]) for k in FIELDS[1:]])
    tails = buf.getvalue().splitlines()
    with open(csv_path, "w", newline="") as f:
        f.write(",".join(FIELDS) + "\n")
        for start in range(0, n, 100000):
            stop = min(n, start + 100000)
            f.write("".join(f"T{i + 1:08d},{tails[i % distinct]}\n" for i in range(start, stop)))


def temporaries(folder, pid=None):
    """The batch temporaries in `folder` (".NAME.entitle-HOST.PID.N.tmp"), of one process if
    pid is given."""
    found = []
    for f in os.listdir(folder):
        if not (f.startswith(".") and f.endswith(".tmp") and ".entitle-" in f):
            continue
        parts = f[:-len(".tmp")].rsplit(".", 2)  # [".NAME.entitle-HOST", PID, N]
        if pid is None or (len(parts) == 3 and parts[1] == str(pid)):
            found.append(f)
    return sorted(found)


def wait_for_temporary(p, folder, timeout=120):
    """Polls until process p has a temporary in `folder`; False when p ended first."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if temporaries(folder, p.pid):
            return True
        if p.poll() is not None:
            return False
        time.sleep(0.002)
    fail(f"no temporary of process {p.pid} in {folder} after {timeout} s")


def file_bytes(path):
    """The bytes of a file, None when it does not exist."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None
