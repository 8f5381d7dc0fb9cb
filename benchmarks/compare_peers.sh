#!/usr/bin/env bash
# entitle against the peer engines (../shared/peers) on the screening-2024 workload, in one run.
#
#   benchmarks/compare_peers.sh [N]        N persons (default 1000000)
#
# Environment:
#   ENTITLE=build-release/entitle   the binary to measure (a Release build)
#   WORKDIR=/tmp/entitle-peers      persons, outputs, metrics and the peers' copy go here
#   PEER_N=N                        persons the node peers evaluate: the first PEER_N rows of
#                                   the same file (their persons/s does not depend on N, and
#                                   ZEN at concurrency 1 needs ~10 minutes for 1M)
#   SKIP_PEERS=1                    run entitle and cut only
#   RUNS=5                          hyperfine runs per entitle/cut command
#
# What it does: generates the persons once (gen_persons.py, seed 2024, CSV and JSONL);
# times `entitle batch` (1 and 2 threads; CSV → CSV, JSONL → JSONL and JSONL → CSV; output on
# disk) and `cut -d, -f1,2,12` on the same CSV with hyperfine; checks entitle's output against the
# reference with `check.py compare` (all 11 fields); runs the peers' own runners (ZEN at
# concurrency 1 and 64, json-rules-engine at 1) on the same persons and checks them the same
# way; prints one table with persons/s and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-1000000}"
PEER_N="${PEER_N:-$N}"
RUNS="${RUNS:-5}"
ENTITLE="${ENTITLE:-build-release/entitle}"
WORK="${WORKDIR:-/tmp/entitle-peers}"
PEERS_SRC="$(cd ../shared/peers && pwd)"
RULES=rules/screening-2024
AS_OF=2024-07-01
mkdir -p "$WORK"
[ -x "$ENTITLE" ] || { echo "no $ENTITLE: build it first (CMAKE_BUILD_TYPE=Release)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is required (scripts/install-deps.sh)" >&2; exit 2; }

echo "== $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# -- persons, generated once (the generator is deterministic: same N and seed, same bytes)
CSV="$WORK/persons-$N.csv"; JSONL="$WORK/persons-$N.jsonl"
if [ ! -s "$CSV" ] || [ ! -s "$JSONL" ]; then
  echo "== generating $N persons (seed 2024)"
  # Written under temporary names, so an interrupted run never leaves half a file to reuse.
  python3 "$PEERS_SRC/gen_persons.py" --n "$N" --seed 2024 --jsonl "$JSONL.part" --csv "$CSV.part"
  mv "$JSONL.part" "$JSONL"; mv "$CSV.part" "$CSV"
fi

# -- entitle and cut, timed with hyperfine (mean of RUNS after one warm-up run)
HF="$WORK/hyperfine.json"
batch() {  # batch IN OUT THREADS
  echo "$ENTITLE batch $RULES --as-of $AS_OF --columns @$RULES/columns.txt --in $1 --out $2 --threads $3"
}
echo "== timing entitle batch and cut ($RUNS runs each)"
hyperfine -N -w 1 -r "$RUNS" --export-json "$HF" \
  -n csv1 "$(batch "$CSV" "$WORK/entitle-1.csv" 1)" \
  -n csv2 "$(batch "$CSV" "$WORK/entitle-2.csv" 2)" \
  -n jsonl1 "$(batch "$JSONL" "$WORK/entitle-1.jsonl" 1)" \
  -n jsonl2 "$(batch "$JSONL" "$WORK/entitle-2.jsonl" 2)" \
  -n jsonl1csv "$(batch "$JSONL" "$WORK/entitle-jsonl-1.csv" 1)" \
  -n jsonl2csv "$(batch "$JSONL" "$WORK/entitle-jsonl-2.csv" 2)" \
  -n cut "bash -c 'cut -d, -f1,2,12 $CSV > $WORK/cut.csv'"

echo "== checking entitle's output (check.py compare, all fields)"
for f in entitle-2.csv entitle-jsonl-1.csv entitle-jsonl-2.csv; do
  cmp -s "$WORK/entitle-1.csv" "$WORK/$f" || { echo "entitle-1.csv and $f differ" >&2; exit 1; }
done
CHECKS=()
python3 "$PEERS_SRC/check.py" compare "$JSONL" "$WORK/entitle-2.jsonl" --json "$WORK/entitle.check.json" --show 5 \
  && CHECKS+=("entitle:yes") || CHECKS+=("entitle:NO")
# The CSV output is checked through the same JSONL: both are the same decisions.
"$ENTITLE" batch $RULES --as-of $AS_OF --columns @$RULES/columns.txt --in "$CSV" \
  --out "$WORK/entitle-from-csv.jsonl" --threads 2
cmp -s "$WORK/entitle-from-csv.jsonl" "$WORK/entitle-2.jsonl" \
  || { echo "CSV and JSONL input gave different decisions" >&2; exit 1; }

# -- peers
PEER_ROWS=()
peers_skipped=""
if [ "${SKIP_PEERS:-0}" = "1" ]; then
  peers_skipped="SKIP_PEERS=1"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  peers_skipped="node/npm not installed"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  peers_skipped="node $(node --version) is older than the peers' node 20"
