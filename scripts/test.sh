#!/usr/bin/env bash
# Runs the whole test suite: unit tests, real SQLite files, a throwaway PostgreSQL, a live gateway on 127.0.0.1,
# SIGKILL durability, and the operator console in a real browser (Debian's chromium, headless).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
# The PostgreSQL backend's tests start their own server from Debian's postgresql binaries.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing postgresql ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "error: the PostgreSQL tests need Debian's postgresql package: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift test --skip-build "$@" 2>&1 | tee "$log"; then
  # Tests that wait on wall-clock deadlines (leases, pollers, long polls) can miss them when the whole suite runs at
  # once on two cores. Tests named by their function that failed run once more on their own, and that run decides;
  # any other failure (a described test, a crash) fails at once.
  failed=$(grep -oE '^✘ Test [A-Za-z0-9_]+\(\)' "$log" | sed -E 's/^✘ Test //; s/\(\)$//' | sort -u | paste -sd'|' || true)
  if [ -z "$failed" ] || grep -qE '^✘ Test "|Program crashed' "$log"; then exit 1; fi
  echo "re-running on their own after the full run: $failed" >&2
  swift test --skip-build --filter "$failed"
fi
# With no filter given, the console's end-to-end flow runs in a real browser too.
if [ "$#" -eq 0 ]; then
  bash scripts/browser-test.sh
fi
