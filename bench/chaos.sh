#!/usr/bin/env bash
# Chaos suite: seven faults against a live `channelgate serve` on 127.0.0.1, each on a fresh data directory, while
# clients post orders; afterwards every acknowledged (2xx) order must be stored exactly once.
#   1 kill        SIGKILL the gateway three times under concurrent posters, restart it each time
#   2 restart     SIGTERM (graceful stop) under load and a new process on the same port, three times: the requests
#                 in flight finish, later ones are refused (never reset), the gap is measured
#   3 lock        the sqlite3 CLI holds BEGIN EXCLUSIVE on the store for a few seconds under load
#   4 disk-full   the data directory on a 16 MB tmpfs (needs root) filled up, then space freed
#   5 read-only   store files made read-only while serving, then the gateway started on them (runs as `nobody` when
#                 started as root, since root ignores file modes); permissions restored, recovery timed
#   6 slow        1100 sockets trickling a body 1 byte every 4 s to /oauth/token and ingest, 20 trickling headers;
#                 /healthz, /readyz and a well-behaved ingest are probed meanwhile
#   7 channel     a pulled channel (bench/chaos_channel.py) that is slow, resets, answers 429 and 500, then heals
# Posters give every order its own Idempotency-Key (= channelOrderId) and resend a key after a connection error, 429
# or 5xx until it is answered 2xx. The check afterwards reads the whole event feed (/v1/events): every acknowledged key
# must have exactly one event (none = lost, more = duplicated); then every key that was retried or acknowledged as a
# replay, plus a random sample (2000 in all), is resent and must come back `Idempotent-Replayed: true` (a 2xx without
# it means the stored message was missing). The feed is read-only and sees duplicates, which /v1/orders would merge.
# It prints one table row per fault: acknowledged, lost, duplicated, seconds to recover, whether the routes the
# fault should not touch stayed ready (/healthz, and the read routes for store faults). Exit status 1 when any
# acknowledged order was lost or duplicated. Loopback only; every wait has a timeout; everything started is stopped.
#
# Usage: bash bench/chaos.sh [SECONDS_PER_FAULT]      (default 20; about 3 minutes in all on 2 cores)
# Environment: CHANNELGATE_BIN=path   use this binary instead of building a release one
#              CHAOS_SLOW_SOCKETS=N   slow sockets in fault 6 (default 1100, beyond the default maxInFlight of 1024)
#              CHAOS_KEEP=1           keep the work directory (gateway logs, attempt logs) and print where it is
#              CHAOS_FAULTS="lock slow"  run only these faults (kill restart lock disk readonly slow channel)
# Helpers (Python 3 standard library): bench/chaos_client.py (load, watch, checks), bench/chaos_channel.py.
set -uo pipefail   # no -e: failing requests are what this script provokes; failures are checked explicitly
cd "$(dirname "$0")/.."

secs="${1:-20}"
slow_sockets="${CHAOS_SLOW_SOCKETS:-1100}"
client=(python3 bench/chaos_client.py)
pids=()
mounts=()
rows=()
failed=0
started=$(date +%s)

# ------------------------------------------------------------------------------------------------ small helpers

log() { printf '[chaos %4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
now() { date +%s.%N; }
fraction() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a * b }'; }   # fraction SECONDS FACTOR
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }               # field NAME "k=v k=v"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
status_of() { curl -s -o /dev/null -m "${2:-5}" -w '%{http_code}' "$1"; }

# wait_pid PID SECONDS: true once PID has exited (reaped when it is our child), false on timeout.
wait_pid() {
  local deadline=$(( $(date +%s) + $2 ))
  while kill -0 "$1" 2>/dev/null; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.1
  done
  wait "$1" 2>/dev/null
  return 0
}

# stop_pid PID [SIGNAL]: signal it, wait up to 15 s, then SIGKILL.
stop_pid() {
  kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null; return 0; }
  kill "-${2:-TERM}" "$1" 2>/dev/null
  wait_pid "$1" 15 || { kill -KILL "$1" 2>/dev/null; wait_pid "$1" 5; }
}

