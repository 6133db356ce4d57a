#!/usr/bin/env bash
# A POS batch of N transactions (default 10,000, ~1.2 KB each) through POST /v1/channels/canonical/batches:
# wall time of the upload and the server's peak memory (/usr/bin/time -v), against the same server idle.
# Usage: bash bench/pos-batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
source scripts/ensure-deps.sh
command -v /usr/bin/time >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
swift build -c release --product channelgate >/dev/null
bin="$(swift build -c release --show-bin-path)/channelgate"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$count" > "$work/batch.ndjson" <<'PY'
import json, sys
n = int(sys.argv[1])
for i in range(n):
    print(json.dumps({"messageId": f"store7-till2-{i}", "channelOrderId": f"POS-7-2-{i}", "order": {
        "status": "paid", "placedAt": "2026-11-27T10:00:00+08:00", "currency": "CNY",
        "amounts": {"total": "58.00"}, "fulfilment": {"mode": "pickup_in_store", "storeId": "store-7"},
        "buyer": {"id": f"member-{i % 977}"},
        "lines": [{"lineId": "1", "sku": "TEA-LJ-50", "title": "Longjing tea 50 g", "quantity": 2, "unitPrice": "19.00"},
                  {"lineId": "2", "sku": "CUP-PAPER", "title": "Paper cup", "quantity": 4, "unitPrice": "5.00"}],
        "extras": {"till": "2", "cashier": "c-18", "receipt": f"R-{i:08d}"}}}, separators=(",", ":")))
PY
run() {  # run NAME UPLOAD(yes|no) → prints "seconds max_rss_kb"
  local data="$work/data-$1"
  /usr/bin/time -v -o "$work/time-$1.txt" "$bin" serve --data-dir "$data" --port 18666 --no-demo >/dev/null 2>&1 &
  local timer=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18666/healthz && break; sleep 0.1; done
  local seconds=0
  if [ "$2" = yes ]; then
    local start end
    local token
    token=$(curl -s -u "demo:$(cat "$data/demo-client.secret")" -d grant_type=client_credentials http://127.0.0.1:18666/oauth/token \
      | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    start=$(date +%s.%N)
    curl -s -o "$work/answer.json" -X POST http://127.0.0.1:18666/v1/channels/canonical/batches -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/x-ndjson' --data-binary @"$work/batch.ndjson"
    end=$(date +%s.%N)
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  fi
  pkill -INT -f "channelgate serve --data-dir $data" || true
  wait "$timer" 2>/dev/null || true
  echo "$seconds $(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$1.txt")"
}
read -r _ idle_rss <<<"$(run idle no)"
read -r seconds batch_rss <<<"$(run batch yes)"
accepted=$(python3 -c "import json;d=json.load(open('$work/answer.json'));print(d['accepted'], d['records'])")
bytes=$(stat -c %s "$work/batch.ndjson")
echo "## POS batch ($(date -u +%Y-%m-%dT%H:%MZ), $count transactions, $((bytes / 1024)) KiB NDJSON)"
echo
echo "| | value |"
echo "|---|---:|"
echo "| upload wall time | ${seconds} s ($(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') transactions/s) |"
echo "| accepted / records | ${accepted/ / \/ } |"
echo "| server peak RSS, idle | $((idle_rss / 1024)) MiB |"
echo "| server peak RSS, with the batch | $((batch_rss / 1024)) MiB |"
