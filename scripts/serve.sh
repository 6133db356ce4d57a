#!/usr/bin/env bash
# Builds and starts ChannelGate on its embedded SQLite store (./data) with demo orders.
# Extra arguments go to `channelgate serve`, e.g. `bash scripts/serve.sh --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
configuration="${CHANNELGATE_BUILD:-debug}"
swift build -c "$configuration" --product channelgate
exec "$(swift build -c "$configuration" --show-bin-path)/channelgate" serve --config config/channelgate.yaml "$@"
