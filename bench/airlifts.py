"""Benchmark: airlift detection on one simulated month of regional traffic; prints JSON.

About a million flights (30 days × ~33,000 a day among 400 airports, 25,000 aircraft flying
chains of legs) are written straight into a case's `flights` table — the detection step is
what is measured, not track building — with one planted six-round-trip military airlift.
Run: .venv/bin/python bench/airlifts.py [--flights N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hybridwatch import case as case_mod
from hybridwatch.flights import airlifts
from hybridwatch.flights.params import FlightParams
from hybridwatch.flights.pipeline import signature
from hybridwatch.reference.airports import table as airport_table

START = datetime(2024, 2, 1).timestamp()
DAYS = 30
TYPES = np.array(["A320", "B738", "A321", "E190", "AT72", "A20N", "B38M", "IL76", "C17"])
TYPE_WEIGHTS = np.array([30, 30, 12, 8, 6, 6, 6, 1, 1], dtype=float)


def month_of_flights(count: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)
    airports = airport_table().filter(pc.field("has_iata"))
    codes = np.array(airports["icao"].to_pylist())[rng.choice(len(airports), 400, replace=False)]
    fleet = max(1, count // 40)
    per_aircraft = rng.poisson(count / fleet, fleet).clip(1)
    total = int(per_aircraft.sum())
    aircraft = np.repeat(np.arange(fleet), per_aircraft)
    # each aircraft flies a chain: the next leg leaves from where the last one landed
    hops = rng.integers(0, len(codes), total)
    starts = np.r_[0, np.cumsum(per_aircraft)[:-1]]
    origin_index = np.roll(hops, 1)
    origin_index[starts] = rng.integers(0, len(codes), fleet)
    same = origin_index == hops
    hops[same] = (hops[same] + 1) % len(codes)
    departure = START + rng.random(total) * DAYS * 86400
    order = np.lexsort((departure, aircraft))
    departure = departure[order]
    duration = rng.uniform(3600, 4 * 3600, total)
    icao = np.char.mod("%06x", 0x400000 + aircraft)
    typecode = TYPES[rng.choice(len(TYPES), fleet, p=TYPE_WEIGHTS / TYPE_WEIGHTS.sum())]
    columns = {
        "id": np.char.add(np.char.add(icao, "-"), np.arange(total).astype(str)),
        "icao24": icao,
        "first_seen": departure,
        "last_seen": departure + duration,
        "typecode": typecode[aircraft],
        "operator": np.char.mod("Airline %d", aircraft % 300),
        "country": np.full(total, "DE"),
        "departure_airport": codes[origin_index],
        "arrival_airport": codes[hops],
    }
    return pa.table(
        {
            **{k: pa.array(v) for k, v in columns.items() if k not in ("first_seen", "last_seen")},
            "first_seen": pa.array(
                (columns["first_seen"] * 1e6).astype("int64"), pa.timestamp("us")
            ),
            "last_seen": pa.array((columns["last_seen"] * 1e6).astype("int64"), pa.timestamp("us")),
        }
    )


def planted_airlift() -> pa.Table:
    days = [3, 8, 14, 19, 25, 29]
    rows = []
    for n, day in enumerate(days):
        out = START + day * 86400 + 6 * 3600
        for leg, (a, b) in enumerate((("UBBB", "LBBG"), ("LBBG", "UBBB"))):
            t = out + leg * 7 * 3600
            rows.append((f"600881-{n}-{leg}", a, b, t, t + 3 * 3600))
    return pa.table(
        {
            "id": [r[0] for r in rows],
            "icao24": ["600881"] * len(rows),
            "first_seen": pa.array([int(r[3] * 1e6) for r in rows], pa.timestamp("us")),
            "last_seen": pa.array([int(r[4] * 1e6) for r in rows], pa.timestamp("us")),
            "typecode": ["IL76"] * len(rows),
            "operator": ["Azerbaijan Air Force"] * len(rows),
            "country": ["AZ"] * len(rows),
            "departure_airport": [r[1] for r in rows],
            "arrival_airport": [r[2] for r in rows],
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flights", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, case_mod.init(Path(tmp) / "case") as case:
        made = time.perf_counter()
        background = month_of_flights(args.flights)
        generated = time.perf_counter() - made
        for part in (background, planted_airlift()):
            case.con.register("part", part)
            columns = ", ".join(part.column_names)
            case.con.execute(
                f"INSERT INTO flights ({columns}, points, military, departure_inferred,"
                f" arrival_inferred) SELECT {columns}, 100, icao24 = '600881', FALSE, FALSE"
                " FROM part"
            )
            case.con.unregister("part")
        # the flights are given, not built from tracks: mark them current
        case.con.execute(
            "INSERT INTO build_state VALUES ('flights', ?, now()::TIMESTAMP, 0)",
            [signature(case.con, FlightParams())],
        )
        count = case.con.execute("SELECT count(*) FROM flights").fetchone()
        started = time.perf_counter()
        found = airlifts.detect(case)
        seconds = time.perf_counter() - started
    top = found[0] if found else None
    report = {
        "benchmark": "airlifts",
        "flights": count[0] if count else 0,
        "generate_seconds": round(generated, 2),
        "detect_seconds": round(seconds, 2),
        "flights_per_second": round((count[0] if count else 0) / seconds),
        "airlifts_reported": len(found),
        "top": None if top is None else {"summary": top.summary(), "score": top.score},
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
