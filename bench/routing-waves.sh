#!/usr/bin/env bash
# Routing waves that scale: one wave against one order at a time on tight-stock instances (bench/routing_peers.py
# tight: 30 nodes, 120 SKUs with Zipf-like demand, half of each SKU's units in one warehouse).
#   scaling   10k, 20k, 50k, 100k and 200k orders on stock 1.25x demand (capacity ample)
#   tight     100k orders, seeds 1-3, stock 1.05x, 1.15x and 1.5x, capacity binding (1.3x each warehouse's share)
# Reported: wave seconds, cost and unfilled orders of the wave and of one at a time.
# Usage: bash bench/routing-waves.sh   (CHANNELGATE_BIN=path skips the release build; prints Markdown)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHANNELGATE_BIN:-}" ]; then
  source scripts/ensure-deps.sh
  swift build -c release --product channelgate >&2
  CHANNELGATE_BIN="$(swift build -c release --show-bin-path)/channelgate"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # directory mode → "seconds cost unfilled"
  local flag=()
  [ "$2" = arrival ] && flag=(--arrival-order)
  "$CHANNELGATE_BIN" route simulate --network "$1/network.yaml" --orders "$1/orders.ndjson" --policy "$1/policy.yaml" --quiet --json "${flag[@]}" |
    python3 -c "import json,sys; r=json.load(sys.stdin); print(f\"{r['routeSeconds']:.2f} {r['cost']} {r['unfilled']}\")"
}

echo "| orders | wave seconds | wave cost | one at a time: seconds | cost | wave cost / one at a time |"
echo "|---:|---:|---:|---:|---:|---:|"
for orders in 10000 20000 50000 100000 200000; do
  echo "scaling: $orders orders ..." >&2
  python3 bench/routing_peers.py tight 1 "$work/s-$orders" --orders "$orders"
  read -r ws wc wu < <(run "$work/s-$orders" wave)
  read -r as ac au < <(run "$work/s-$orders" arrival)
  python3 -c "print(f'| {int($orders):,} | {float($ws):.2f} | {int($wc):,} | {float($as):.2f} | {int($ac):,} | {int($wc)/int($ac):.3f} |')"
done
echo
echo "| stock / demand | seed | wave seconds | wave unfilled | one at a time unfilled | wave cost | one at a time cost |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for ratio in 1.05 1.15 1.5; do
  for seed in 1 2 3; do
    echo "tight: ${ratio}x stock, seed $seed ..." >&2
    python3 bench/routing_peers.py tight "$seed" "$work/t-$ratio-$seed" --orders 100000 --stock-ratio "$ratio" --capacity 1.3
    read -r ws wc wu < <(run "$work/t-$ratio-$seed" wave)
    read -r as ac au < <(run "$work/t-$ratio-$seed" arrival)
    python3 -c "print(f'| {$ratio} | {$seed} | {float($ws):.2f} | {int($wu):,} | {int($au):,} | {int($wc):,} | {int($ac):,} |')"
  done
done
