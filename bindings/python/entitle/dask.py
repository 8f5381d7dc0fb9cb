"""Province-scale screening on Dask: one task per input shard, the engine's batch call in each.

    python3 -m entitle.dask screen RULESET_DIR --as-of DATE --in 'shards/*.csv' \\
        --out OUT_DIR --scheduler ADDRESS|local[:N] [--columns SPEC] [--summary-by FIELD] \\
        [--threads-per-task N] [--merge FILE] [--retries N] [--allow-rejects]

Each task screens one whole shard with RuleSet.batch (entitle_batch_run): the records never
pass through Python. Every worker process loads the rule set once and keeps it, keyed by the
folder and the rule set's sha256, which the driver checks so that no worker screens with
rules other than the driver's. Each shard writes OUT_DIR/<stem>.<ext> and
OUT_DIR/<stem>.rejects.csv (and <stem>.summary.csv), each renamed into place when complete,
so a task that Dask retries overwrites its own files and never duplicates rows.

The driver then reconciles (every shard rows_in == rows_out + rows_rejected, files present
with the sizes the task reported), prints the totals, merges the --summary-by summaries into
OUT_DIR/summary.csv, optionally concatenates the outputs in shard order into --merge FILE,
and writes OUT_DIR/manifest.json last, atomically. Exit status: 0 done; 1 a shard failed
after retries, reconciliation failed, or rows were rejected (0 with --allow-rejects);
2 a usage error. See docs/scale-out.md.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import decimal
import glob
import hashlib
import io
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from typing import Any, Callable, Optional

from . import _native, errors
from .ruleset import RuleSet

MANIFEST_VERSION = 1
_HASH_CHUNK = 1 << 20

# -- on the workers ---------------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[tuple[str, str], RuleSet] = {}
_loads = 0  # rule-set loads in this process, for tests and monitoring


def ruleset_loads() -> int:
    """How many times this process loaded a rule set (once per rule set when caching works)."""
    return _loads


def cached_ruleset(ruleset_dir: str, sha256: str) -> RuleSet:
    """The rule set of this worker process: loaded on first use, then kept for every task.

    The key includes the driver's sha256 of the rule files, so a changed rule set is loaded
    afresh, and a worker that sees other files at that path fails instead of screening."""
    global _loads
    key = (os.path.abspath(ruleset_dir), sha256)
    with _cache_lock:
        rules = _cache.get(key)
        if rules is None:
            rules = RuleSet.load(key[0])
            _loads += 1
            if rules.hash != sha256:
                raise RuntimeError(
                    f"{key[0]}: this worker sees rule files with sha256 {rules.hash}, the driver "
                    f"{sha256}; every worker must see the same rule set at the same path")
            _cache[key] = rules
        return rules


def file_digest(path: str) -> tuple[int, str]:
    """(size, sha256 hex) of a file."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def shard_paths(shard: str, out_dir: str, out_ext: str) -> dict[str, str]:
    """The files a shard writes; names come from the shard's name only, so a retry of the
    same shard writes the same names."""
    stem = os.path.splitext(os.path.basename(shard))[0]
    return {"out": os.path.join(out_dir, stem + out_ext),
            "rejects": os.path.join(out_dir, stem + ".rejects.csv"),
            "summary": os.path.join(out_dir, stem + ".summary.csv")}


def screen_shard(shard: str, out_dir: str, ruleset_dir: str, ruleset_sha256: str, as_of: str,
                 columns: Optional[str], summary_by: Optional[str], threads: int,
                 out_ext: str) -> dict[str, Any]:
    """One Dask task: screens one shard in the engine, returns its counts and digests."""
    rules = cached_ruleset(ruleset_dir, ruleset_sha256)
    paths = shard_paths(shard, out_dir, out_ext)
    in_size, in_sha = file_digest(shard)
    counts = rules.batch(shard, paths["out"], as_of, rejects_path=paths["rejects"],
                         summary_by=summary_by, columns=columns, threads=threads)
    result = {"shard": shard, "input_size": in_size, "input_sha256": in_sha,
              "rows_in": counts.rows_in, "rows_out": counts.rows_out,
              "rows_rejected": counts.rows_rejected, "worker_pid": os.getpid()}
    for name in ("out", "rejects") + (("summary",) if summary_by else ()):
        size, sha = file_digest(paths[name])
        result[name] = {"path": paths[name], "size": size, "sha256": sha}
    return result


# -- on the driver ----------------------------------------------------------------------