cleanup() {
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait_pid "$pid" 5 || kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  for dir in "${mounts[@]}"; do umount "$dir" 2>/dev/null; done
  if [ "${CHAOS_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}

# ------------------------------------------------------------------------------------------------ the gateway

# base_config NAME [EXTRA_YAML]: a configuration with rate limits out of the way; prints its path.
base_config() {
  local file="$work/$1.yaml"
  {
    echo "idleTimeoutSeconds: 30"
    echo "access:"
    echo "  rateLimits:"
    echo "    client: {rate: 100000, burst: 100000}"
    [ -n "${2:-}" ] && printf '%s\n' "$2"
  } >"$file"
  chmod 644 "$file"
  echo "$file"
}

# start_gateway NAME DATA PORT CONFIG [RUN_AS_PREFIX...]: serve in the background (pid in gateway_pid); true once
# /healthz answers, false if it exits or is not up within 30 s.
start_gateway() {
  local name=$1 data=$2 port=$3 config=$4
  shift 4
  CHANNELGATE_LOG_LEVEL=info "$@" "$bin" serve --config "$config" --data-dir "$data" --port "$port" --no-demo \
    >>"$work/$name.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  disown "$gateway_pid"   # no "Killed" job notices; wait_pid still sees it exit
  local deadline=$(( $(date +%s) + 30 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$gateway_pid" 2>/dev/null || return 1
    [ "$(status_of "http://127.0.0.1:$port/healthz" 1)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# get_token NAME DATA PORT: a demo-client token in $work/NAME.token.
get_token() {
  local secret answer
  secret=$(cat "$2/demo-client.secret")
  answer=$(curl -s -m 10 -u "demo:$secret" -d grant_type=client_credentials "http://127.0.0.1:$3/oauth/token")
  sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$answer" >"$work/$1.token"
  grep -q '^ey' "$work/$1.token"
}

# start_load NAME PORT [ARGS...]: concurrent posters until $work/NAME.stop exists (pid in load_pid).
start_load() {
  local name=$1 port=$2
  shift 2
  "${client[@]}" load --base "http://127.0.0.1:$port" --token-file "$work/$name.token" --out "$work/$name.attempts" \
    --stop-file "$work/$name.stop" --prefix "$name" "$@" 2>>"$work/$name.client.log" &
  load_pid=$!
  pids+=("$load_pid")
}

# start_watch NAME PORT: probes /healthz, /readyz and the read routes until $work/NAME.stop exists (pid in watch_pid).
start_watch() {
  "${client[@]}" watch --base "http://127.0.0.1:$2" --token-file "$work/$1.token" --out "$work/$1.watch" \
    --stop-file "$work/$1.stop" 2>>"$work/$1.client.log" &
  watch_pid=$!
  pids+=("$watch_pid")
}

stop_clients() {
  touch "$work/$1.stop"
  wait_pid "$load_pid" 20 || stop_pid "$load_pid"
  wait_pid "$watch_pid" 10 || stop_pid "$watch_pid"
}

# wait_recovery NAME MARK SECONDS: waits until the load log shows a 2xx after MARK; prints the recovery line.
wait_recovery() {
  local deadline=$(( $(date +%s) + $3 )) line
  while :; do
    line=$("${client[@]}" recovery --log "$work/$1.attempts" --mark "$2")
    [ "$(field recovered "$line")" = yes ] && break
    [ "$(date +%s)" -ge "$deadline" ] && break
    sleep 0.5
  done
  echo "$line"
}

# verify NAME PORT [ACK_FILES...]: lost/duplicated over the event feed, plus resends (retried keys and a sample).
verify() {
  local name=$1 port=$2
  shift 2
  [ $# -gt 0 ] || set -- "$work/$name.attempts"
  log "  checking the acknowledged orders: the whole event feed, then resends with the same Idempotency-Key ..." >&2
  timeout 300 "${client[@]}" verify --base "http://127.0.0.1:$port" --token-file "$work/$name.token" --acks "$@" --replay
}

# unverifiable_note VERIFY_LINE: a note when some resends could not be checked (the store still refused writes).
unverifiable_note() {
  local count
  count=$(field unverifiable "$1")
  [ "${count:-0}" != 0 ] && echo "; $count resends not answered 2xx (feed check only)"
}

# add_row FAULT ACKED LOST DUP RECOVER READY NOTES
# A lost or dup count that is neither a number nor "-" (fault not run) means the check itself failed: that fails too.
add_row() {
  local row count
  row=$(printf '%-10s %7s %5s %5s %11s %13s  %s' "$1" "${2:-?}" "${3:-?}" "${4:-?}" "${5:-?}" "${6:-?}" "$7")
  rows+=("$row")
  for count in "${3:-?}" "${4:-?}"; do
    [ "$count" = - ] && continue
    [[ "$count" =~ ^[0-9]+$ && "$count" -eq 0 ]] || failed=1
  done
  echo
  print_header
  echo "$row"
  echo
}

print_header() {
  printf '%-10s %7s %5s %5s %11s %13s  %s\n' fault acked lost dup recover_s routes_ready notes
}

# gateway_failed NAME NOTE: a row for a fault whose gateway would not start or answer.
gateway_failed() {
  log "  $2; last lines of its log:"
  tail -5 "$work/$1.log" | sed 's/^/      /'
  add_row "$1" - - - - - "$2"
}

# ------------------------------------------------------------------------------------------------ 1: SIGKILL under load

fault_kill() {
  local name=kill data="$work/kill/data" port config gap marks=() verdict ready recovery
  log "fault 1/7: SIGKILL under load: 6 posters, gateway killed 3 times and restarted"
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  start_load $name "$port" --threads 6
  start_watch $name "$port"
  gap=$(fraction "$secs" 0.25)
  for round in 1 2 3; do
    sleep "$gap"
    marks+=(--mark "$(now)")
    kill -KILL "$gateway_pid"
    wait_pid "$gateway_pid" 10
    log "  SIGKILL #$round sent ($(grep -c '"kind":"ack"' "$work/$name.attempts") acknowledged so far); restarting"
    start_gateway $name "$data" "$port" "$config" || { stop_clients $name; gateway_failed $name "gateway did not restart after SIGKILL #$round"; return; }
  done
  sleep "$gap"
  stop_clients $name
  recovery=$("${client[@]}" recovery --log "$work/$name.attempts" "${marks[@]}")
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,readyz,orders,events --alive-only)
  verdict=$(verify $name "$port")
  log "  after the kills: $recovery"
  log "  probes while the process was up: $(field detail "$ready")"
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(field seconds "$recovery")" "$(field ready "$ready")" \
    "3 kills; recover = SIGKILL to first 2xx incl. restart; $(field replayed_acks "$recovery") acks were replays of a commit whose answer the kill cut off$(unverifiable_note "$verdict")"
  stop_pid "$gateway_pid"
}

# ------------------------------------------------------------------------------------------------ 1b: graceful restart

# attempt_counts NAME SINCE: counts of attempts sent after SINCE by outcome: refused (-2), stale keep-alive (-3),
# reset of a request on a fresh connection (0), timeout (-1), 2xx, other; and the longest time without a 2xx (gap).
attempt_counts() {
  python3 - "$work/$1.attempts" "$2" <<'PY'
import json, sys
counts = {"refused": 0, "stale": 0, "reset": 0, "timeout": 0, "ok": 0, "other": 0}
names = {-2: "refused", -3: "stale", 0: "reset", -1: "timeout"}
answered = []
for line in open(sys.argv[1]):
    record = json.loads(line)
    if record.get("kind") != "attempt" or record["sent"] < float(sys.argv[2]):
        continue
    status = record["status"]
    counts[names.get(status, "ok" if 200 <= status < 300 else "other")] += 1
    if 200 <= status < 300:
        answered.append(record["t"])
answered.sort()
gap = max((b - a for a, b in zip(answered, answered[1:])), default=0.0)
print(" ".join(f"{k}={v}" for k, v in counts.items()) + f" gap={gap:.2f}")
PY
}

fault_restart() {
  local name=restart data="$work/restart/data" port config gap marks=() verdict ready signalled stopped counts stops=()
  log "fault 2/7: graceful restart under load: SIGTERM, wait for the exit, start again on the same port, 3 times"
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  start_load $name "$port" --threads 6
  start_watch $name "$port"
  gap=$(fraction "$secs" 0.25)
  for round in 1 2 3; do
    sleep "$gap"
    signalled=$(now)
    marks+=(--mark "$signalled")
    kill -TERM "$gateway_pid"
    wait_pid "$gateway_pid" 30 || { stop_clients $name; gateway_failed $name "gateway did not stop within 30 s of SIGTERM"; return; }
    stopped=$(now)
    stops+=("$(awk -v a="$signalled" -v b="$stopped" 'BEGIN { printf "%.2f", b - a }')")
    log "  SIGTERM #$round: exited after ${stops[-1]} s; restarting"
    start_gateway $name "$data" "$port" "$config" || { stop_clients $name; gateway_failed $name "gateway did not restart after SIGTERM #$round"; return; }
  done
  sleep "$gap"
  stop_clients $name
  counts=$(attempt_counts $name "${marks[1]}")
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,readyz,orders,events --alive-only)
  verdict=$(verify $name "$port")
  log "  around the restarts: $counts"
  [ "$(field reset "$counts")" = 0 ] || failed=1
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(field gap "$counts")" "$(field ready "$ready")" \
    "3 restarts; stop took ${stops[*]} s; recover = longest time without a 2xx; requests refused while down $(field refused "$counts"), stale keep-alive $(field stale "$counts"), reset $(field reset "$counts") (must be 0)$(unverifiable_note "$verdict")"
  stop_pid "$gateway_pid"
}

# ------------------------------------------------------------------------------------------------ 2: lock held elsewhere

fault_lock() {
  local name=lock data="$work/lock/data" port config hold lock_pid asked locked released verdict ready recovery window false_ok
  log "fault 3/7: the sqlite3 CLI holds BEGIN EXCLUSIVE on the store under load"
  if ! command -v sqlite3 >/dev/null; then
    log "  skipped (the sqlite3 CLI is missing: apt-get install -y sqlite3)"
    add_row $name - - - - - "skipped (sqlite3 CLI missing)"
    return
  fi
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  start_load $name "$port" --threads 6
  start_watch $name "$port"
  sleep 3
  hold=$(awk -v s="$secs" 'BEGIN { h = s / 3; if (h < 3) h = 3; printf "%d", h }')
  asked=$(now)
  # The CLI stamps the time once it holds the lock (its own output is buffered until it exits).
  sqlite3 -bail "$data/channelgate.sqlite" ".timeout 10000" "BEGIN EXCLUSIVE;" ".shell date +%s.%N >$work/$name.locked" \
    ".shell sleep $hold" "COMMIT;" ".shell date +%s.%N >$work/$name.released" >"$work/$name.sqlite3.out" 2>&1 &
  lock_pid=$!
  pids+=("$lock_pid")
  for _ in $(seq 1 150); do [ -s "$work/$name.locked" ] && break; sleep 0.1; done
  if [ ! -s "$work/$name.locked" ]; then
    log "  sqlite3 could not take the lock: $(tr '\n' ' ' <"$work/$name.sqlite3.out")"
    stop_pid "$lock_pid"; stop_clients $name; stop_pid "$gateway_pid"
    add_row $name - - - - - "sqlite3 never got the write lock (the gateway's writer kept it)"
    return
  fi
  locked=$(cat "$work/$name.locked")
  log "  lock taken after $(awk -v a="$locked" -v b="$asked" 'BEGIN { printf "%.1f", a - b }')s of trying; holding it ${hold}s"
  wait_pid "$lock_pid" $(( hold + 15 )) || stop_pid "$lock_pid"
  released=$(cat "$work/$name.released" 2>/dev/null || now)
  log "  lock released (sqlite3 exit: $(tr '\n' ' ' <"$work/$name.sqlite3.out")); waiting for the first 2xx"
  recovery=$(wait_recovery $name "$released" 30)
  sleep 2
  stop_clients $name
  # Requests both sent and answered while the lock was held: none of them can have committed.
  window=$("${client[@]}" recovery --log "$work/$name.attempts" --start "$locked" --end "$released")
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,orders,events)
  verdict=$(verify $name "$port")
  log "  answers to requests sent and answered while locked: $(field statuses "$window")"
  log "  probes: $(field detail "$ready"); readyz 503 during the run: $(field readyz_503 "$ready")"
  false_ok=$(grep -o '20[0-9]x[0-9]*' <<<"$(field statuses "$window")" | head -1)
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(field seconds "$recovery")" "$(field ready "$ready")" \
    "held ${hold}s; during lock: $(field statuses "$window"); longest wait $(field longest "$window")s (storeBusyTimeoutMs 2000); readyz not-ready: $([ "$(field readyz_503 "$ready")" -gt 0 ] && echo yes || echo NO)${false_ok:+; 2xx while locked: $false_ok}$(unverifiable_note "$verdict")"
  stop_pid "$gateway_pid"
}

# ------------------------------------------------------------------------------------------------ 3: disk full

fault_disk() {
  local name=disk mountpoint="$work/disk" data port config verdict ready readyz_full recovery window full_at freed flaps restarted=""
  log "fault 4/7: data directory on a 16 MB tmpfs filled up, then space freed"
  mkdir -p "$mountpoint"
  if ! mount -t tmpfs -o size=16m tmpfs "$mountpoint" 2>/dev/null; then
    log "  skipped (needs root to mount tmpfs)"
    add_row $name - - - - - "skipped (needs root to mount tmpfs)"
    return
  fi
  mounts+=("$mountpoint")
  data="$mountpoint/data"
  head -c 12M /dev/zero >"$mountpoint/filler"
  log "  tmpfs mounted, 12 MB filler written; $(df -h "$mountpoint" | awk 'NR==2 { print $4 }') left for the store"
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not start"; umount_disk; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; umount_disk; return; }
  start_load $name "$port" --threads 4 --lines 40
  start_watch $name "$port"
  for _ in $(seq 1 $(( secs * 3 ))); do grep -qsE '"status":(503|507)' "$work/$name.attempts" && break; sleep 1; done
  full_at=$(now)
  grep -qsE '"status":(503|507)' "$work/$name.attempts" || log "  no 503/507 yet although posting for $(( secs * 3 ))s"
  log "  writes failing ($(df -h "$mountpoint" | awk 'NR==2 { print $4 }') free); keeping the disk full for $(fraction "$secs" 0.25)s"
  sleep "$(fraction "$secs" 0.25)"
  rm -f "$mountpoint/filler"
  freed=$(now)
  log "  filler deleted; waiting for the first 2xx"
  recovery=$(wait_recovery $name "$freed" 30)
  stop_clients $name   # at once: the posters would fill the freed space again within seconds
  window=$("${client[@]}" recovery --log "$work/$name.attempts" --start "$full_at" --end "$freed")
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,orders,events)
  readyz_full=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes readyz --start "$full_at" --end "$freed")
  if [ "$(field recovered "$recovery")" != yes ]; then
    log "  no recovery without a restart; restarting to verify"
    stop_pid "$gateway_pid"
    start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not restart"; umount_disk; return; }
    restarted="; needed a restart"
  fi
  verdict=$(verify $name "$port")
  flaps=$(grep -c 'store writes again' "$work/$name.log")
  log "  answers while full: $(field statuses "$window"); probes: $(field detail "$ready")"
  log "  the writer turned healthy again $flaps times (a probe write fits where a batch does not)"
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(field seconds "$recovery")" "$(field ready "$ready")" \
    "while full: $(field statuses "$window"); longest wait $(field longest "$window")s; readyz while full: $(field detail "$readyz_full"); writer healthy again ${flaps}x$restarted$(unverifiable_note "$verdict")"
  stop_pid "$gateway_pid"
  umount_disk
}

umount_disk() {
  stop_pid "$gateway_pid"
  umount "$work/disk" 2>/dev/null || log "  could not unmount $work/disk (cleanup will retry)"
}

# ------------------------------------------------------------------------------------------------ 4: read-only store

# run_as: the prefix that starts the gateway as an unprivileged user (root ignores file modes); empty when not root.
run_as_prefix() {
  run_as=()
  [ "$(id -u)" -ne 0 ] && return 0
  command -v setpriv >/dev/null || return 1
  run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
}

store_files() { ls "$1"/channelgate.sqlite "$1"/channelgate.sqlite-wal "$1"/channelgate.sqlite-shm 2>/dev/null; }

# make_read_only DATA [DIR]: the store files (and DIR) lose write permission; their modes are kept for restore_modes.
make_read_only() {
  local path
  for path in $(store_files "$1") ${2:-}; do echo "$(stat -c %a "$path") $path"; done >"$work/modes"
  chmod a-w $(store_files "$1") ${2:-}
}

restore_modes() {
  local mode path
  while read -r mode path; do chmod "$mode" "$path"; done <"$work/modes"
}

fault_readonly() {
  local name=readonly dir="$work/readonly" data port config verdict ready restarted=""
  log "fault 5/7: read-only store: files chmod'ed read-only while serving, then the gateway started on them"
  if ! run_as_prefix; then
    add_row $name - - - - - "skipped (root ignores file modes and setpriv is missing)"
    return
  fi
  data="$dir/data"
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown -R 65534:65534 "$dir"
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" "${run_as[@]}" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  start_load $name "$port" --threads 4
  start_watch $name "$port"
  sleep 2
  readonly_live $name "$data"
  readonly_boot $name "$data" "$port" "$config"
  sleep 2
  stop_clients $name
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,orders,events --alive-only)
  if [ "$(field recovered "$ro_boot")" != yes ] || ! kill -0 "$gateway_pid" 2>/dev/null; then
    log "  restarting the gateway with permissions restored, to verify"
    stop_pid "$gateway_pid"
    start_gateway $name "$data" "$port" "$config" "${run_as[@]}" || { gateway_failed $name "gateway did not restart"; return; }
    restarted="; verified after a restart"
  fi
  verdict=$(verify $name "$port")
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(recover_text "$ro_live" "$ro_boot")" "$(field ready "$ready")" \
    "live chmod: ${ro_effect:+refused writes, }recovered $(field recovered "$ro_live"); $ro_note, recovered: $(field recovered "$ro_boot")$restarted$(unverifiable_note "$verdict")"
  stop_pid "$gateway_pid"
}

# readonly_live NAME DATA: phase A, the store made read-only under a running gateway; sets ro_live and ro_effect.
readonly_live() {
  local start mark window wait=$(( secs > 20 ? secs : 20 ))
  start=$(now)
  make_read_only "$2" "$2"
  log "  phase A: store files and data dir made read-only (chmod a-w) while serving ($([ ${#run_as[@]} -gt 0 ] && echo 'gateway runs as nobody' || echo "gateway runs as $(id -un)")); holding $(fraction "$secs" 0.33)s"
  sleep "$(fraction "$secs" 0.33)"
  restore_modes
  mark=$(now)
  window=$("${client[@]}" recovery --log "$work/$1.attempts" --start "$start" --end "$mark")
  ro_effect=$(grep -oE '(^|,)5[0-9][0-9][^,]*' <<<"$(field statuses "$window")" | tr -d '\n')
  if [ -n "$ro_effect" ]; then
    ro_live=$(wait_recovery "$1" "$mark" "$wait")
    log "  phase A: writes refused ($(field statuses "$window")); after restoring: recovered=$(field recovered "$ro_live") in $(field seconds "$ro_live")s"
  else
    ro_live="recovered=yes seconds=0.00"
    log "  phase A: no effect: writes kept succeeding ($(field statuses "$window")) - the open connections keep write access"
  fi
}

# readonly_boot NAME DATA PORT CONFIG: phase B, the gateway restarted on read-only store files, then permissions
# restored; sets ro_boot (recovery line) and ro_note.
readonly_boot() {
  local mark wait=$(( secs > 20 ? secs : 20 ))
  stop_pid "$gateway_pid"
  make_read_only "$2"
  log "  phase B: gateway stopped, store files made read-only ($(store_files "$2" | xargs -n1 basename | tr '\n' ' ')), starting it again"
  if ! start_gateway "$1" "$2" "$3" "$4" "${run_as[@]}"; then
    ro_note="refused to start on read-only file: $(grep -v '^ ' "$work/$1.log" | tail -1 | cut -c1-100)"
    ro_boot="recovered=no seconds=none"
    restore_modes
    log "  $ro_note"
    return
  fi
  ro_note="started on read-only file: readyz $(status_of "http://127.0.0.1:$3/readyz")"
  sleep 2
  restore_modes
  mark=$(now)
  log "  $ro_note; permissions restored, waiting up to ${wait}s for the first 2xx"
  ro_boot=$(wait_recovery "$1" "$mark" "$wait")
  log "  phase B: recovered=$(field recovered "$ro_boot") seconds=$(field seconds "$ro_boot")"
}

# recover_text LINE...: the worst recovery of several phases; "no" if one did not recover.
recover_text() {
  local worst=0 line
  for line in "$@"; do
    [ "$(field recovered "$line")" = yes ] || { echo no; return; }
    worst=$(awk -v a="$worst" -v b="$(field seconds "$line")" 'BEGIN { print (b > a ? b : a) }')
  done
  echo "$worst"
}

# ------------------------------------------------------------------------------------------------ 5: slow clients

fault_slow() {
  local name=slow data="$work/slow/data" port config spread same verdict
  log "fault 6/7: $slow_sockets sockets trickling a body 1 byte/4 s (/oauth/token and ingest) + 20 trickling headers"
  port=$(free_port)
  config=$(base_config $name)
  start_gateway $name "$data" "$port" "$config" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  log "  phase 1 (${secs}s): slow sockets spread over 11 loopback addresses (127.0.0.2-12), probes from 127.0.0.1"
  spread=$(slow_phase $name "$port" spread 11 "$secs")
  log "  phase 2 ($(fraction "$secs" 0.5)s): slow sockets from 127.0.0.1 too, as when every client comes through one proxy"
  same=$(slow_phase $name "$port" same 0 "$(fraction "$secs" 0.5)")
  verdict=$(verify $name "$port")
  add_row $name "$(field acked "$verdict")" "$(field lost "$verdict")" "$(field dup "$verdict")" \
    "$(field recover "$spread")" "$(field ready "$spread")" \
    "$(field sockets "$spread") sockets; all cut after $(field cut_all_after "$spread")s; probes ok (healthz/readyz/ingest) $(field probes "$spread"); same address as probes: $(field probes "$same")"
  stop_pid "$gateway_pid"
}

# slow_phase NAME PORT LABEL SOURCES SECONDS: one run of the slow clients; prints the client's result line.
slow_phase() {
  timeout $(( ${5%.*} + 120 )) "${client[@]}" slow --base "http://127.0.0.1:$2" --token-file "$work/$1.token" \
    --acks "$work/$1.attempts" --prefix "polite-$3" --body-sockets "$slow_sockets" --header-sockets 20 --sources "$4" \
    --seconds "$5" --interval 4
}

# ------------------------------------------------------------------------------------------------ 6: misbehaving channel

answered_counts() {
  curl -s -m 3 "http://127.0.0.1:$1/_chaos" | python3 -c 'import json, sys; print(",".join(f"{k} {v}x" for k, v in json.load(sys.stdin)["answered"].items()))'
}

poller_state() {
  curl -s -m 3 -H "Authorization: Bearer $(cat "$work/$1.token")" "http://127.0.0.1:$2/v1/channels" | python3 -c '
import json, sys
for channel in json.load(sys.stdin)["channels"]:
    p = channel.get("poller")
    if p:
        print("state=%s rounds=%s items=%s errors=%s lastError=%r" % (p["state"], p["rounds"], p["items"], p["errors"], (p["lastError"] or "-")[:80]))
' 2>/dev/null
}

# channel_config NAME CHANNEL_PORT: a poller of the fake channel every second, with short timeouts, backoff and breaker.
channel_config() {
  base_config "$1" "pollerRequestTimeoutSeconds: 3
pollerBackoffBaseMs: 200
channels:
  - {name: pulled, format: canonical, onInvalid: reject}
pollers:
  - channel: pulled
    url: http://127.0.0.1:$2/orders
    intervalSeconds: 1
    itemsPath: orders
    paging: {style: page, parameter: page, sizeParameter: page_size, size: 20}
    window: {parameter: updated_after, updatedPath: order.updatedAt, overlapSeconds: 300, initialLookbackSeconds: 3600}
    rateLimit: {rate: 50, burst: 20}
    maxAttempts: 4
    breaker: {threshold: 3, cooldownSeconds: 5}"
}

# channel_phases NAME PORT CHANNEL_PORT: the channel answers 429, is slow, resets, answers 500, a quarter of the time
# each (429 first: it does not count toward the breaker, the others open it); poller states seen go to poller_states.
channel_phases() {
  local phase_secs mode until seen=""
  phase_secs=$(fraction "$secs" 0.25)
  for mode in 429 slow reset 500; do
    curl -s -m 3 "http://127.0.0.1:$3/_chaos?mode=$mode" >/dev/null
    log "  channel mode $mode for ${phase_secs}s"
    until=$(( $(date +%s) + ${phase_secs%.*} + 1 ))
    while [ "$(date +%s)" -lt "$until" ]; do
      seen+="$(poller_state "$1" "$2" | sed -E 's/state=([a-z_]+).*/\1/') "
      sleep 1
    done
    log "    poller: $(poller_state "$1" "$2")"
  done
  poller_states=$(tr ' ' '\n' <<<"$seen" | awk 'NF && !seen[$0]++' | tr '\n' ' ')
}

fault_channel() {
  local name=channel data="$work/channel/data" port cport channel_pid healed converge verdict ready push push_ok=yes
  log "fault 7/7: a pulled channel that answers 429, is slow, resets, answers 500, then heals"
  cport=$(free_port)
  python3 bench/chaos_channel.py "$cport" 4 6 2>>"$work/$name.channel.log" &
  channel_pid=$!
  pids+=("$channel_pid")
  for _ in $(seq 1 50); do [ "$(status_of "http://127.0.0.1:$cport/_chaos" 1)" = 200 ] && break; sleep 0.1; done
  port=$(free_port)
  start_gateway $name "$data" "$port" "$(channel_config $name "$cport")" || { gateway_failed $name "gateway did not start"; return; }
  get_token $name "$data" "$port" || { gateway_failed $name "no token"; return; }
  start_load $name "$port" --threads 2 --pause 0.1
  start_watch $name "$port"
  for _ in $(seq 1 60); do poller_state $name "$port" | grep -q 'rounds=[1-9]' && break; sleep 0.5; done
  log "  poller synced once: $(poller_state $name "$port")"
  channel_phases $name "$port" "$cport"
  healed=$(curl -s -m 3 "http://127.0.0.1:$cport/_chaos?mode=ok&freeze=1")
  log "  channel healed and frozen: $healed; waiting until every channel order is stored"
  converge=$("${client[@]}" converge --base "http://127.0.0.1:$port" --token-file "$work/$name.token" --prefix CHAOS- \
    --expected "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["orders"])' "$healed")" --timeout 90)
  log "  $converge; poller now: $(poller_state $name "$port")"
  stop_clients $name
  ready=$("${client[@]}" watchsum --watch "$work/$name.watch" --routes healthz,readyz,orders,events)
  push=$("${client[@]}" recovery --log "$work/$name.attempts")
  verdict=$(verify $name "$port")
  grep -qE '(^|,)(-1|0|[3-5][0-9][0-9])' <<<"$(field statuses "$push")" && push_ok=no
  log "  pushes meanwhile: $(field statuses "$push"); probes: $(field detail "$ready")"
  add_row $name "$(sum_field acked "$converge" "$verdict")" "$(sum_field lost "$converge" "$verdict")" \
    "$(sum_field dup "$converge" "$verdict")" "$(field seconds "$converge")" \
    "$([ "$(field ready "$ready")" = yes ] && [ $push_ok = yes ] && echo yes || echo no)" \
    "$(field acked "$converge") pulled + $(field acked "$verdict") pushed; channel answered $(answered_counts "$cport"); poller states: $poller_states"
  stop_pid "$gateway_pid"
  stop_pid "$channel_pid"
}

# sum_field NAME LINE...: the sum of one numeric field over several result lines ("?" when one lacks it).
sum_field() {
  local name=$1 total=0 value line
  shift
  for line in "$@"; do
    value=$(field "$name" "$line")
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "?"; return; }
    total=$(( total + value ))
  done
  echo "$total"
}

# ------------------------------------------------------------------------------------------------ main

if [ -z "${CHANNELGATE_BIN:-}" ]; then
  source scripts/ensure-deps.sh
  set +e   # ensure-deps.sh turns -e on
  swift build -c release --product channelgate >&2 || exit 1
  CHANNELGATE_BIN="$(swift build -c release --show-bin-path)/channelgate"
fi
bin="$CHANNELGATE_BIN"
[ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 1; }
if ! command -v sqlite3 >/dev/null && [ "$(id -u)" -eq 0 ]; then
  echo "installing the sqlite3 CLI (fault 2) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
fi
work="$(mktemp -d)"
chmod 711 "$work"   # the read-only fault runs the gateway as nobody, which must reach its data directory
trap cleanup EXIT
trap 'exit 130' INT TERM
log "binary $bin, ${secs}s per fault, work directory $work"

for fault in ${CHAOS_FAULTS:-kill restart lock disk readonly slow channel}; do
  "fault_$fault"
done

echo
echo "## Chaos ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${secs}s per fault, $(( $(date +%s) - started ))s in all)"
echo
print_header
printf '%s\n' "${rows[@]}"
echo
echo "acked = orders answered 2xx (channel: orders the channel served + pushes); lost/dup must be 0;"
echo "recover_s = seconds from the end of the fault (kill, restart: each signal) to the next 2xx (channel: until every order is stored);"
echo "routes_ready = /healthz (and the read routes, /readyz where the fault should not touch it) answered 200 throughout."
if [ "$failed" -ne 0 ]; then echo "FAILED: an acknowledged order was lost or duplicated, or could not be checked (?)"; exit 1; fi
echo "no acknowledged order was lost or duplicated"
