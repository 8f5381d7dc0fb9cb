#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's own inputs: rule files,
# broken rule files, golden expressions, example records, CSV data, test files, and a few
# C API scripts. With a fuzz build (-DENTITLE_FUZZ=ON) it minimizes them with libFuzzer's
# -merge=1 into tests/fuzz/corpus/<target>/ (only inputs that add coverage are kept);
# without one it copies them there as they are.
#
#   tests/fuzz/seed_corpora.sh [FUZZ_BUILD_DIR]     e.g. build-fuzz
set -euo pipefail
cd "$(dirname "$0")/../.."
fuzz_build=${1:-}
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
targets="ruleset_load ruleset_link expression json_record csv_record test_file capi"
for t in $targets; do mkdir -p "$raw/$t"; done

n=0
add() {  # add TARGET FILE: one seed, named by a counter so names never clash
  n=$((n + 1))
  cp "$2" "$raw/$1/seed-$n-$(basename "$2")"
}

# Rule files: every valid one, every deliberately broken one.
while IFS= read -r f; do add ruleset_load "$f"; done < <(
  find rules tests/golden tests/capi/golden tests/runner_test_cmd/fixture -maxdepth 4 \
       \( -name '*.yaml' -o -name '*.yml' \) -not -path '*/tests/*' | sort)
# Beside screening-2024's declarations: rules files, and the broken ones.
for f in rules/*/rules.yaml rules/cn-national/{contribution,payout,retirement}.yaml \
         tests/golden/broken/*.yaml; do add ruleset_link "$f"; done

# Expressions: the first column of tests/golden/expressions.txt, one seed each.
python3 - "$raw/expression" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
for i, line in enumerate(open("tests/golden/expressions.txt", encoding="utf-8")):
    line = line.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    last = line.rfind(" | ")
    middle = line.rfind(" | ", 0, last)
    if middle < 0:
        continue
    (out / f"golden-{i + 1}").write_text(line[:middle].strip(), encoding="utf-8")
PY

# JSON records: the examples, the C API's golden records (good and bad), one line each of
# the runner's JSON Lines, and a record of the all-types model.
for f in rules/*/examples/*.json tests/capi/golden/records/*.json; do add json_record "$f"; done
cat > "$raw/json_record/all-types.json" <<'JSON'
{"id": "P1", "m": true, "c": null, "x": 42, "y": 1.0, "months": "180", "rate": 8e-2,
 "w": "4321.07", "birth": "1964-07-02", "d": "2024-02-29", "since": "2010-01",
 "s": "低保对象", "group": "dibao", "sex": null, "groups": ["dibao"], "xs": [1, -2, 3.0],
 "ws": ["100.00"], "rates": ["0.5", 1.25], "ds": ["2024-02-29"],
 "history": [{"scheme": "resident", "months": 12, "base": "3000.00", "start": "2020-01"}]}
JSON

# CSV: the runner's people.csv, and an all-types file with quoting and CRLF.
for f in tests/runner/data/*.csv; do add csv_record "$f"; done
printf 'id,m,x,rate,w,birth,since,s,group,sex,groups,xs,rates,ds\r\n"P1",true,42,0.08,4321.07,1964-07-02,2010-01,"a ""quoted"", name",dibao,M,dibao;tekun,1;2,0.5;1.25,2024-02-29\r\nP2,,,,,,,"multi\nline",,,,,,\r\n' \
  > "$raw/csv_record/all-types.csv"

# Test files: every rule set's tests and the runner's test-command cases.
for f in rules/screening-2024/tests/*.yaml tests/runner_test_cmd/cases/*.yaml; do add test_file "$f"; done

# C API scripts: each op once with good arguments, then with bad ones (see capi_fuzz.cpp).
python3 - "$raw/capi" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
def s(text): b = text.encode(); return bytes([len(b)]) + b
scripts = {
    # load valid into slot 0, evaluate it (good options), evaluate_many, describe, free
    "good": bytes([1, 0]) + bytes([4, 0x02, 1, 0, 0, 1, 1, 1]) + bytes([5, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1])
            + bytes([6, 1, 0, 0]) + bytes([3, 1, 0]),
    # bad handles: NULL, freed, not a handle; garbage record and date
    "bad_handles": bytes([1, 0, 3, 1, 0]) + bytes([4, 0, 5, 2]) + s('{"id": 1}') + bytes([2]) + s("2024-02-30") + bytes([1, 1])
                   + bytes([6, 1, 6]) + bytes([3, 0, 5]) + bytes([7, 1, 0]),
    # garbage documents, NULL names, count 0
    "bad_load": bytes([0, 2, 2]) + s("x.yaml") + bytes([2]) + s("ruleset: [") + bytes([1, 1, 0])
                + bytes([0, 0, 1, 1, 0]) + bytes([2, 0, 3]) + bytes([9, 7, 1, 1]) + bytes([8, 200, 1]),
    # options: unknown version, language, entity, rule ids
    "options": bytes([1, 0]) + bytes([4, 0x1d, 2]) + s("fr") + bytes([2]) + s("nobody") + bytes([2, 2])
               + bytes([2]) + s("r.none") + bytes([1, 1, 0, 1, 1, 1]),
}
for name, data in scripts.items():
    (out / name).write_bytes(data)
PY

for t in $targets; do
  dest=tests/fuzz/corpus/$t
  mkdir -p "$dest"
  if [ -n "$fuzz_build" ]; then
    nice -n 19 "$fuzz_build/tests/fuzz/fuzz_$t" -merge=1 -rss_limit_mb=2048 -timeout=10 \
      "$dest" "$raw/$t" 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true
  else
    cp "$raw/$t"/* "$dest"/
  fi
  echo "$t: $(find "$dest" -type f | wc -l) files, $(du -sk "$dest" | cut -f1) KiB"
done
