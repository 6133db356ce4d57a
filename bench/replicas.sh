#!/usr/bin/env bash
# Past one machine: the same wrk load as bench/ingest.sh (a ~1.5 KB canonical order, unique per request, access
# checks off) against, in one run:
#   sqlite      one channelgate on SQLite (WAL, synchronous=FULL, group commit)
#   pg-1        one channelgate replica on PostgreSQL (fsync on, synchronous_commit on)
#   pg-3-nginx  three replicas on the same PostgreSQL behind nginx (round robin, keep-alive upstreams)
# PostgreSQL is a throwaway server (initdb into a temporary directory, unix socket only) started by this script.
# Reported per setup: requests/s, p50/p99, and CPU per acknowledged order (user+system time of the gateway
# processes and of PostgreSQL's, from /proc, divided by the 2xx answers), the figure that predicts scaling on a
# host with more cores.
# Usage: bash bench/replicas.sh [DURATION_SECONDS]   (writes bench/out/replicas-<time>.md)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections=64
threads=2

source scripts/ensure-deps.sh
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); }

swift build -c release --product channelgate >/dev/null
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d)"
chmod 755 "$work"
mkdir -p bench/out "$work/body-lb"
asuser=()
[ "$(id -u)" -eq 0 ] && { asuser=(runuser -u postgres --); chown postgres "$work"; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${asuser[@]}" "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${asuser[@]}" "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
"${asuser[@]}" "$pgbin/pg_ctl" -D "$work/pg" -o "-k $work -c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB" \
  -l "$work/pg.log" -w start >/dev/null
"${asuser[@]}" "$pgbin/createdb" -h "$work" -U postgres one
"${asuser[@]}" "$pgbin/createdb" -h "$work" -U postgres three
url() { echo "postgresql:///$1?host=$work&user=postgres"; }

wait_port() { for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }
serve() { # serve PORT DATA_DIR [--store URL]: starts a gateway in the background, its pid in $last_pid
  local port=$1 dir=$2; shift 2
  CHANNELGATE_AUTH=off CHANNELGATE_LOG_LEVEL=warning "$bin/channelgate" serve --data-dir "$dir" --port "$port" --no-demo "$@" \
    >/dev/null 2>"$dir.log" &
  last_pid=$!
  pids+=("$last_pid")
}
serve 18280 "$work/sqlite"; sqlite_pid=$last_pid
serve 18281 "$work/pg1" --store "$(url one)"; pg1_pid=$last_pid
wait_port 18280; wait_port 18281
# Three replicas share their keys (docs/DEPLOY.md): the first makes them, the others read the same files.
serve 18291 "$work/r1" --store "$(url three)"; r1_pid=$last_pid
wait_port 18291
printf 'personalDataKeyFile: %s/r1/pii.keys\nkeyEncryptionKeyFile: %s/r1/signing.keys\n' "$work" "$work" > "$work/replica.yaml"
serve 18292 "$work/r2" --store "$(url three)" --config "$work/replica.yaml"; r2_pid=$last_pid
serve 18293 "$work/r3" --store "$(url three)" --config "$work/replica.yaml"; r3_pid=$last_pid
wait_port 18292; wait_port 18293
sed -e "s|__DIR__|$work|g" -e "s|__PORT__|18290|g" -e "s|__P1__|18291|g" -e "s|__P2__|18292|g" -e "s|__P3__|18293|g" \
  bench/nginx-replicas.conf > "$work/nginx-lb.conf"
nginx -c "$work/nginx-lb.conf" &
pids+=($!)
wait_port 18290

ticks=$(getconf CLK_TCK)
# CPU seconds (user+system) of the given pids, or of every postgres process when the argument is "postgres".
cpu() {
  if [ "$1" = postgres ]; then
    for stat in /proc/[0-9]*/stat; do
      read -r line < "$stat" 2>/dev/null || continue
      case "$line" in *"(postgres)"*) echo "$line";; esac
    done | awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.3f", s / t }'
  else
    for pid in "$@"; do cat "/proc/$pid/stat"; done | awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.3f", s / t }'
  fi
}

# run NAME PORT PIDS... → "rps p50_ms p99_ms non2xx gateway_cpu_us_per_order postgres_cpu_us_per_order"
run() {
  local name=$1 port=$2; shift 2
  wrk -t"$threads" -c"$connections" -d2s -s bench/post-order.lua "http://127.0.0.1:$port" >/dev/null
  local gw0 pg0 gw1 pg1 out
  gw0=$(cpu "$@"); pg0=$(cpu postgres)
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/post-order.lua "http://127.0.0.1:$port")
  gw1=$(cpu "$@"); pg1=$(cpu postgres)
  echo "$out" > "bench/out/replicas-wrk-$name.txt"
  echo "$out" | awk -v gw="$(awk -v a="$gw0" -v b="$gw1" 'BEGIN { print b - a }')" -v pg="$(awk -v a="$pg0" -v b="$pg1" 'BEGIN { print b - a }')" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /requests in/ { total=$1 }
    /Requests\/sec/ { rps=$2 }
    $1=="50%" { p50=ms($2) }
    $1=="99%" { p99=ms($2) }
    /Non-2xx/ { non2xx=$NF }
    END { ok = total - non2xx; if (ok < 1) ok = 1; printf "%.0f %.2f %.2f %s %.0f %.0f\n", rps, p50, p99, (non2xx==""?0:non2xx), gw * 1e6 / ok, pg * 1e6 / ok }'
}

read -r s_rps s_p50 s_p99 s_bad s_gw s_pg <<<"$(run sqlite 18280 "$sqlite_pid")"
read -r o_rps o_p50 o_p99 o_bad o_gw o_pg <<<"$(run pg-1 18281 "$pg1_pid")"
read -r t_rps t_p50 t_p99 t_bad t_gw t_pg <<<"$(run pg-3-nginx 18290 "$r1_pid" "$r2_pid" "$r3_pid")"
# SQLite once more, after the others, so drift on a shared machine does not favour either side.
read -r s2_rps _ _ _ _ _ <<<"$(run sqlite-2 18280 "$sqlite_pid")"

report="bench/out/replicas-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "## Replicas benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$threads -c$connections -d${duration}s)"
  echo
  echo "| setup | requests/s | p50 ms | p99 ms | non-2xx | gateway CPU µs/order | PostgreSQL CPU µs/order |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| channelgate on SQLite | $s_rps (again after the others: $s2_rps) | $s_p50 | $s_p99 | $s_bad | $s_gw | - |"
  echo "| one replica on PostgreSQL | $o_rps | $o_p50 | $o_p99 | $o_bad | $o_gw | $o_pg |"
  echo "| three replicas on PostgreSQL behind nginx | $t_rps | $t_p50 | $t_p99 | $t_bad | $t_gw | $t_pg |"
  echo
  awk -v o="$o_rps" -v s="$s_rps" -v s2="$s2_rps" 'BEGIN { m = (s + s2) / 2; printf "One PostgreSQL replica / SQLite (mean of the two SQLite runs): %.2f (target ≥ 0.60)\n", o / m }'
} | tee "$report"
