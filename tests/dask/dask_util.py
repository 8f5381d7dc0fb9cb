"""Shared setup of the Dask scale-out tests: arguments, a generated population split into
shards, the reference `entitle batch` run, and checks. Exits 77 (skip) when dask/distributed
or ../shared/peers is missing.

    python3 <name>_test.py --entitle BIN --library LIBENTITLE --source REPO --peers PEERS
                           --work WORK [--rows N]
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys

SKIP = 77
AS_OF = "2024-07-01"


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(cond, message):
    if not cond:
        fail(message)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Context:
    def __init__(self):
        ap = argparse.ArgumentParser()
        for name in ("--entitle", "--library", "--source", "--peers", "--work"):
            ap.add_argument(name, required=True)
        ap.add_argument("--rows", type=int, default=200000)
        a = ap.parse_args()
        self.__dict__.update(vars(a))
        try:
            import dask  # noqa: F401
            import distributed  # noqa: F401
        except ImportError as e:
            print(f"SKIP: {e} (apt-get install python3-dask python3-distributed)")
            sys.exit(SKIP)
        self.generator = os.path.join(a.peers, "gen_persons.py")
        if not os.path.exists(self.generator):
            print(f"SKIP: {self.generator} not found")
            sys.exit(SKIP)
        # The binding, importable here and in the worker processes spawned from here.
        os.environ["ENTITLE_LIBRARY"] = os.path.abspath(a.library)
        binding = os.path.join(a.source, "bindings", "python")
        here = os.path.dirname(os.path.abspath(__file__))
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [binding, here] + [p for p in [os.environ.get("PYTHONPATH")] if p])
        sys.path[:0] = [binding, here]
        self.rules = os.path.join(a.source, "rules", "screening-2024")
        self.columns = "@" + os.path.join(self.rules, "columns.txt")
        shutil.rmtree(a.work, ignore_errors=True)
        os.makedirs(a.work)

    def path(self, *names):
        return os.path.join(self.work, *names)

    def population(self, shards=8, corrupt=None):
        """Generates self.rows persons, splits them into `shards` CSV files under shards/ and
        writes their concatenation (one header) to all.csv. corrupt: {shard: [(row, field,
        text)]} replaces cells so those rows are rejected. Returns the shard paths."""
        everything = self.path("generated.csv")
        subprocess.run([sys.executable, self.generator, "--n", str(self.rows), "--seed", "7",
                        "--csv", everything], check=True, capture_output=True)
        with open(everything, encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        header, rows = lines[0], lines[1:]
        fields = header.rstrip("\n").split(",")
        os.makedirs(self.path("shards"))
        paths, parts = [], []
        for i in range(shards):
            part = rows[len(rows) * i // shards:len(rows) * (i + 1) // shards]
            for row, field, text in (corrupt or {}).get(i, []):
                cells = part[row].rstrip("\n").split(",")
                cells[fields.index(field)] = text
                part[row] = ",".join(cells) + "\n"
            path = self.path("shards", f"part-{i:02d}.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write(header + "".join(part))
            paths.append(path)
            parts += part
        with open(self.path("all.csv"), "w", encoding="utf-8") as f:
            f.write(header + "".join(parts))
        return paths

    def reference(self, *extra):
        """`entitle batch` on all.csv: the output every scale-out run must reproduce."""
        out = self.path("single.csv")
        p = subprocess.run([self.entitle, "batch", self.rules, "--as-of", AS_OF, "--in",
                            self.path("all.csv"), "--out", out, "--columns", self.columns,
                            "--threads", "1", "--allow-rejects", *extra],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"entitle batch failed: {p.stderr}")
        return out

    def screen(self, *extra, expect=0):
        cmd = [sys.executable, "-m", "entitle.dask", "screen", self.rules, "--as-of", AS_OF,
               "--in", self.path("shards", "*.csv"), "--out", self.path("out"),
               "--columns", self.columns, *extra]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        check(p.returncode == expect,
              f"{' '.join(cmd)}: exit {p.returncode}, expected {expect}\n"
              f"stdout:\n{p.stdout}\nstderr:\n{p.stderr[-4000:]}")
        return p.stdout, p.stderr


def check_manifest(ctx, manifest, shards):
    """Every shard accounted for: rows add up, files are what the manifest says."""
    check([s["input"]["path"] for s in manifest["shards"]] == shards, "shards out of order")
    for s in manifest["shards"]:
        check(s["rows_in"] == s["rows_out"] + s["rows_rejected"], f"rows do not add up: {s}")
        check(s["input"]["sha256"] == sha256(s["input"]["path"]), f"input digest: {s}")
        for name in ("output", "rejects"):
            check(sha256(s[name]["path"]) == s[name]["sha256"], f"{name} digest: {s}")
    for key in ("rows_in", "rows_out", "rows_rejected"):
        check(manifest["totals"][key] == sum(s[key] for s in manifest["shards"]),
              f"totals[{key}]")
    check(manifest["ruleset"]["name"] == "screening-2024", "rule set name")
    check(manifest["as_of"] == AS_OF, "as_of")


def no_temporaries(folder):
    left = [f for f in os.listdir(folder) if f.endswith(".tmp")]
    check(left == [], f"temporaries left in {folder}: {left}")
