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
swift test --skip-build "$@"
# With no filter given, the console's end-to-end flow runs in a real browser too.
if [ "$#" -eq 0 ]; then
  bash scripts/browser-test.sh
fi
