#!/bin/sh
# Regenerates expected/*.json from `entitle eval` (the runner, an independent path through
# the engine): the C API must print the same bytes. The rule set's hash is blanked (the
# tests blank it too) so that editing a comment in the rules does not break the goldens.
# Error cases are written by hand.
#   tests/capi/golden/regenerate.sh build/entitle
set -eu
runner=${1:?usage: regenerate.sh PATH/TO/entitle}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
grep -v '^#' "$here/cases.txt" | while read -r name as_of lang explain rules record expect; do
  [ -n "$name" ] || continue
  case $expect in error:*) continue ;; esac
  set -- eval "$root/rules/screening-2024" "$root/$record" --as-of "$as_of" --lang "$lang"
  [ "$explain" = 1 ] && set -- "$@" --explain
  if [ "$rules" != - ]; then
    for id in $(echo "$rules" | tr ',' ' '); do set -- "$@" --rule "$id"; done
  fi
  "$runner" "$@" | sed 's/"hash":"[0-9a-f]*"/"hash":""/' > "$here/$expect"
  echo "wrote $expect"
done
