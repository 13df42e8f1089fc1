"""The `traffic` side of bench/flights_pipeline.py; run with .venv-bench/bin/python, not .venv.

Usage: _traffic_side.py STATES_CSV — prints one JSON object on stdout.

The parent sets HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TRAFFIC_CACHE_PATH to a temporary
folder. Setup (timed apart from the job) writes `airports_ourairports.parquet` there from the
`airportsdata` package, so traffic never tries to download its airport table, then imports
traffic. The job (timed): read the OpenSky states CSV with pandas and convert it to traffic's
units, split it into flights per aircraft at 10-minute gaps (`Traffic.iterate(on=["icao24"],
by="10 min")`, which is `Flight.split("10 min")` on each aircraft's track), then
`Flight.infer_airport("takeoff")` and `infer_airport("landing")` for every flight.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

FT_PER_M = 1 / 0.3048
KT_PER_MS = 3600 / 1852
FPM_PER_MS = 60 / 0.3048
# An end of a track at or above this altitude is at cruise: no airport can be seen from it.
CRUISE_FT = 10_000.0
# Flights hybridwatch keeps (FlightParams.min_points / min_duration_s), for a like-for-like count.
MIN_POINTS = 3
MIN_DURATION_S = 60.0


def write_airports(cache: Path) -> int:
    """traffic's airport table (ourairports' columns) built from `airportsdata`, the same list
    hybridwatch uses. airportsdata has no airport type: `large_airport` where an IATA code
    exists, else `small_airport` (only `airports.query("type == ...")` reads it, not this job).
    """
    import airportsdata
    import pandas as pd

    records = airportsdata.load("ICAO").values()
    table = pd.DataFrame(
        {
            "name": [r["name"] for r in records],
            "iata": [r["iata"] or None for r in records],
            "icao": [r["icao"] for r in records],
            "latitude": [float(r["lat"]) for r in records],
            "longitude": [float(r["lon"]) for r in records],
            "country": [r["country"] for r in records],
            "altitude": [round(float(r["elevation"] or 0)) for r in records],
            "type": ["large_airport" if r["iata"] else "small_airport" for r in records],
            "municipality": [r["city"] or None for r in records],
        }
    )
    cache.mkdir(parents=True, exist_ok=True)
    table.to_parquet(cache / "airports_ourairports.parquet", index=False)
    return len(table)


def read_states(path: Path) -> Any:
    """The OpenSky states CSV as a traffic `Traffic`: unix s → UTC timestamps, m → ft,
    m/s → kt and ft/min, the column names traffic uses."""
    import pandas as pd
    from traffic.core import Traffic

    raw = pd.read_csv(path, dtype={"icao24": str, "callsign": str, "squawk": str})
    data = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(raw["time"], unit="s", utc=True),
            "icao24": raw["icao24"],
            "callsign": raw["callsign"].str.strip(),
            "latitude": raw["lat"],
            "longitude": raw["lon"],
            "altitude": raw["baroaltitude"] * FT_PER_M,
            "geoaltitude": raw["geoaltitude"] * FT_PER_M,
            "groundspeed": raw["velocity"] * KT_PER_MS,
            "track": raw["heading"],
            "vertical_rate": raw["vertrate"] * FPM_PER_MS,
            "onground": raw["onground"],
            "squawk": raw["squawk"],
        }
    )
    return Traffic(data)


def main() -> None:
    path = Path(sys.argv[1])
    cache = Path(os.environ["TRAFFIC_CACHE_PATH"])

    started = time.perf_counter()
    airports_written = write_airports(cache)
    airports_s = time.perf_counter() - started
    started = time.perf_counter()
    import pandas as pd
    import traffic
    from traffic.data import airports

    import_s = time.perf_counter() - started

    started = time.perf_counter()
    states = read_states(path)
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    flights = list(states.iterate(on=["icao24"], by="10 min"))
    split_s = time.perf_counter() - started

    started = time.perf_counter()
    inferred = [(f.infer_airport("takeoff"), f.infer_airport("landing")) for f in flights]
    infer_s = time.perf_counter() - started

    ends: list[tuple[Any, Any, Any, Any]] = []  # (first point, last point, takeoff, landing)
    for flight, (takeoff, landing) in zip(flights, inferred, strict=True):
        data = flight.data.sort_values("timestamp")
        ends.append((data.iloc[0], data.iloc[-1], takeoff, landing))

    departures = [e for e in ends if e[2] is not None]
    arrivals = [e for e in ends if e[3] is not None]
    at_cruise_dep = sum(1 for e in departures if e[0]["altitude"] >= CRUISE_FT)
    at_cruise_arr = sum(1 for e in arrivals if e[1]["altitude"] >= CRUISE_FT)
    distances = [e[2].distance / 1000 for e in departures] + [
        e[3].distance / 1000 for e in arrivals
    ]
    kept = sum(
        1
        for f in flights
        if len(f) >= MIN_POINTS and (f.stop - f.start).total_seconds() >= MIN_DURATION_S
    )
    examples = [
        {
            "icao24": e[0]["icao24"],
            "first_altitude_ft": round(float(e[0]["altitude"])),
            "departure": e[2].icao,
            "departure_distance_km": round(e[2].distance / 1000, 1),
            "last_altitude_ft": round(float(e[1]["altitude"])),
            "arrival": e[3].icao,
            "arrival_distance_km": round(e[3].distance / 1000, 1),
        }
        for e in ends[:3]
    ]
    job_s = read_s + split_s + infer_s
    report = {
        "versions": {"traffic": traffic.__version__, "pandas": pd.__version__},
        "setup": {
            "airports_parquet_s": round(airports_s, 3),
            "airports_in_table": airports_written,
            "airport_table_rows_loaded": len(airports.data),
            "import_s": round(import_s, 3),
        },
        "rows": len(states.data),
        "flights": len(flights),
        "flights_with_3_points_and_60_s": kept,
        "departures_assigned": len(departures),
        "arrivals_assigned": len(arrivals),
        "airports_assigned": len(departures) + len(arrivals),
        "assigned_at_or_above_10000_ft": at_cruise_dep + at_cruise_arr,
        "assigned_distance_km": {
            "median": round(statistics.median(distances), 1) if distances else None,
            "max": round(max(distances), 1) if distances else None,
        },
        "examples": examples,
        "seconds": {
            "read": round(read_s, 3),
            "split": round(split_s, 3),
            "infer_airport": round(infer_s, 3),
            "job": round(job_s, 3),
        },
        "rows_per_s": round(len(states.data) / job_s),
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
