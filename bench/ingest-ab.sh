#!/usr/bin/env bash
# Ingest A/B: two channelgate release binaries (before and after a change) served side by side on fresh data
# directories, with token checks and rate limiting on, then loaded alternately ROUNDS times each with
# wrk -t2 -c64 -dDURATION. Reports requests/s per run and the server's CPU per acknowledged request, read from
# /proc/<pid>/stat (user + system ticks), which is steadier on a shared VM than requests/s.
# Usage: bash bench/ingest-ab.sh BEFORE_BINARY AFTER_BINARY [ROUNDS] [DURATION_SECONDS]
# Environment: ACCESS_OFF=before|after serves that side with access checks off (no token, no rate limit), so that
#              `ACCESS_OFF=after bash bench/ingest-ab.sh BIN BIN` measures what the access checks cost per request.
set -euo pipefail
cd "$(dirname "$0")/.."
before_bin="$1"; after_bin="$2"; rounds="${3:-4}"; duration="${4:-10}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
printf 'access:\n  maxInFlight: 4096\n  rateLimits:\n    client: {rate: 1000000, burst: 1000000}\n' > "$work/auth.yaml"

declare -A port pid token
port[before]=18190; port[after]=18191
access_off="${ACCESS_OFF:-}"
for side in before after; do
  bin_var="${side}_bin"
  auth=on
  [ "$side" = "$access_off" ] && auth=off
  CHANNELGATE_AUTH=$auth CHANNELGATE_LOG_LEVEL=warning "${!bin_var}" serve --config "$work/auth.yaml" --data-dir "$work/$side" --port "${port[$side]}" --no-demo \
    >/dev/null 2>"$work/$side.log" &
  pid[$side]=$!; pids+=($!)
done
for side in before after; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:${port[$side]}/healthz" && break; sleep 0.1; done
  token[$side]=""
  [ "$side" = "$access_off" ] && continue
  token[$side]=$(curl -s -u "demo:$(cat "$work/$side/demo-client.secret")" -d grant_type=client_credentials \
    "http://127.0.0.1:${port[$side]}/oauth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
declare -A rps_list cpu_sum req_sum
for side in before after; do rps_list[$side]=""; cpu_sum[$side]=0; req_sum[$side]=0; done
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    export WRK_TOKEN="${token[$side]}"
    t0=$(ticks "${pid[$side]}")
    out=$(wrk -t2 -c64 -d"${duration}s" -s bench/post-order.lua "http://127.0.0.1:${port[$side]}")
    t1=$(ticks "${pid[$side]}")
    rps=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
    requests=$(echo "$out" | awk '/requests in/ { print $1 }')
    bad=$(echo "$out" | awk '/Non-2xx/ { print $4 }')
    [ -z "$bad" ] || { echo "$side answered $bad non-2xx" >&2; exit 1; }
    rps_list[$side]="${rps_list[$side]}${rps_list[$side]:+ · }$rps"
    cpu_sum[$side]=$((cpu_sum[$side] + t1 - t0)); req_sum[$side]=$((req_sum[$side] + requests))
    echo "round $round $side: $rps req/s, $(awk -v t=$((t1 - t0)) -v r="$requests" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz / r * 1e6 }') µs CPU per request" >&2
  done
done
echo "| | req/s ($rounds runs, alternating) | CPU per request µs (all runs) |"
echo "|---|---|---:|"
for side in before after; do
  echo "| $side | ${rps_list[$side]} | $(awk -v t="${cpu_sum[$side]}" -v r="${req_sum[$side]}" -v hz="$hz" 'BEGIN { printf "%.0f", t / hz / r * 1e6 }') |"
done
