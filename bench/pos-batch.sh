#!/usr/bin/env bash
# POS batches of N transactions (default 10,000) through POST /v1/channels/{channel}/batches: NDJSON to the
# canonical channel, and POSLog XML documents (N and 4N copies of the contract-test sale) to the poslog channel.
# Reports the wall time of each upload and the server's peak memory (/usr/bin/time -v), against the same server idle;
# the two POSLog sizes show whether memory follows the document's size (it should not: the document is streamed).
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
python3 - "$count" "$work" <<'PY'
import re, sys
n, work = int(sys.argv[1]), sys.argv[2]
text = open("contract-tests/poslog/sale-with-customer.input.xml", encoding="utf-8").read()
start, end = text.index("<Transaction>"), text.index("</Transaction>") + len("</Transaction>")
head, transaction = text[:start], text[start:end]
for name, copies in (("poslog", n), ("poslog4", 4 * n)):
    with open(f"{work}/{name}.xml", "w", encoding="utf-8") as out:
        out.write(head)
        for i in range(copies):
            out.write(transaction.replace("<SequenceNumber>2</SequenceNumber>", f"<SequenceNumber>{100000 + i}</SequenceNumber>", 1) + "\n")
        out.write("</POSLog>\n")
PY
run() {  # run NAME UPLOAD(FILE or no) CHANNEL CONTENT_TYPE → prints "seconds max_rss_kb"
  local data="$work/data-$1"
  /usr/bin/time -v -o "$work/time-$1.txt" "$bin" serve --data-dir "$data" --port 18666 --no-demo >/dev/null 2>&1 &
  local timer=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18666/healthz && break; sleep 0.1; done
  local seconds=0
  if [ "$2" != no ]; then
    local start end
    local token
    token=$(curl -s -u "demo:$(cat "$data/demo-client.secret")" -d grant_type=client_credentials http://127.0.0.1:18666/oauth/token \
      | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    start=$(date +%s.%N)
    curl -s -o "$work/answer-$1.json" -X POST "http://127.0.0.1:18666/v1/channels/$3/batches" -H "Authorization: Bearer $token" \
      -H "Content-Type: $4" -H 'Transfer-Encoding: chunked' -T "$2"
    end=$(date +%s.%N)
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  fi
  pkill -INT -f "channelgate serve --data-dir $data" || true
  wait "$timer" 2>/dev/null || true
  echo "$seconds $(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$1.txt")"
}
read -r _ idle_rss <<<"$(run idle no)"
read -r seconds batch_rss <<<"$(run batch "$work/batch.ndjson" canonical application/x-ndjson)"
read -r xml_seconds xml_rss <<<"$(run poslog "$work/poslog.xml" poslog application/xml)"
read -r xml4_seconds xml4_rss <<<"$(run poslog4 "$work/poslog4.xml" poslog application/xml)"
counted() { python3 -c "import json;d=json.load(open('$work/answer-$1.json'));print(str(d['accepted']) + ' / ' + str(d['records']))"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
kib() { echo $(( $(stat -c %s "$1") / 1024 )); }
echo "## POS batches ($(date -u +%Y-%m-%dT%H:%MZ), $count transactions)"
echo
echo "| upload | size | wall time | accepted / records | server peak RSS |"
echo "|---|---:|---:|---:|---:|"
echo "| none (idle server) | | | | $((idle_rss / 1024)) MiB |"
echo "| NDJSON, $count records | $(kib "$work/batch.ndjson") KiB | ${seconds} s ($(rate "$count" "$seconds")/s) | $(counted batch) | $((batch_rss / 1024)) MiB |"
echo "| POSLog XML, $count transactions | $(kib "$work/poslog.xml") KiB | ${xml_seconds} s ($(rate "$count" "$xml_seconds")/s) | $(counted poslog) | $((xml_rss / 1024)) MiB |"
echo "| POSLog XML, $((4 * count)) transactions | $(kib "$work/poslog4.xml") KiB | ${xml4_seconds} s ($(rate $((4 * count)) "$xml4_seconds")/s) | $(counted poslog4) | $((xml4_rss / 1024)) MiB |"
