"""Output formats: OpenSky states (CSV, gzip by name), the same columns in Parquet, readsb traces;
and beside them the truth (JSON) and a tar1090-db registry CSV of the named aircraft.

Every writer is deterministic: the same rows give the same bytes (gzip without a timestamp,
Parquet without creation times, JSON with fixed key order).
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

from hybridwatch.simulate.observe import Observations
from hybridwatch.simulate.plan import Plan

FORMATS = ("opensky-states", "parquet", "readsb-trace")
STATES_HEADER = (
    "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
    "baroaltitude,geoaltitude,lastposupdate,lastcontact"
)
M_PER_FT = 0.3048
MS_PER_KT = 1852 / 3600
GZIP_LEVEL = 4  # zlib level 4: within 5 % of level 6 in size, 2.5 times as fast
SLICE_ROWS = 1 << 18
DETAILS_EVERY = 30  # readsb repeats callsign and squawk in a details object every ~30 points


@dataclass
class Outputs:
    positions: Path  # file, or folder of traces
    truth: Path
    registry: Path
    files: int  # position files written


def beside(output: Path, fmt: str) -> tuple[Path, Path]:
    """Where the truth and the registry go: inside a trace folder, else next to the file."""
    if fmt == "readsb-trace":
        return output / "truth.json", output / "aircraft.csv"
    return output.with_name(output.name + ".truth.json"), output.with_name(
        output.name + ".aircraft.csv"
    )


def _rounded(values: Any, decimals: int) -> Any:
    """Rounded for printing; NaN becomes null and -0.0 becomes 0."""
    wide = np.asarray(values, dtype=np.float64)
    return pa.array(np.round(wide, decimals) + 0.0, pa.float64(), from_pandas=True)


def states_table(plan: Plan, obs: Observations) -> pa.Table:
    """The rows in OpenSky's `states` columns and units (s, m, m/s)."""
    icao24 = pc.take(pa.array([m.icao24 for m in plan.fleet], pa.string()), obs.aircraft)
    callsign = pc.take(
        pa.array([f.callsign.ljust(8) for f in plan.flights], pa.string()), obs.flight
    )
    squawk = pc.take(pa.array([f.squawk for f in plan.flights], pa.string()), obs.flight)
    seconds = obs.time.astype(np.float64)
    false = pa.array(np.zeros(len(obs), dtype=bool))
    return pa.table(
        {
            "time": pa.array(obs.time, pa.int64()),
            "icao24": icao24,
            "lat": _rounded(obs.lat, 5),
            "lon": _rounded(obs.lon, 5),
            "velocity": _rounded(obs.gs_kt * MS_PER_KT, 2),
            "heading": _rounded(obs.track_deg, 2),
            "vertrate": _rounded(obs.vr_fpm * M_PER_FT / 60.0, 2),
            "callsign": callsign,
            "onground": pa.array(obs.on_ground),
            "alert": false,
            "spi": false,
            "squawk": squawk,
            "baroaltitude": _rounded(obs.alt_ft * M_PER_FT, 2),
            "geoaltitude": _rounded(obs.geo_ft * M_PER_FT, 2),
            "lastposupdate": pa.array(seconds, pa.float64()),
            "lastcontact": pa.array(seconds, pa.float64()),
        }
    )


def write_states_csv(plan: Plan, obs: Observations, path: Path) -> None:
    """CSV with a plain header line; gzip (level 4, no timestamp) when the name ends in .gz.

    Slices are encoded on a worker thread while the previous one is compressed and written:
    pyarrow and zlib both release the GIL.
    """
    table = states_table(plan, obs)
    options = pv.WriteOptions(include_header=False, quoting_style="none", batch_size=1 << 16)

    def encode(start: int) -> Any:
        sink = pa.BufferOutputStream()
        pv.write_csv(table.slice(start, SLICE_ROWS), sink, options)
        return sink.getvalue()

    gzip = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31) if path.name.endswith(".gz") else None

    def put(stream: BinaryIO, data: Any) -> None:
        stream.write(gzip.compress(data) if gzip is not None else data)

    with path.open("wb") as stream, ThreadPoolExecutor(max_workers=1) as pool:
        put(stream, (STATES_HEADER + "\n").encode())
        pending: deque[Future[Any]] = deque()
        for start in range(0, table.num_rows, SLICE_ROWS):
            pending.append(pool.submit(encode, start))
            if len(pending) > 2:
                put(stream, pending.popleft().result())
        while pending:
            put(stream, pending.popleft().result())
        if gzip is not None:
            stream.write(gzip.flush())


