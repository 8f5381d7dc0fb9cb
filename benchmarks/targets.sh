#!/usr/bin/env bash
# Every target of the performance issue (issue 9), measured in one run, in one table.
#
#   benchmarks/targets.sh                  after a Release build in build-release/
#
# Environment (all optional):
#   BUILD=build-release       the Release build to measure (entitle, entitle_benchmarks)
#   WORKDIR=/tmp/entitle-peers persons, outputs and the peers' copy (see compare_peers.sh)
#   N=1000000 PEER_N=100000 RUNS=5   passed on to compare_peers.sh (the peers' persons/s
#                             does not depend on N; ZEN at concurrency 1 needs ~10 min for 1M)
#   REPS=5 MIN_TIME=0.5       Google Benchmark repetitions (the median counts), seconds each
#   RSS_ROWS=10000000         rows of the peak-memory run (the 1M file repeated)
#   SKIP_PEERS=1              entitle and cut only
#
# What it runs, in this order, so that every ratio comes from one run on one machine state:
#   1. Google Benchmark: in-process evaluation with and without explanations, and the cold
#      load of every rule set in rules/ (median CPU time of REPS repetitions);
#   2. compare_peers.sh: entitle batch, cut and the two peer engines on the same persons,
#      each output checked against the reference (check.py compare);
#   3. peak RSS (/usr/bin/time) of a RSS_ROWS-row batch at 1, 2 and 8 threads.
# Then prints the targets with the figure measured for each and whether it is met.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD="${BUILD:-build-release}"
WORK="${WORKDIR:-/tmp/entitle-peers}"
N="${N:-1000000}"
REPS="${REPS:-5}"
MIN_TIME="${MIN_TIME:-0.5}"
RSS_ROWS="${RSS_ROWS:-10000000}"
mkdir -p "$WORK"
for exe in "$BUILD/entitle" "$BUILD/benchmarks/entitle_benchmarks"; do
  [ -x "$exe" ] || { echo "no $exe: build it first (CMAKE_BUILD_TYPE=Release)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required (Debian package time)" >&2; exit 2; }

echo "== 1. in-process evaluation and loading ($REPS repetitions)"
GB="$WORK/gbench.json"
"$BUILD/benchmarks/entitle_benchmarks" \
  --benchmark_filter='^BM_EvaluatePerson$|^BM_EvaluatePersonExplained$|^BM_LoadAllRuleSets$' \
  --benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true \
  --benchmark_out="$GB" --benchmark_out_format=json

echo "== 2. entitle batch, cut and the peers"
PEER_N="${PEER_N:-100000}" ENTITLE="$BUILD/entitle" WORKDIR="$WORK" benchmarks/compare_peers.sh "$N"

echo "== 3. peak RSS, $RSS_ROWS rows"
BIG="$WORK/persons-rss-$RSS_ROWS.csv"
if [ ! -s "$BIG" ]; then
  # The 1M file's rows repeated: ids repeat, which batch allows; memory does not depend on them.
  src="$WORK/persons-$N.csv"
  { head -n 1 "$src"; for _ in $(seq $((RSS_ROWS / N))); do tail -n +2 "$src"; done; } > "$BIG.part"
  mv "$BIG.part" "$BIG"
fi
RSS="$WORK/rss.txt"; : > "$RSS"
for t in 1 2 8; do
  /usr/bin/time -f "$t %M %e" -a -o "$RSS" "$BUILD/entitle" batch rules/screening-2024 \
    --as-of 2024-07-01 --columns @rules/screening-2024/columns.txt --in "$BIG" \
    --out "$WORK/rss-out.csv" --threads "$t" > /dev/null
done
rm -f "$WORK/rss-out.csv"

echo
echo "== targets, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$GB" "$WORK" "$N" "$RSS_ROWS" <<'PY'
import glob, json, os, sys
gb, work, n, rss_rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def median(name):
    """CPU seconds: the median of the repetitions (the single run when REPS=1)."""
    runs = {b["name"]: b for b in json.load(open(gb))["benchmarks"]}
    b = runs.get(f"{name}_median", runs.get(name))
    if b is None:
        raise SystemExit(f"{name}: not in {gb}")
    return b["cpu_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]

hf = {r["command"]: r for r in json.load(open(os.path.join(work, "hyperfine.json")))["results"]}
rate = lambda name: n / hf[name]["mean"]
plain, explained = median("BM_EvaluatePerson"), median("BM_EvaluatePersonExplained")
load = median("BM_LoadAllRuleSets")
peers = {}
for path in glob.glob(os.path.join(work, "*-c*.metrics.json")):
    m = json.load(open(path))
    peers[m["engine"]] = max(peers.get(m["engine"], 0), m["persons_per_s"])
rss = [line.split() for line in open(os.path.join(work, "rss.txt"))]

rows = []
def target(what, figure, met):
    rows.append((what, figure, "met" if met else "NOT met"))

target("in-process evaluation, explanations off: ≤ 300 ns/person",
       f"{plain * 1e9:.0f} ns ({1 / plain / 1e6:.2f} M/s)", plain <= 300e-9)
target("explanations on ≤ 5× off", f"{explained * 1e9:.0f} ns, {explained / plain:.2f}×",
       explained <= 5 * plain)
target("batch CSV → CSV, 2 threads: ≥ 2M persons/s", f"{rate('csv2') / 1e6:.2f} M/s",
       rate("csv2") >= 2e6)
for name, label in (("jsonl2", "JSONL → JSONL"), ("jsonl2csv", "JSONL → CSV")):
    target(f"batch {label}, 2 threads: ≥ 1M persons/s", f"{rate(name) / 1e6:.2f} M/s",
           rate(name) >= 1e6)
for one, two, label in (("csv1", "csv2", "CSV → CSV"), ("jsonl1", "jsonl2", "JSONL → JSONL"),
                        ("jsonl1csv", "jsonl2csv", "JSONL → CSV")):
    r = rate(two) / rate(one)
    target(f"{label}: 2 threads ≥ 1.8× one", f"{r:.2f}×", r >= 1.8)
for engine, pps in sorted(peers.items()):
    r = rate("csv2") / pps
    target(f"batch CSV 2 threads ≥ 300× {engine}'s best ({pps:,.0f}/s)", f"{r:,.0f}×", r >= 300)
    r = (1 / plain) / pps
    target(f"in-process evaluation ≥ 300× {engine}'s best (both: evaluation only)",
           f"{r:,.0f}×", r >= 300)
r = hf["csv2"]["mean"] / hf["cut"]["mean"]
target("batch CSV 2 threads ≤ 2× `cut -d, -f1,2,12`", f"{r:.2f}×", r <= 2)
for t, kb, _ in rss:
    target(f"peak RSS, {rss_rows:,} rows, {t} thread(s): < 200 MB", f"{int(kb) / 1024:.0f} MiB",
           int(kb) * 1024 < 200e6)
target("load + compile all of rules/, cold: < 20 ms", f"{load * 1e3:.1f} ms", load < 20e-3)

print("| target | measured | |")
print("|---|---|---|")
for what, figure, met in rows:
    print(f"| {what} | {figure} | {met} |")
PY
