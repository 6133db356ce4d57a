#!/usr/bin/env bash
# Property-based API fuzzing with schemathesis against openapi.yaml: a live gateway on a fresh store must answer
# every generated request without a 5xx. Usage: bash bench/fuzz-api.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-30}"
source scripts/ensure-deps.sh
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q schemathesis
swift build --product channelgate >/dev/null
data="$(mktemp -d)"
"$(swift build --show-bin-path)/channelgate" serve --data-dir "$data" --port 18444 --no-demo >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:18444/healthz && break; sleep 0.1; done
# The token goes in through schemathesis' auth configuration: a plain -H header is replaced by the security
# scheme's own generated values, so every protected operation would only ever see 401s.
export CHANNELGATE_FUZZ_TOKEN=$(curl -s -u "demo:$(cat "$data/demo-client.secret")" -d grant_type=client_credentials \
  http://127.0.0.1:18444/oauth/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
printf '[auth.openapi.bearerAuth]\nbearer = "${CHANNELGATE_FUZZ_TOKEN}"\n' > "$data/schemathesis.toml"
"$venv/bin/schemathesis" --config-file "$data/schemathesis.toml" run openapi.yaml --url http://127.0.0.1:18444 \
  --checks not_a_server_error --max-examples "$examples"
curl -sf http://127.0.0.1:18444/healthz >/dev/null && echo "gateway still healthy after fuzzing"
