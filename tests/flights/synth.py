"""Small synthetic trajectories with known truth, for segmentation and airport tests.

Tracks follow the great circle between two airports: taxi, climb at 2,500 ft/min, cruise,
descent at 2,000 ft/min, landing roll and taxi, sampled every `step_s` seconds, written as the
`traffic` library's JSON records (ms timestamps, ft, kt, ft/min) so tests go through a real reader.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Airport:
    icao: str
    lat: float
    lon: float
    elevation_ft: float


LBBG = Airport("LBBG", 42.5696, 27.5152, 135)  # Burgas
UBBB = Airport("UBBB", 40.4675, 50.0467, 10)  # Baku Heydar Aliyev
LFPG = Airport("LFPG", 49.0097, 2.5479, 392)  # Paris Charles de Gaulle
EDDF = Airport("EDDF", 50.0333, 8.5706, 364)  # Frankfurt


def _destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    phi, lam, theta, delta = map(math.radians, (lat, lon, bearing, 0))
    delta = km / EARTH_KM
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def _distance_bearing(a: Airport, b: Airport) -> tuple[float, float]:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * EARTH_KM * math.asin(math.sqrt(h))
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return km, (math.degrees(math.atan2(y, x)) + 360) % 360


def flight(
    icao24: str,
    callsign: str,
    origin: Airport,
    destination: Airport,
    start: datetime,
    *,
    cruise_ft: float = 34_000,
    cruise_kt: float = 440,
    step_s: float = 10,
    taxi_s: float = 600,
    unseen: list[tuple[float, float]] | None = None,
) -> list[dict[str, object]]:
    """Records of one flight; `unseen` lists (from_s, to_s) after take-off with no reception."""
    total_km, _ = _distance_bearing(origin, destination)
    records: list[dict[str, object]] = []
    t = start.timestamp()
    lat, lon = origin.lat, origin.lon
    alt = origin.elevation_ft
    flown = 0.0
    phase = "taxi-out"
    elapsed = 0.0
    airborne_s = 0.0
    while True:
        remaining = total_km - flown
        if phase == "taxi-out" and elapsed >= taxi_s:
            phase = "climb"
        descent_km = (alt - destination.elevation_ft) / 2000 * (cruise_kt * 0.8 * 1.852 / 60)
        if phase in ("climb", "cruise") and remaining <= descent_km:
            phase = "descent"
        if phase == "descent" and remaining <= 0.3:
            phase = "taxi-in"
            taxi_in_end = elapsed + taxi_s
        if phase == "taxi-in" and elapsed >= taxi_in_end:
            break
        on_ground = phase.startswith("taxi")
        if phase == "climb":
            alt = min(cruise_ft, alt + 2500 * step_s / 60)
            if alt >= cruise_ft:
                phase = "cruise"
            vr, kt = 2500.0, 160 + (cruise_kt - 160) * min(1, alt / 20000)
        elif phase == "cruise":
            vr, kt = 0.0, cruise_kt
        elif phase == "descent":
            # a straight glide to the runway: lose the remaining height over the remaining way
            kt = 150 + (cruise_kt * 0.8 - 150) * min(1, alt / 20000)
            share = min(1.0, kt * 1.852 * step_s / 3600 / max(remaining, 1e-6))
            drop = (alt - destination.elevation_ft) * share
            alt -= drop
            vr = -drop * 60 / step_s
        else:
            vr, kt = 0.0, 15.0
        if not on_ground:
            step_km = kt * 1.852 * step_s / 3600
            here = Airport("", lat, lon, 0)
            _, bearing = _distance_bearing(here, destination)
            lat, lon = _destination(lat, lon, bearing, min(step_km, max(remaining, 0)))
            flown += step_km
            airborne_s += step_s
        _, track = _distance_bearing(Airport("", lat, lon, 0), destination)
        hidden = any(a <= airborne_s <= b for a, b in unseen or []) and not on_ground
        if not hidden:
            records.append(
                {
                    "timestamp": int(t * 1000),
                    "icao24": icao24,
                    "callsign": callsign,
                    "latitude": round(lat, 6),
                    "longitude": round(lon, 6),
                    "altitude": None if on_ground else round(alt),
                    "groundspeed": round(kt),
                    "track": round(track, 1),
                    "vertical_rate": vr,
                    "onground": on_ground,
                }
            )
        t += step_s
        elapsed += step_s
    return records


def write_records(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_bytes(gzip.compress(json.dumps(records).encode()))
    return path


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
