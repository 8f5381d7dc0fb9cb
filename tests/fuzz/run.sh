#!/usr/bin/env bash
# Fuzzes one target for a while, politely (nice 19, one process), from a fuzz build:
#
#   cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang-14 \
#         -DCMAKE_CXX_COMPILER=clang++-14 -DENTITLE_FUZZ=ON -DENTITLE_BUILD_BENCHMARKS=OFF
#   cmake --build build-fuzz --target fuzz_expression
#   tests/fuzz/run.sh expression 1800            # target, seconds [, build dir]
#
# The working corpus grows in <build>/fuzz-work/<target>/corpus (seeded from
# tests/fuzz/corpus/<target>), crashes land in <build>/fuzz-work/<target>/artifacts, and
# libFuzzer's log in <build>/fuzz-work/<target>/log. A crash input belongs, once fixed, in
# tests/fuzz/regressions/<target>/ so ctest replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=$1
seconds=${2:-1800}
build=${3:-build-fuzz}
work=$build/fuzz-work/$target
mkdir -p "$work/corpus" "$work/artifacts"
case $target in
  expression) dict=tests/fuzz/expression.dict ;;
  ruleset_load | ruleset_link | test_file | yaml_readers) dict=tests/fuzz/yaml.dict ;;
  json_record | csv_record) dict=tests/fuzz/records.dict ;;
  http_request) dict=tests/fuzz/http.dict ;;
  *) dict= ;;
esac
args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=8192
      -print_final_stats=1 -artifact_prefix="$work/artifacts/")
[ -n "$dict" ] && args+=(-dict="$dict")
seeds=("tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target")
# The YAML readers' comparison starts from the rule files the loader's target grew.
[ "$target" = yaml_readers ] && seeds+=(tests/fuzz/corpus/ruleset_load)
nice -n 19 "$build/tests/fuzz/fuzz_$target" "${args[@]}" "$work/corpus" "${seeds[@]}" 2>&1 | tee "$work/log" | \
  grep -E --line-buffered '^(#[0-9]+ *(INITED|DONE|pulse)|==[0-9]+==|SUMMARY|artifact|stat::)'
