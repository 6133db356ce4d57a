#!/usr/bin/env bash
# Mapping throughput in one run: ChannelGate's compiled mappings (package-benchmark, in process, one core)
# against the same transformations in Python peers (jsonata-python for JSON, lxml XSLT for XML).
# Usage: bash bench/mapping.sh [PEER_SECONDS]   (writes bench/out/mapping-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
source scripts/ensure-deps.sh
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q jsonata-python lxml

mkdir -p bench/out
swift_out=$(CHANNELGATE_BENCHMARKS=1 swift package benchmark --target MappingBenchmarks --no-progress 2>/dev/null)
peers=$("$venv/bin/python" bench/mapping_peers.py "$seconds")

# p50 wall clock (µs per order) and allocations per order from package-benchmark's tables.
swift_rows=$(echo "$swift_out" | awk '
  /^[A-Z].*\((JSON|XML)\)$/ { name=$0 }
  /Malloc \(total\)/ && name != "" { split($0, c, "│"); gsub(/ /, "", c[5]); mallocs[name]=c[5] }
  /Time \(wall clock\) \(μs\)/ && name != "" { split($0, c, "│"); gsub(/ /, "", c[5]); printf "%s|%s|%s\n", name, c[5], mallocs[name] }')

report="bench/out/mapping-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## Mapping benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; one core each)"
  echo
  echo "| case | ChannelGate orders/s | allocations/order | peer | peer orders/s | ratio |"
  echo "|---|---:|---:|---|---:|---:|"
  while IFS='|' read -r name p50 mallocs; do
    [ -n "$name" ] || continue
    ours=$(awk -v t="$p50" 'BEGIN { printf "%.0f", 1000000 / t }')
    peer_line=$(echo "$peers" | grep -F "\"case\": \"$name " || true)
    peer_name=$(echo "$peer_line" | sed -E 's/.*"case": "[^"]*\) ([^"]*)".*/\1/')
    peer_rate=$(echo "$peer_line" | sed -E 's/.*"orders_per_second": ([0-9.]+).*/\1/')
    if [ -n "$peer_line" ]; then
      ratio=$(awk -v a="$ours" -v b="$peer_rate" 'BEGIN { printf "%.1f×", a / b }')
    else
      peer_name="-"; peer_rate="-"; ratio="-"
    fi
    echo "| $name | $ours | $mallocs | $peer_name | $peer_rate | $ratio |"
  done <<<"$swift_rows"
  echo
  echo "Targets: JSON ≥ 10× jsonata-python; XML ≥ 2× lxml XSLT."
} | tee "$report"
