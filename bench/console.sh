#!/usr/bin/env bash
# The console's pages on a small store and on a million-order store (release build, SQLite): median and p95 of
# 20 fetches per page and the ratio large / small, which stays near 1 when no page reads a table whole.
# Usage: bash bench/console.sh [SMALL,LARGE]   (default 1000,1000000; writes bench/out/console-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-1000,1000000}"
source scripts/ensure-deps.sh
swift build -c release --product channelgate >/dev/null
bin="$(swift build -c release --show-bin-path)"
mkdir -p bench/out
out="bench/out/console-$(date -u +%Y%m%dT%H%MZ).md"
/usr/bin/python3 bench/console_pages.py --binary "$bin/channelgate" --sizes "$sizes" | tee "$out"
echo "written to $out" >&2
