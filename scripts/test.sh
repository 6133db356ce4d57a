#!/usr/bin/env bash
# Runs the whole test suite: unit tests, real SQLite files, a live gateway on 127.0.0.1, SIGKILL durability.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build "$@"
