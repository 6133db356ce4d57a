#!/usr/bin/env bash
# Routing benchmark in one run: quality and speed of ChannelGate's routing against the CP-SAT optimum on generated
# instances (1,000 orders, 20 nodes, 200 SKUs, fixed seeds), the same where stock and node capacity bind (1,000
# orders, 24 nodes, 80 SKUs, stock 1.15x demand, capacity 1.3x: the fill-rate instances), routing throughput, and
# failover of 100,000 open orders.
# Usage: bash bench/routing.sh [SEED...]   (default seeds 1 2 3; writes bench/out/routing-<time>.md)
# Environment: CHANNELGATE_BIN=path skips the release build; CPSAT_SECONDS caps CP-SAT per seed (default 120),
#              CPSAT_WORKERS sets its search workers (default 8, its usual portfolio);
#              FAILOVER_ORDERS sets the failover instance size (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[ "${#seeds[@]}" -gt 0 ] || seeds=(1 2 3)
cpsat_seconds="${CPSAT_SECONDS:-120}"
failover_orders="${FAILOVER_ORDERS:-100000}"

venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import ortools" 2>/dev/null || "$venv/bin/pip" install -q ortools
py="$venv/bin/python"

if [ -z "${CHANNELGATE_BIN:-}" ]; then
  source scripts/ensure-deps.sh
  swift build -c release --product channelgate >&2
  CHANNELGATE_BIN="$(swift build -c release --show-bin-path)/channelgate"
fi
simulate=("$CHANNELGATE_BIN" route simulate)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for seed in "${seeds[@]}"; do
  dir="$work/seed-$seed"
  "$py" bench/routing_peers.py generate "$seed" "$dir" --orders 1000 --nodes 20 --skus 200
  # Best of three runs for our time (the first warms caches); decisions come from the last run.
  for _ in 1 2 3; do
    "${simulate[@]}" --network "$dir/network.yaml" --orders "$dir/orders.ndjson" --policy "$dir/policy.yaml" \
      --quiet --json --decisions "$dir/decisions.ndjson" >>"$dir/engine-runs.json"
  done
  "$py" -c "import json,sys; runs=[json.loads(l) for l in open(sys.argv[1])]; print(json.dumps(min(runs, key=lambda r: r['routeSeconds'])))" \
    "$dir/engine-runs.json" >"$dir/engine.json"
  # The CSV form of the same network must route identically.
  csv_cost=$("${simulate[@]}" --network "$dir/network.csv" --orders "$dir/orders.ndjson" --policy "$dir/policy.yaml" --quiet --json |
    "$py" -c "import json,sys; print(json.load(sys.stdin)['cost'])")
  yaml_cost=$("$py" -c "import json,sys; print(json.load(open(sys.argv[1]))['cost'])" "$dir/engine.json")
  [ "$csv_cost" = "$yaml_cost" ] || { echo "seed $seed: CSV network routed to cost $csv_cost, YAML to $yaml_cost" >&2; exit 1; }
  "$py" bench/routing_peers.py evaluate "$dir" "$dir/decisions.ndjson" >"$dir/evaluation.json"
  echo "seed $seed: solving with CP-SAT (up to ${cpsat_seconds}s) ..." >&2
  "$py" bench/routing_peers.py solve "$dir" --time-limit "$cpsat_seconds" >"$dir/cpsat.json"
done

# Fill where stock and node capacity bind: the wave's unfilled orders and objective against CP-SAT's.
for seed in "${seeds[@]}"; do
  dir="$work/binding-$seed"
  "$py" bench/routing_peers.py tight "$seed" "$dir" --orders 1000 --nodes 24 --skus 80 --stock-ratio 1.15 --capacity 1.3
  "${simulate[@]}" --network "$dir/network.yaml" --orders "$dir/orders.ndjson" --policy "$dir/policy.yaml" \
    --quiet --json --decisions "$dir/decisions.ndjson" >"$dir/engine.json"
  "$py" bench/routing_peers.py evaluate "$dir" "$dir/decisions.ndjson" >"$dir/evaluation.json"
  echo "binding seed $seed: solving with CP-SAT (up to ${cpsat_seconds}s) ..." >&2
  "$py" bench/routing_peers.py solve "$dir" --time-limit "$cpsat_seconds" >"$dir/cpsat.json"
done

# Failover: route the 100,000 orders (all land on the cheapest hub), then mark the hub down. Once online (one order
# at a time, the per-order throughput) and once as a wave (a batch import), each followed by the failover.
"$py" bench/routing_peers.py failover "$work/failover" --orders "$failover_orders"
for mode in arrival wave; do
  flag=()
  [ "$mode" = arrival ] && flag=(--arrival-order)
  "${simulate[@]}" --network "$work/failover/network.yaml" --orders "$work/failover/orders.ndjson" \
    --policy "$work/failover/policy.yaml" --fail WH-HUB --quiet --json "${flag[@]}" >"$work/failover/failover-$mode.json"
done

mkdir -p bench/out
report="bench/out/routing-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## Routing benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; CP-SAT with ${CPSAT_WORKERS:-8} workers, ChannelGate on one thread)"
  echo
  echo "Cost model (fen): per shipment costPerShipment + costPerKm × km, plus 300 per extra shipment of an order,"
  echo "plus 100,000 per unfilled order; stock per node and SKU, capacity per node, whole lines, whole orders."
  echo "ChannelGate routes each instance as one wave (\`route simulate\`, best of 3 runs); CP-SAT solves the same model."
  echo
  "$py" bench/routing_peers.py report "$work" "${seeds[@]}"
  echo
  echo "### Where stock and node capacity bind (1,000 orders, 24 nodes, 80 SKUs, stock 1.15x, capacity 1.3x)"
  echo
  echo "| seed | wave unfilled | wave objective | wave seconds | CP-SAT unfilled | CP-SAT objective (status) | fill gap, points | objective gap |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for seed in "${seeds[@]}"; do
    "$py" - "$work/binding-$seed" "$seed" <<'PY'
import json, sys
from pathlib import Path
d, seed = Path(sys.argv[1]), sys.argv[2]
engine = json.loads((d / "engine.json").read_text())
wave = json.loads((d / "evaluation.json").read_text())
cpsat = json.loads((d / "cpsat.json").read_text())
orders = engine["orders"]
fill_gap = (wave["unfilled"] - cpsat["unfilled"]) / orders * 100
objective_gap = (wave["objective"] - cpsat["objective"]) / cpsat["objective"] * 100
print(f"| {seed} | {wave['unfilled']} | {wave['objective']:,} | {engine['routeSeconds']:.2f} | {cpsat['unfilled']} "
      f"| {cpsat['objective']:,} ({cpsat['status']}) | {fill_gap:+.1f} | {objective_gap:+.1f} % |")
PY
  done
  echo
  echo "### Waves on tight stock (bench/routing-waves.sh)"
  echo
  CHANNELGATE_BIN="$CHANNELGATE_BIN" bash bench/routing-waves.sh
} | tee "$report"
