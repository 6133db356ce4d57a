#!/usr/bin/env bash
# Pull-sync throughput: a release `channelgate serve` pulls COUNT orders (pages of 100) from a local fake channel
# (bench/fake_channel.py) into the store, durable, with the checkpoint saved after every page. In the same run, the
# baseline: the same pages fetched one after another with curl and thrown away (the channel's own speed).
# Usage: bash bench/pull-sync.sh [COUNT]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
source scripts/ensure-deps.sh
swift build -c release --product channelgate >/dev/null
bin="$(swift build -c release --show-bin-path)/channelgate"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

python3 bench/fake_channel.py 18700 "$count" & pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:18700/orders?page=1" && break; sleep 0.1; done
pages=$(( (count + 99) / 100 ))
# Warm the channel's page cache, then time the baseline: every page fetched once, nothing kept.
for page in $(seq 1 "$pages"); do echo "url = \"http://127.0.0.1:18700/orders?page=$page&page_size=100\""; echo "output = /dev/null"; done > "$work/curl.cfg"
curl -s -K "$work/curl.cfg"
start=$(date +%s.%N); curl -s -K "$work/curl.cfg"; end=$(date +%s.%N)
baseline=$(awk -v n="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')

cat > "$work/pull.yaml" <<YAML
pollers:
  - channel: canonical
    url: http://127.0.0.1:18700/orders
    intervalSeconds: 3600
    itemsPath: orders
    paging: {style: page, parameter: page, sizeParameter: page_size, size: 100}
    window: {parameter: updated_after, updatedPath: order.updatedAt, overlapSeconds: 300, initialLookbackSeconds: 315360000}
    rateLimit: {rate: 100000, burst: 1000}
    requestBudget: 1000000
YAML
start=$(date +%s.%N)
CHANNELGATE_LOG_LEVEL=warning "$bin" serve --config "$work/pull.yaml" --data-dir "$work/data" --port 18701 --no-demo >/dev/null 2>"$work/serve.log" &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18701/healthz && break; sleep 0.05; done
token=$(curl -s -u "demo:$(cat "$work/data/demo-client.secret")" -d grant_type=client_credentials http://127.0.0.1:18701/oauth/token \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
while ! curl -s -H "Authorization: Bearer $token" http://127.0.0.1:18701/v1/channels | grep -q '"rounds":1'; do sleep 0.05; done
end=$(date +%s.%N)
events=$(curl -s http://127.0.0.1:18701/metrics | awk '/^channelgate_poller_items_total/ { print $2 }')
rate=$(awk -v n="$count" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "## Pull sync ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $count orders in pages of 100)"
echo
echo "| | orders/s |"
echo "|---|---:|"
echo "| channelgate: fetch, map, commit (durable), checkpoint per page — from process start | $rate |"
echo "| baseline: curl fetching the same pages, discarding them | $baseline |"
echo
awk -v a="$rate" -v b="$baseline" 'BEGIN { printf "- channelgate / fetch-only baseline: %.2f\n", a / b }'
echo "- items the poller counted: $events"