fi
if [ -z "$peers_skipped" ]; then
  # ../shared/peers stays untouched (it is read-only, and root could still write there):
  # run from a copy with its own node_modules.
  PEERS="$WORK/peers"
  mkdir -p "$PEERS"
  (cd "$PEERS_SRC" && tar cf - --exclude=node_modules --exclude=work .) | (cd "$PEERS" && tar xf -)
  chmod -R u+w "$PEERS"
  if [ ! -d "$PEERS/node_modules/@gorules" ]; then
    echo "== npm ci in $PEERS"
    (cd "$PEERS" && npm ci --no-audit --no-fund) || peers_skipped="npm ci failed"
  fi
fi
if [ -z "$peers_skipped" ]; then
  PJ="$JSONL"
  if [ "$PEER_N" != "$N" ]; then PJ="$WORK/persons-$N-first-$PEER_N.jsonl"; head -n "$PEER_N" "$JSONL" > "$PJ"; fi
  for run in "zen 1" "zen 64" "json-rules-engine 1"; do
    set -- $run
    out="$WORK/$1-c$2.jsonl"; met="$WORK/$1-c$2.metrics.json"; chk="$WORK/$1-c$2.check.json"
    echo "== $1, concurrency $2, $PEER_N persons"
    (cd "$PEERS" && node --max-old-space-size=8192 "$1/run.js" --in "$PJ" --out "$out" --metrics "$met" --concurrency "$2")
    fields=$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["fields"]))' "$met")
    python3 "$PEERS_SRC/check.py" compare "$PJ" "$out" --fields "$fields" --json "$chk" --show 5 || true
    PEER_ROWS+=("$met:$chk")
  done
fi

echo
echo "== screening-2024, $N persons (peers: ${PEER_N}), seed 2024, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$peers_skipped" ] && echo "peers SKIPPED: $peers_skipped"
python3 - "$HF" "$N" "${CHECKS[0]#entitle:}" "${PEER_ROWS[@]}" <<'PY'
import json, sys
hf, n, entitle_ok, peer_args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
res = {r["command"]: r for r in json.load(open(hf))["results"]}
rows = []
def fmt(x): return f"{x:,.0f}"
cut = res["cut"]
for name, what in [("csv1", "entitle batch, CSV → CSV, 1 thread"), ("csv2", "entitle batch, CSV → CSV, 2 threads"),
                   ("jsonl1", "entitle batch, JSONL → JSONL, 1 thread"), ("jsonl2", "entitle batch, JSONL → JSONL, 2 threads"),
                   ("jsonl1csv", "entitle batch, JSONL → CSV, 1 thread"), ("jsonl2csv", "entitle batch, JSONL → CSV, 2 threads")]:
    r = res[name]
    rows.append((what, n, r["mean"], min(r["times"]), n / r["mean"], f"10 of 10, {entitle_ok}", r["user"] + r["system"]))
rows.append(("cut -d, -f1,2,12 (same CSV)", n, cut["mean"], min(cut["times"]), n / cut["mean"], "-", cut["user"] + cut["system"]))
best_peer = {}
for arg in peer_args:
    met, chk = arg.split(":")
    m, c = json.load(open(met)), json.load(open(chk))
    label = f"{m['engine']}, concurrency {m.get('concurrency', 1)} (eval loop only)"
    ok = "yes" if c["match"] else f"NO ({c['mismatched_rows']} rows)"
    rows.append((label, m["persons"], m["eval_s"], m["eval_s"], m["persons_per_s"], f"{len(c['fields']) - 1} of 10, {ok}", None))
    best_peer[m["engine"]] = max(best_peer.get(m["engine"], 0), m["persons_per_s"])
# CPU s (user + system, mean per run) tells how much of a wall time was waiting for a
# shared machine's cores.
print("| what | persons | mean s | best s | CPU s | persons/s (mean) | outputs checked (besides id), match reference |")
print("|---|---|---|---|---|---|---|")
for w, p, mean, best, pps, ok, cpu in rows:
    cpu_s = "-" if cpu is None else f"{cpu:.3f}"
    print(f"| {w} | {p:,} | {mean:.3f} | {best:.3f} | {cpu_s} | {fmt(pps)} | {ok} |")
csv2 = n / res["csv2"]["mean"]; csv1 = n / res["csv1"]["mean"]
j1 = n / res["jsonl1"]["mean"]; j2 = n / res["jsonl2"]["mean"]
print()
print("| ratio | value | target |")
print("|---|---|---|")
print(f"| CSV 2 threads / 1 thread | {csv2 / csv1:.2f}× | ≥ 1.8× |")
print(f"| JSONL 2 threads / 1 thread | {j2 / j1:.2f}× | ≥ 1.8× |")
print(f"| CSV 2 threads persons/s | {fmt(csv2)} | ≥ 2,000,000 |")
print(f"| JSONL 2 threads persons/s | {fmt(j2)} | ≥ 1,000,000 |")
jc1 = n / res["jsonl1csv"]["mean"]; jc2 = n / res["jsonl2csv"]["mean"]
print(f"| JSONL → CSV 2 threads / 1 thread | {jc2 / jc1:.2f}× | ≥ 1.8× |")
print(f"| JSONL → CSV 2 threads persons/s | {fmt(jc2)} | ≥ 1,000,000 |")
print(f"| entitle CSV 2 threads time / cut time | {res['csv2']['mean'] / cut['mean']:.2f}× | ≤ 2× |")
for e, pps in best_peer.items():
    print(f"| entitle CSV 2 threads / {e} best | {csv2 / pps:,.0f}× | ≥ 300× |")
    print(f"| entitle JSONL 2 threads / {e} best | {j2 / pps:,.0f}× | ≥ 300× |")
PY