def write_parquet(plan: Plan, obs: Observations, path: Path) -> None:
    pq.write_table(states_table(plan, obs), path, compression="zstd")


def _value(x: float, decimals: int) -> float | None:
    return None if x != x else round(x, decimals) + 0.0


def write_traces(plan: Plan, obs: Observations, folder: Path) -> int:
    """One `trace_full_<hex>.json` per aircraft, in readsb's layout; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    order = np.argsort(obs.aircraft, kind="stable")  # rows stay in time order per aircraft
    aircraft = obs.aircraft[order]
    cuts = np.flatnonzero(np.diff(aircraft)) + 1
    written = 0
    for rows in np.split(order, cuts):
        if not len(rows):
            continue
        member = plan.fleet[int(obs.aircraft[rows[0]])]
        base = float(obs.time[rows[0]])
        points = []
        since_details = DETAILS_EVERY
        columns = zip(
            (obs.time[rows] - base).tolist(),
            obs.lat[rows].tolist(),
            obs.lon[rows].tolist(),
            obs.alt_ft[rows].tolist(),
            obs.gs_kt[rows].tolist(),
            obs.track_deg[rows].tolist(),
            obs.new_leg[rows].tolist(),
            obs.vr_fpm[rows].tolist(),
            obs.geo_ft[rows].tolist(),
            obs.on_ground[rows].tolist(),
            obs.flight[rows].tolist(),
            strict=True,
        )
        for dt, lat, lon, alt, gs, track, new_leg, vr, geo, ground, flight in columns:
            details = None
            if new_leg or since_details >= DETAILS_EVERY:
                f = plan.flights[flight]
                details = {
                    "flight": f.callsign.ljust(8),
                    "squawk": f.squawk,
                    "category": member.performance.category,
                    "type": "adsb_icao",
                }
                since_details = 0
            since_details += 1
            points.append(
                [
                    round(float(dt), 2),
                    round(lat, 6),
                    round(lon, 6),
                    "ground" if ground else int(alt),
                    _value(gs, 1),
                    _value(track, 1),
                    2 if new_leg else 0,
                    None if ground else int(vr),
                    details,
                    "adsb_icao",
                    None if ground else int(geo),
                    None,
                    None,
                    None,
                ]
            )
        top: dict[str, Any] = {"icao": member.icao24}
        if member.named:
            top.update(
                {
                    "r": member.registration,
                    "t": member.typecode,
                    "desc": member.description,
                    "dbFlags": 1 if member.military else 0,
                    "ownOp": member.operator,
                    "year": None if member.year is None else str(member.year),
                }
            )
        top["timestamp"] = base
        top["trace"] = points
        path = folder / f"trace_full_{member.icao24}.json"
        path.write_text(json.dumps(top, separators=(",", ":")) + "\n", encoding="utf-8")
        written += 1
    return written


def write_registry(plan: Plan, path: Path) -> int:
    """tar1090-db's CSV form (`icao;reg;type;flags;desc;year;ownop;`) of the named aircraft."""
    lines = []
    for m in sorted((m for m in plan.fleet if m.named), key=lambda m: m.icao24):
        fields = [
            m.icao24,
            m.registration or "",
            m.typecode,
            "10" if m.military else "00",
            m.description or "",
            "" if m.year is None else str(m.year),
            m.operator or "",
        ]
        lines.append(";".join(field.replace(";", ",") for field in fields) + ";\n")
    path.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def write_truth(truth: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
