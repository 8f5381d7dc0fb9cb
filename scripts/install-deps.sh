#!/bin/sh
# Installs the Debian 12 packages entitle builds, tests and benchmarks with.
# Runs apt-get directly as root, through sudo otherwise. Safe to run again.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PACKAGES="cmake ninja-build g++ pkg-config python3 python3-jsonschema python3-yaml
  libboost-dev libboost-date-time-dev libyaml-cpp-dev libyaml-dev libssl-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev hyperfine
  python3-pytest default-jdk-headless libjna-java
  python3-dask python3-distributed python3-pandas
  wrk curl jq time clang-format"
# Node and npm validate docs/openapi.json (tests/server/openapi_valid.py) and run the peer
# engines of benchmarks/compare_peers.sh; a machine that has them already keeps its own.
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES="$PACKAGES nodejs npm"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
