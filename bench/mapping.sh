#!/usr/bin/env bash
# Mapping throughput: ChannelGate's compiled mappings (package-benchmark, in process, one core) against the same
# transformations in its peers (jsonata-python and jq for JSON, lxml XSLT and xsltproc for XML), in ROUNDS interleaved rounds
# (ours, then the peers, again and again) so that both sides see the same machine; the ratio reported is the median
# of the per-round ratios, and every round is listed.
# Usage: bash bench/mapping.sh [PEER_SECONDS] [ROUNDS]   (writes bench/out/mapping-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
rounds="${2:-3}"
source scripts/ensure-deps.sh
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q jsonata-python lxml
for tool in jq xsltproc; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq xsltproc >/dev/null; }
done

mkdir -p bench/out
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
  # p50 wall clock (µs per order) and allocations per order from package-benchmark's tables.
  CHANNELGATE_BENCHMARKS=1 swift package benchmark --target MappingBenchmarks --no-progress 2>/dev/null | awk -v round="$round" '
    /^[A-Z].*\((JSON|XML)\)$/ { name=$0 }
    /Malloc \(total\)/ && name != "" { split($0, c, "│"); gsub(/ /, "", c[5]); mallocs[name]=c[5] }
    /Time \(wall clock\) \(μs\)/ && name != "" { split($0, c, "│"); gsub(/ /, "", c[5]); printf "%s|%s|%s|%s\n", round, name, c[5], mallocs[name] }' \
    >> "$work/ours.txt"
  "$venv/bin/python" bench/mapping_peers.py "$seconds" | sed "s/^/$round|/" >> "$work/peers.txt"
done

report="bench/out/mapping-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$work/ours.txt" "$work/peers.txt" "$rounds" <<'PY' | tee "$report"
import json, statistics, subprocess, sys
ours_file, peers_file, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours, peers = {}, {}
for line in open(ours_file):
    round_, name, p50, mallocs = line.rstrip("\n").split("|")
    ours.setdefault(name, {})[int(round_)] = (1_000_000 / float(p50), mallocs)
for line in open(peers_file):
    round_, text = line.split("|", 1)
    item = json.loads(text)
    case = item["case"]
    name, peer = case.rsplit(") ", 1)
    peers.setdefault(name + ")", {}).setdefault(peer, {})[int(round_)] = float(item["orders_per_second"])
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
date = subprocess.run(["date", "-u", "+%Y-%m-%dT%H:%MZ"], capture_output=True, text=True).stdout.strip()
print(f"## Mapping benchmark ({date}, {nproc} cores; one core each; {rounds} interleaved rounds)")
print()
print("| case | ChannelGate orders/s (median) | allocations/order | peer | peer orders/s (median) | ratio per round | ratio (median) |")
print("|---|---:|---:|---|---:|---|---:|")
for name, by_round in ours.items():
    rates = [rate for rate, _ in by_round.values()]
    mallocs = next(iter(by_round.values()))[1]
    by_peer = peers.get(name, {})
    if not by_peer:
        print(f"| {name} | {statistics.median(rates):,.0f} | {mallocs} | - | - | - | - |")
        continue
    for peer_name, peer_rounds in by_peer.items():
        ratios = [by_round[r][0] / peer_rounds[r] for r in sorted(by_round) if r in peer_rounds]
        listed = ", ".join(f"{ratio:.1f}×" for ratio in ratios)
        print(f"| {name} | {statistics.median(rates):,.0f} | {mallocs} | {peer_name} | {statistics.median(peer_rounds.values()):,.0f} | {listed} | **{statistics.median(ratios):.1f}×** |")
print()
print("Targets: JSON ≥ 10× jsonata-python and ≥ 2× jq; XML ≥ 2× lxml XSLT, and ≥ 4× lxml XSLT and xsltproc (issue 19).")
PY
