#!/usr/bin/env bash
# Applies .clang-format to every C and C++ source of the repository, or with --check lists the
# files that differ from it and fails (ctest `format.check`, so CI runs it). clang-format 14
# (Debian 12's `clang-format`, installed by scripts/install-deps.sh): another version may
# format differently, so the check names the version it wants.
set -euo pipefail
cd "$(dirname "$0")/.."
want=14
version=$(clang-format --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$version" != "$want" ]; then
  echo "clang-format $want wanted (Debian 12's clang-format), found: $(clang-format --version)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files -- '*.c' '*.h' '*.cpp' '*.hpp' ':!:tests/fuzz/corpus/*')
if [ "${1:-}" = "--check" ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! clang-format "$f" | cmp -s - "$f"; then
      echo "not formatted: $f (scripts/format.sh formats it)"
      bad=$((bad + 1))
    fi
  done
  echo "${#files[@]} files checked, $bad not formatted"
  [ "$bad" -eq 0 ]
else
  clang-format -i "${files[@]}"
fi
