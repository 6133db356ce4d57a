#!/usr/bin/env bash
# Durable ingest throughput against two baselines in one run (issues: foundation and gateway-edge benchmarks).
#   channelgate serve (release, SQLite WAL, synchronous=FULL, group commit), twice: with access checks off, and with
#     bearer-token checks and rate limiting on (a limit high enough never to refuse, so only the checks' cost shows)
#   bench-echo: bare Hummingbird that reads the body and answers 202
#   nginx: reads the body and answers 202
#   durable floor: bench-echo --durable, bare Hummingbird that appends each body to one SQLite table (WAL,
#     synchronous=FULL, group commit) before answering 202. No validation, no events, no indexes: the least any
#     durable ingest on this machine can cost, so the ratio it reaches bounds every durable ingest's ratio.
# Each gets wrk -t2 -c64 for DURATION seconds posting a ~1.5 KB canonical order with a unique id per request.
# Then channelgate again, paced to half its measured peak, for the p99 target.
# Usage: bash bench/ingest.sh [DURATION_SECONDS]   (writes bench/out/ingest-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections=64
threads=2

source scripts/ensure-deps.sh
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; }
done
[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnginx-mod-http-echo >/dev/null

swift build -c release --product channelgate >/dev/null
swift build -c release --product bench-echo >/dev/null
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d)"
mkdir -p bench/out "$work/body"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

CHANNELGATE_AUTH=off CHANNELGATE_LOG_LEVEL=warning "$bin/channelgate" serve --data-dir "$work/data" --port 18180 --no-demo >/dev/null 2>"$work/channelgate.log" &
pids+=($!)
printf 'access:\n  maxInFlight: 4096\n  rateLimits:\n    client: {rate: 1000000, burst: 1000000}\n' > "$work/auth.yaml"
CHANNELGATE_LOG_LEVEL=warning "$bin/channelgate" serve --config "$work/auth.yaml" --data-dir "$work/data-auth" --port 18183 --no-demo >/dev/null 2>"$work/channelgate-auth.log" &
pids+=($!)
"$bin/bench-echo" 18181 >/dev/null 2>&1 &
pids+=($!)
mkdir -p "$work/floor"
"$bin/bench-echo" 18184 --durable "$work/floor" >/dev/null 2>&1 &
pids+=($!)
sed -e "s|__DIR__|$work|g" -e "s|__PORT__|18182|g" bench/nginx.conf > "$work/nginx.conf"
nginx -c "$work/nginx.conf" &
pids+=($!)
wait_port 18180; wait_port 18181; wait_port 18182; wait_port 18183; wait_port 18184
token=$(curl -s -u "demo:$(cat "$work/data-auth/demo-client.secret")" -d grant_type=client_credentials http://127.0.0.1:18183/oauth/token \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# run NAME PORT [DELAY_MS] [TOKEN] → prints "rps p50_ms p99_ms non2xx"
run() {
  local port=$2 delay=${3:-0} out
  export WRK_TOKEN=${4:-}
  WRK_DELAY_MS=$delay wrk -t"$threads" -c"$connections" -d2s -s bench/post-order.lua "http://127.0.0.1:$port" >/dev/null
  out=$(WRK_DELAY_MS=$delay wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/post-order.lua "http://127.0.0.1:$port")
  echo "$out" > "$work/wrk-$1.txt"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    $1=="50%" { p50=ms($2) }
    $1=="99%" { p99=ms($2) }
    /Non-2xx/ { non2xx=$NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (non2xx==""?0:non2xx) }'
}

read -r open_rps open_p50 open_p99 open_bad <<<"$(run channelgate-open 18180)"
read -r cg_rps cg_p50 cg_p99 cg_bad <<<"$(run channelgate 18183 0 "$token")"
read -r hb_rps hb_p50 hb_p99 hb_bad <<<"$(run bench-echo 18181)"
read -r ng_rps ng_p50 ng_p99 ng_bad <<<"$(run nginx 18182)"
read -r fl_rps fl_p50 fl_p99 fl_bad <<<"$(run durable-floor 18184)"
# Access checks on and off once more, in the other order, so drift on a shared machine does not favour either.
read -r cg2_rps _ _ _ <<<"$(run channelgate-2 18183 0 "$token")"
read -r open2_rps _ _ _ <<<"$(run channelgate-open-2 18180)"
# Half the peak: each of the connections waits so that together they offer about cg_rps/2 requests per second.
half_delay=$(awk -v c="$connections" -v r="$cg_rps" 'BEGIN { printf "%d", c * 1000 / (r / 2) }')
read -r half_rps half_p50 half_p99 half_bad <<<"$(run channelgate-half 18183 "$half_delay" "$token")"
stored=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:18183/metrics" | awk '/^channelgate_events_committed_total/ { print $2 }')
batches=$(curl -s "http://127.0.0.1:18183/metrics" | awk '/^channelgate_store_commit_batch_size_(sum|count)/ { v[$1]=$2 } END { if (v["channelgate_store_commit_batch_size_count"] > 0) printf "%.1f", v["channelgate_store_commit_batch_size_sum"] / v["channelgate_store_commit_batch_size_count"] }')

report="bench/out/ingest-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## Ingest benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$threads -c$connections -d${duration}s, ~1.5 KB unique orders)"
  echo
  echo "| target | requests/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| channelgate (durable: SQLite WAL, synchronous=FULL, group commit; bearer token + rate limit) | $cg_rps | $cg_p50 | $cg_p99 | $cg_bad |"
  echo "| channelgate, access checks off | $open_rps | $open_p50 | $open_p99 | $open_bad |"
  echo "| bare Hummingbird (read body, 202) | $hb_rps | $hb_p50 | $hb_p99 | $hb_bad |"
  echo "| nginx (read body, 202) | $ng_rps | $ng_p50 | $ng_p99 | $ng_bad |"
  echo "| durable floor (bare Hummingbird + append the body to SQLite, group commit, 202) | $fl_rps | $fl_p50 | $fl_p99 | $fl_bad |"
  echo "| channelgate paced to ~half its peak (${half_delay} ms between requests per connection) | $half_rps | $half_p50 | $half_p99 | $half_bad |"
  echo
  awk -v a="$cg_rps" -v b="$hb_rps" -v c="$ng_rps" 'BEGIN { printf "- channelgate / bare Hummingbird: %.2f (target >= 0.50)\n- channelgate / nginx: %.2f\n- bare Hummingbird / nginx: %.2f\n", a/b, a/c, b/c }'
  awk -v a="$cg_rps" -v f="$fl_rps" -v b="$hb_rps" 'BEGIN { printf "- durable floor / bare Hummingbird: %.2f (no durable ingest here can exceed this); channelgate / durable floor: %.2f\n", f/b, a/f }'
  echo "- p99 at half the peak: ${half_p99} ms (target <= 20 ms)"
  awk -v on1="$cg_rps" -v on2="$cg2_rps" -v off1="$open_rps" -v off2="$open2_rps" 'BEGIN {
    printf "- access checks on vs off (two runs each, alternating): %.0f+%.0f vs %.0f+%.0f req/s, cost %.1f%% (target <= 10%%)\n", on1, on2, off1, off2, 100 * (1 - (on1 + on2) / (off1 + off2)) }'
  echo "- events committed during the run: ${stored}; mean write jobs per commit: ${batches}"
} | tee "$report"
