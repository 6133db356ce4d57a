#!/usr/bin/env bash
# Where channelgate's CPU per request goes, stage by stage, against the durable floor (issue 19).
# One channelgate serve (release, token checks and rate limiting on) and the durable floor (bench-echo --durable) are
# loaded in turn with wrk -t2 -c64 -dDURATION; each row is the server's CPU (user + system, from /proc/<pid>/stat)
# per answered request, so each stage's cost is the difference to the row above it:
#   healthz          a public GET through the whole middleware stack
#   unknown channel  token check, rate limit, body read, 404 (no decoding)
#   invalid order    the above plus JSON decoding and validation, 422 (nothing stored)
#   stored order     the above plus sealing, event text, the durable append and checkpointing, 202
# Usage: bash bench/ingest-stages.sh [DURATION_SECONDS] [BINARY]   (BINARY defaults to a fresh release build)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-6}"
source scripts/ensure-deps.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product bench-echo >/dev/null
bin="$(swift build -c release --show-bin-path)"
channelgate="${2:-}"
if [ -z "$channelgate" ]; then
  swift build -c release --product channelgate >/dev/null
  channelgate="$bin/channelgate"
fi

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

printf 'access:\n  maxInFlight: 4096\n  rateLimits:\n    client: {rate: 1000000, burst: 1000000}\n' > "$work/auth.yaml"
CHANNELGATE_LOG_LEVEL=warning "$channelgate" serve --config "$work/auth.yaml" --data-dir "$work/data" --port 18186 --no-demo \
  >/dev/null 2>"$work/channelgate.log" &
gateway=$!; pids+=($gateway)
mkdir -p "$work/floor"
"$bin/bench-echo" 18187 --durable "$work/floor" >/dev/null 2>&1 &
floor=$!; pids+=($floor)
for port in 18186 18187; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
for _ in $(seq 1 100); do [ -f "$work/data/demo-client.secret" ] && break; sleep 0.1; done
export WRK_TOKEN
WRK_TOKEN=$(curl -s -u "demo:$(cat "$work/data/demo-client.secret")" -d grant_type=client_credentials \
  http://127.0.0.1:18186/oauth/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

sed 's#/v1/channels/canonical/orders#/v1/channels/no-such-channel/orders#' bench/post-order.lua > "$work/unknown.lua"
sed 's#"quantity":2#"quantity":"two"#' bench/post-order.lua > "$work/invalid.lua"

hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
floor_us=""
# probe PATH BODY: the status channelgate answers one such request with.
probe() {
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $WRK_TOKEN" -H 'Content-Type: application/json' \
    ${2:+--data-binary "$2"} "http://127.0.0.1:18186$1"
}
# measure NAME PID URL STATUS [SCRIPT]: one row of the table (STATUS is what a probe of the same request answered).
measure() {
  local name=$1 pid=$2 url=$3 status=$4 script=${5:-}
  local t0 t1 out requests rps us
  wrk -t2 -c64 -d2s ${script:+-s "$script"} "$url" >/dev/null
  t0=$(ticks "$pid")
  out=$(wrk -t2 -c64 -d"${duration}s" ${script:+-s "$script"} "$url")
  t1=$(ticks "$pid")
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  us=$(awk -v t=$((t1 - t0)) -v r="$requests" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz / r * 1e6 }')
  [ -z "$floor_us" ] && floor_us=$us
  printf '| %s | %s | %s | %s | %.1f× |\n' "$name" "$status" "$rps" "$us" "$(awk -v a="$us" -v b="$floor_us" 'BEGIN { print a / b }')"
}

order='{"channelOrderId":"stage-probe","order":{"status":"paid","placedAt":"2026-11-27T10:00:00+08:00","currency":"CNY","lines":[{"sku":"A","quantity":2,"unitPrice":"1.00"}]}}'
unknown_status=$(probe /v1/channels/no-such-channel/orders "$order")
invalid_status=$(probe /v1/channels/canonical/orders "${order/\"quantity\":2/\"quantity\":\"two\"}")
[ "$unknown_status" = 404 ] && [ "$invalid_status" = 422 ] || {
  echo "expected 404 and 422 from the probes, got $unknown_status and $invalid_status" >&2; exit 1; }

echo "## Ingest CPU by stage ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c64 -d${duration}s)"
echo
echo "| request | status | requests/s | CPU µs per request | × durable floor |"
echo "|---|---|---:|---:|---:|"
measure "durable floor: append the body to SQLite" "$floor" http://127.0.0.1:18187 202 bench/post-order.lua
measure "channelgate: GET /healthz" "$gateway" http://127.0.0.1:18186/healthz 200
measure "channelgate: order to an unknown channel" "$gateway" http://127.0.0.1:18186 "$unknown_status" "$work/unknown.lua"
measure "channelgate: invalid order (decoded, refused)" "$gateway" http://127.0.0.1:18186 "$invalid_status" "$work/invalid.lua"
measure "channelgate: stored order" "$gateway" http://127.0.0.1:18186 202 bench/post-order.lua