class UsageError(Exception):
    pass


def write_atomically(path: str, write: Callable[[io.BufferedWriter], None]) -> None:
    """Writes through a temporary in the same folder, fsyncs, renames into place."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp",
                                dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as an ordinary file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _csv_cell(text: str) -> str:
    # As the engine writes cells (RFC 4180, quoted only when needed).
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def money_sum_columns(rules: RuleSet) -> set[str]:
    """The summary columns that sum money outputs ("<rule>.<output>.sum")."""
    return {f"{r['id']}.{o['name']}.sum" for r in rules.describe()["rules"]
            for o in r["outputs"] if o["type"] == "money"}


def merge_summaries(paths: list[str], money: set[str]) -> str:
    """One summary from per-shard summaries: counts added, sums added exactly, groups in
    the engine's order (bytewise), "(all)" last, numbers written as the engine writes them
    (money with 2 decimals, other numbers without trailing zeros): the same text a single
    run writes. `money`: the columns that sum money (money_sum_columns)."""
    header: Optional[list[str]] = None
    groups: dict[str, list[decimal.Decimal]] = {}
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        if header is None:
            header = rows[0]
        elif rows[0] != header:
            raise RuntimeError(f"{path}: its summary columns differ from {paths[0]}'s")
        for row in rows[1:]:
            if row[0] == "(all)":
                continue
            values = [decimal.Decimal(v) for v in row[1:]]
            if row[0] in groups:
                groups[row[0]] = [a + b for a, b in zip(groups[row[0]], values)]
            else:
                groups[row[0]] = values
    if header is None:
        return ""
    is_money = [name in money for name in header[1:]]

    def text(i: int, v: decimal.Decimal) -> str:
        if is_money[i]:
            return f"{v.quantize(decimal.Decimal('0.01'), rounding=decimal.ROUND_HALF_UP):f}"
        return f"{v.normalize():f}" if v else "0"

    lines = [",".join(_csv_cell(h) for h in header)]
    total = [decimal.Decimal(0)] * (len(header) - 1)
    for key in sorted(groups, key=lambda k: k.encode("utf-8")):
        values = groups[key]
        total = [a + b for a, b in zip(total, values)]
        lines.append(",".join([_csv_cell(key)] + [text(i, v) for i, v in enumerate(values)]))
    lines.append(",".join(["(all)"] + [text(i, v) for i, v in enumerate(total)]))
    return "\n".join(lines) + "\n"


def merge_outputs(paths: list[str], target: str, csv_header: bool) -> None:
    """The shard outputs in shard order, the CSV header once."""
    def write(f: io.BufferedWriter) -> None:
        for n, path in enumerate(paths):
            with open(path, "rb") as src:
                if csv_header and n > 0:
                    src.readline()
                while chunk := src.read(_HASH_CHUNK):
                    f.write(chunk)
    write_atomically(target, write)


def find_shards(patterns: list[str]) -> list[str]:
    shards: list[str] = []
    for pattern in patterns:
        found = sorted(glob.glob(pattern))
        if not found:
            raise UsageError(f"--in: no file matches '{pattern}'")
        shards += [os.path.abspath(p) for p in found]
    seen: dict[str, str] = {}
    for s in shards:
        stem = os.path.splitext(os.path.basename(s))[0]
        if stem in seen:
            raise UsageError(f"--in: {seen[stem]} and {s} would write the same output names")
        if stem.endswith((".rejects", ".summary")) or stem in ("manifest", "summary"):
            raise UsageError(f"--in: {s}: its name clashes with the driver's own output names")
        seen[stem] = s
    return shards


def make_client(scheduler: str):
    from distributed import Client, LocalCluster
    if scheduler == "local" or scheduler.startswith("local:"):
        n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else (os.cpu_count() or 1)
        if n < 1:
            raise UsageError("--scheduler local:N: give N >= 1 worker processes")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
        return Client(cluster), cluster
    return Client(scheduler), None


def run_screen(a: argparse.Namespace, task: Optional[Callable[..., dict]] = None,
               client=None, out=sys.stdout, err=sys.stderr) -> int:
    """The `screen` command; `task` and `client` are for tests and embedding."""
    if task is None:
        # By reference to the importable module, never to __main__ (under `python3 -m` this
        # file is __main__, and cloudpickle would ship the function with its globals).
        import importlib
        task = importlib.import_module("entitle.dask").screen_shard
    try:
        as_of = datetime.date.fromisoformat(a.as_of).isoformat()
    except ValueError:
        raise UsageError(f"--as-of: '{a.as_of}' is not a date; write YYYY-MM-DD")
    shards = find_shards(a.inputs)
    ext = os.path.splitext(shards[0])[1]
    out_ext = a.out_format and "." + a.out_format or (".jsonl" if ext in (".jsonl", ".ndjson",
                                                                          ".json") else ".csv")
    if a.threads_per_task < 1:
        raise UsageError("--threads-per-task: give 1 or more")
    columns = a.columns
    if columns and columns.startswith("@"):
        # The spec itself goes to the workers, so they need not see the file.
        try:
            with open(columns[1:], encoding="utf-8") as f:
                columns = f.read()
        except OSError as e:
            raise UsageError(f"--columns: cannot read '{columns[1:]}': {e.strerror}")
    out_dir = os.path.abspath(a.out)
    os.makedirs(out_dir, exist_ok=True)
    ruleset_dir = os.path.abspath(a.ruleset)
    try:
        rules = RuleSet.load(ruleset_dir)
    except errors.LoadError as e:
        err.write(e.diagnostics or str(e))
        err.write("\n")
        return 1
    sha = rules.hash
    preflight(rules, shards[0], as_of, columns, a.summary_by, out_ext)

    own_cluster = None
    if client is None:
        client, own_cluster = make_client(a.scheduler)
    try:
        from distributed import as_completed
        started = time.monotonic()
        # One key per shard and run: a second run on the same client is computed afresh.
        run_id = uuid.uuid4().hex[:12]
        futures = [client.submit(task, s, out_dir, ruleset_dir, sha, as_of, columns,
                                 a.summary_by, a.threads_per_task, out_ext,
                                 key=f"entitle-screen-{run_id}-{i:06d}-{os.path.basename(s)}",
                                 retries=a.retries, pure=False)
                   for i, s in enumerate(shards)]
        results: dict[str, dict] = {}
        failed: list[str] = []
        for f in as_completed(futures):
            if f.status == "finished":
                r = f.result()
                results[r["shard"]] = r
            else:
                shard = shards[futures.index(f)]
                try:
                    failed.append(f"{shard}: {f.exception()!r}")
                except BaseException as e:  # cancelled: the cluster went away
                    failed.append(f"{shard}: {e!r}")
        elapsed = time.monotonic() - started
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()

    for line in failed:
        err.write(f"failed after {a.retries} retries: {line}\n")
    problems = reconcile(shards, results)
    for p in problems:
        err.write(f"reconciliation: {p}\n")
    if failed or problems:
        err.write(f"{len(failed)} of {len(shards)} shards failed, {len(problems)} "
                  "reconciliation problems; no manifest written\n")
        return 1

    ordered = [results[s] for s in shards]
    totals = {k: sum(r[k] for r in ordered) for k in ("rows_in", "rows_out", "rows_rejected")}
    summary_path = None
    if a.summary_by:
        summary_path = os.path.join(out_dir, "summary.csv")
        text = merge_summaries([r["summary"]["path"] for r in ordered],
                               money_sum_columns(rules))
        write_atomically(summary_path, lambda f: f.write(text.encode("utf-8")))
        out.write(f"summary by {a.summary_by} ({summary_path})\n")
    merged = None
    if a.merge:
        merge_outputs([r["out"]["path"] for r in ordered], a.merge, out_ext == ".csv")
        size, digest = file_digest(a.merge)
        merged = {"path": os.path.abspath(a.merge), "size": size, "sha256": digest}
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "ruleset": {"path": ruleset_dir, "name": rules.name, "version": rules.version,
                    "sha256": sha},
        "engine": _native.lib.entitle_version().decode(),
        "as_of": as_of,
        "columns": {"spec": a.columns, "text": columns},
        "summary_by": a.summary_by,
        "threads_per_task": a.threads_per_task,
        "screen_seconds": round(elapsed, 3),
        "totals": totals,
        "shards": [{"input": {"path": r["shard"], "size": r["input_size"],
                              "sha256": r["input_sha256"]},
                    "rows_in": r["rows_in"], "rows_out": r["rows_out"],
                    "rows_rejected": r["rows_rejected"], "output": r["out"],
                    "rejects": r["rejects"], **({"summary": r["summary"]} if a.summary_by else {})}
                   for r in ordered],
        "summary": None if summary_path is None else
        dict(zip(("size", "sha256"), file_digest(summary_path)), path=summary_path),
        "merged": merged,
    }
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomically(os.path.join(out_dir, "manifest.json"), lambda f: f.write(data))
    out.write(f"screened in {elapsed:.2f} s ({totals['rows_in'] / max(elapsed, 1e-9):.0f} rows/s; "
              "from the first task submitted to the last result, cluster start excluded)\n")
    out.write(f"shards={len(shards)} rows_in={totals['rows_in']} rows_out={totals['rows_out']} "
              f"rows_rejected={totals['rows_rejected']}\n")
    out.flush()
    return 1 if totals["rows_rejected"] > 0 and not a.allow_rejects else 0


def preflight(rules: RuleSet, first_shard: str, as_of: str, columns: Optional[str],
              summary_by: Optional[str], out_ext: str) -> None:
    """Runs the job on the first shard's header row alone, on the driver, so that a bad
    --columns, --summary-by or header fails at once instead of in every task."""
    with tempfile.TemporaryDirectory(prefix="entitle-dask-") as tmp:
        sample = os.path.join(tmp, "sample" + os.path.splitext(first_shard)[1])
        with open(first_shard, "rb") as src, open(sample, "wb") as dst:
            if not first_shard.endswith((".jsonl", ".ndjson", ".json")):
                dst.write(src.readline())
        try:
            rules.batch(sample, os.path.join(tmp, "out" + out_ext), as_of, columns=columns,
                        summary_by=summary_by)
        except errors.EntitleError as e:
            raise UsageError(str(e).replace(sample, first_shard)) from None


def reconcile(shards: list[str], results: dict[str, dict]) -> list[str]:
    """What does not add up: a shard without a result, rows neither output nor rejected, a
    file missing or not the size its task reported."""
    problems = []
    for s in shards:
        r = results.get(s)
        if r is None:
            continue  # reported as failed
        if r["rows_in"] != r["rows_out"] + r["rows_rejected"]:
            problems.append(f"{s}: rows_in={r['rows_in']} but rows_out={r['rows_out']} + "
                            f"rows_rejected={r['rows_rejected']}")
        for name in ("out", "rejects", "summary"):
            f = r.get(name)
            if f is None:
                continue
            try:
                size = os.stat(f["path"]).st_size
            except OSError as e:
                problems.append(f"{f['path']}: {e.strerror}")
                continue
            if size != f["size"]:
                problems.append(f"{f['path']}: {size} bytes, the task wrote {f['size']}")
    return problems


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m entitle.dask",
                                description="Screen sharded populations on a Dask cluster.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("screen", help="screen every shard; one Dask task per shard",
                       epilog="Example:\n  python3 -m entitle.dask screen rules/screening-2024 "
                       "--as-of 2024-07-01 --in 'shards/*.csv' --out screened "
                       "--scheduler local:2 --columns @rules/screening-2024/columns.txt\n"
                       "See docs/scale-out.md.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("ruleset", metavar="RULESET_DIR")
    s.add_argument("--as-of", required=True, help="evaluation date, YYYY-MM-DD")
    s.add_argument("--in", dest="inputs", action="append", required=True,
                   help="input shards, a glob in quotes (repeatable); shard order is sorted "
                        "name order")
    s.add_argument("--out", required=True, help="output folder (on a filesystem every "
                                                "worker sees at the same path)")
    s.add_argument("--scheduler", required=True,
                   help="a scheduler address (tcp://host:8786) or local[:N] for N local "
                        "worker processes")
    s.add_argument("--columns", help="output columns as `entitle batch --columns`, or @FILE "
                                     "(read by the driver)")
    s.add_argument("--summary-by", help="per-group counts and sums, merged into OUT/summary.csv")
    s.add_argument("--threads-per-task", type=int, default=1,
                   help="engine threads per shard (default 1)")
    s.add_argument("--out-format", choices=("csv", "jsonl"),
                   help="shard output format (default: that of the inputs)")
    s.add_argument("--merge", metavar="FILE",
                   help="also concatenate the shard outputs in shard order into FILE")
    s.add_argument("--retries", type=int, default=2,
                   help="Dask retries of a failed task (default 2)")
    s.add_argument("--allow-rejects", action="store_true",
                   help="exit 0 even when rows were rejected")
    return p


def main(argv: Optional[list[str]] = None) -> int:
    a = parser().parse_args(argv)
    try:
        return run_screen(a)
    except UsageError as e:
        sys.stderr.write(f"entitle.dask: {e}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
