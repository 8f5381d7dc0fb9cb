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
targets="ruleset_load ruleset_link expression json_record csv_record test_file capi http_request"
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

# HTTP requests: every route with a good request, then the shapes the session must refuse
# or survive (bad JSON, wrong types, chunked, 100-continue, pipelining, compressed bodies,
# oversized declarations, a reload with and without the token of http_request_fuzz.cpp).
python3 - "$raw/http_request" "$(cat rules/screening-2024/examples/person.json)" <<'PY'
import sys, pathlib, json
out, person = pathlib.Path(sys.argv[1]), json.loads(sys.argv[2])
def req(method, path, body=None, headers=(), chunked=False):
    head = [f"{method} {path} HTTP/1.1", "Host: fuzz"] + list(headers)
    data = b""
    if body is not None:
        data = body.encode() if isinstance(body, str) else body
        head.append("Content-Type: application/json")
        if chunked:
            head.append("Transfer-Encoding: chunked")
            data = b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)
        else:
            head.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data
one = json.dumps({"as_of": "2024-07-01", "record": person, "explain": True, "lang": "zh"})
many = json.dumps({"as_of": "2024-07-01", "rules": ["contribution.base"],
                   "records": [person, {"id": "W2", "birth_date": "1980-02-30"}, {}]})
seeds = {
    "evaluate": req("POST", "/v1/evaluate", one),
    "evaluate_plain": req("POST", "/v1/evaluate", json.dumps({"as_of": "2024-07-01", "record": person})),
    "evaluate_bad_json": req("POST", "/v1/evaluate", '{"as_of": "2024-07-01", "record": {"id": '),
    "evaluate_bad_types": req("POST", "/v1/evaluate", '{"as_of": 20240701, "record": [], "rules": "x"}'),
    "evaluate_deep": req("POST", "/v1/evaluate", "[" * 40 + "]" * 40),
    "evaluate_chunked": req("POST", "/v1/evaluate", one, chunked=True),
    "evaluate_continue": req("POST", "/v1/evaluate", one, headers=["Expect: 100-continue"]),
    "evaluate_gzip": req("POST", "/v1/evaluate", one, headers=["Content-Encoding: gzip"]),
    "evaluate_text": req("POST", "/v1/evaluate", one).replace(b"application/json", b"text/plain"),
    "evaluate_too_long": b"POST /v1/evaluate HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{",
    "batch": req("POST", "/v1/evaluate/batch", many),
    "rules": req("GET", "/v1/rules"),
    "rule": req("GET", "/v1/rules/contribution.base"),
    "rule_escaped": req("GET", "/v1/rules/contribution%2Ebase?x=1"),
    "rule_missing": req("GET", "/v1/rules/no.such.rule"),
    "health": req("GET", "/healthz") + req("GET", "/readyz") + req("GET", "/metrics"),
    "openapi": req("GET", "/openapi.json"),
    "reload_token": req("POST", "/v1/admin/reload", headers=["Authorization: Bearer fuzz-admin-token-0123456789abcdef"]),
    "reload_no_token": req("POST", "/v1/admin/reload"),
    "wrong_method": req("DELETE", "/v1/evaluate") + req("HEAD", "/healthz"),
    "http10": b"GET /healthz HTTP/1.0\r\n\r\n",
    "garbage": b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
    "bad_chunk": b"POST /v1/evaluate HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n",
}
for name, data in seeds.items():
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
