"""What a receiver network would have delivered: sampling, coverage, noise, and the truth.

Each flight is sampled from off-block to on-block every `interval_s` (± `jitter_s`), at whole
seconds as OpenSky's states are. Noise is applied first, then coverage, so that no reported
position lies inside a no-reception region and no reported time inside an outage:

- position noise (metres, Gaussian, north and east), altitude noise then 25-ft rounding as Mode S
  reports it (geometric altitude: barometric plus a per-flight offset), speed noise, vertical
  rate rounded to 64 ft/min;
- a per-aircraft constant clock skew added to the reported time (positions stay where the
  aircraft was: the time is what is wrong);
- coverage gaps (box or circle, optionally only below an altitude), outages (time span,
  optionally only within a radius of an airport), low-level reception only near receivers;
- random dropouts, then occasional duplicate rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hybridwatch.reference.airports import airport
from hybridwatch.simulate import tracks
from hybridwatch.simulate.plan import STREAM_OBSERVATION, Flight, Plan
from hybridwatch.simulate.scenario import Daily, RoundTrips, Scenario

CHUNK_SAMPLES = 250_000
ALTITUDE_STEP_FT = 25.0
VERTICAL_RATE_STEP_FPM = 64.0
GEO_OFFSET_FT = (-150.0, 350.0)  # geometric minus barometric altitude at cruise, per flight
Singles = NDArray[np.float32]  # values reported with a few significant digits
M_PER_DEG = tracks.EARTH_KM * 1000.0 * math.pi / 180.0


@dataclass
class Observations:
    """The delivered rows, sorted by reported time, then address."""

    time: NDArray[np.int64]  # reported unix seconds
    aircraft: NDArray[np.int32]  # index into the plan's fleet
    flight: NDArray[np.int32]  # index into the plan's flights
    lat: tracks.Floats
    lon: tracks.Floats
    alt_ft: Singles  # barometric, NaN on the ground
    geo_ft: Singles
    gs_kt: Singles
    track_deg: Singles
    vr_fpm: Singles  # NaN on the ground
    on_ground: tracks.Bools
    new_leg: tracks.Bools  # the first row delivered of each flight

    def __len__(self) -> int:
        return len(self.time)


@dataclass
class Seen:
    """Per flight: samples inside the window, rows delivered, and which ends were seen."""

    samples: NDArray[np.int64]
    rows: NDArray[np.int64]
    departure: tracks.Bools
    arrival: tracks.Bools


def _chunks(counts: NDArray[np.int64]) -> list[tuple[int, int]]:
    """Consecutive flight ranges of about CHUNK_SAMPLES samples each."""
    bounds: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, count in enumerate(counts.tolist()):
        total += count
        if total >= CHUNK_SAMPLES:
            bounds.append((start, i + 1))
            start, total = i + 1, 0
    if start < len(counts):
        bounds.append((start, len(counts)))
    return bounds


def _fleet_rank(plan: Plan) -> NDArray[np.int64]:
    """Each fleet member's place in address order, so sorting by it sorts by icao24."""
    order = sorted(range(len(plan.fleet)), key=lambda i: plan.fleet[i].icao24)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def observe(
    scenario: Scenario, plan: Plan, legs: tracks.Legs, prof: tracks.Profile, when: tracks.Times
) -> tuple[Observations, Seen, tracks.Floats]:
    """Sample, degrade and sort every flight; returns rows, what was seen, and clock skews."""
    rng = np.random.default_rng([scenario.seed, STREAM_OBSERVATION])
    flights = len(plan.flights)
    noise = scenario.noise
    skew: tracks.Floats = (
        rng.normal(0.0, noise.clock_skew_s, len(plan.fleet))
        if noise.clock_skew_s > 0
        else np.zeros(len(plan.fleet))
    )
    geo_offset = rng.uniform(*GEO_OFFSET_FT, flights)
    aircraft_of = np.array([f.aircraft for f in plan.flights], dtype=np.int32)
    interval, jitter = scenario.interval_s, scenario.jitter_s
    first = when.off_block + rng.uniform(0.0, interval, flights)
    counts = (np.floor((when.on_block - first) / interval) + 1).astype(np.int64)
    start, end = scenario.start.timestamp(), scenario.end.timestamp()

    samples = np.zeros(flights, dtype=np.int64)
    rows = np.zeros(flights, dtype=np.int64)
    dep_seen = np.zeros(flights, dtype=bool)
    arr_seen = np.zeros(flights, dtype=bool)
    parts: list[dict[str, Any]] = []
    for lo, hi in _chunks(counts):
        n = counts[lo:hi]
        flight = np.repeat(np.arange(lo, hi, dtype=np.int64), n)
        offsets = np.repeat(np.cumsum(n) - n, n)
        k = np.arange(len(flight), dtype=np.int64) - offsets
        t: tracks.Floats = first[flight] + k.astype(np.float64) * interval
        if jitter > 0:
            t = t + rng.uniform(-jitter, jitter, len(t))
        t = np.round(t)
        keep = (t >= when.off_block[flight]) & (t <= when.on_block[flight])
        keep &= (t >= start) & (t < end)
        keep[1:] &= ~((t[1:] == t[:-1]) & (flight[1:] == flight[:-1]))
        flight, t = flight[keep], t[keep]
        samples += np.bincount(flight, minlength=flights)
        part = _degrade(scenario, rng, legs, prof, flight, t, skew, geo_offset, aircraft_of)
        got = part["flight"]
        rows += np.bincount(got, minlength=flights)
        zone = part.pop("zone")
        dep_seen |= np.bincount(got[zone == tracks.ZONE_DEPARTURE], minlength=flights) > 0
        arr_seen |= np.bincount(got[zone == tracks.ZONE_ARRIVAL], minlength=flights) > 0
        if noise.duplicates > 0 and len(got):
            twice = np.where(rng.random(len(got)) < noise.duplicates, 2, 1)
            part = {name: np.repeat(values, twice) for name, values in part.items()}
        parts.append(part)

    def joined(name: str) -> NDArray[Any]:
        return np.concatenate([p[name] for p in parts]) if parts else np.empty(0)

    def singles(name: str) -> Singles:
        return joined(name).astype(np.float32, copy=False)[order]

    def doubles(name: str) -> tracks.Floats:
        return joined(name).astype(np.float64, copy=False)[order]

    flight_col = joined("flight").astype(np.int32)
    aircraft_col = aircraft_of[flight_col] if len(flight_col) else np.empty(0, dtype=np.int32)
    reported = joined("time").astype(np.int64)
    order = np.argsort(reported * len(plan.fleet) + _fleet_rank(plan)[aircraft_col], kind="stable")
    flight_sorted = flight_col[order]
    new_leg = np.zeros(len(order), dtype=bool)
    if len(order):
        # within an aircraft, rows keep their time order; a flight's first row starts its leg
        _, firsts = np.unique(flight_sorted, return_index=True)
        new_leg[firsts] = True
    observations = Observations(
        time=reported[order],
        aircraft=aircraft_col[order].astype(np.int32),
        flight=flight_sorted,
        lat=doubles("lat"),
        lon=doubles("lon"),
        alt_ft=singles("alt"),
        geo_ft=singles("geo"),
        gs_kt=singles("gs"),
        track_deg=singles("track"),
        vr_fpm=singles("vr"),
        on_ground=joined("ground").astype(bool)[order],
        new_leg=new_leg,
    )
    return observations, Seen(samples, rows, dep_seen, arr_seen), skew


def _quantised(values: tracks.Floats, step: float) -> tracks.Floats:
    return np.round(values / step) * step


def _degrade(
    scenario: Scenario,
    rng: np.random.Generator,
    legs: tracks.Legs,
    prof: tracks.Profile,
    flight: NDArray[np.int64],
    t: tracks.Floats,
    skew: tracks.Floats,
    geo_offset: tracks.Floats,
    aircraft_of: NDArray[np.int32],
) -> dict[str, Any]:
    """One chunk of samples: states, noise, coverage and dropouts; the rows that survive."""
    noise, coverage = scenario.noise, scenario.coverage
    s = tracks.states(legs, prof, flight, t)
    size = len(t)
    lat, lon = s.lat, s.lon
    if noise.position_m > 0:
        north = rng.normal(0.0, noise.position_m, size)
        east = rng.normal(0.0, noise.position_m, size)
        lat = lat + north / M_PER_DEG
        lon = lon + east / (M_PER_DEG * np.cos(np.radians(s.lat)))
    alt = s.alt_ft
    if noise.altitude_ft > 0:
        alt = alt + rng.normal(0.0, noise.altitude_ft, size)
    geo = _quantised(alt + geo_offset[flight] * np.clip(s.alt_ft / 30_000.0, 0, 1), 25.0)
    alt = _quantised(alt, ALTITUDE_STEP_FT)
    gs = s.gs_kt
    if noise.speed_kt > 0:
        moving = gs > 0
        gs = np.where(moving, np.abs(gs + rng.normal(0.0, noise.speed_kt, size)), gs)
    vr = np.where(s.on_ground, np.nan, _quantised(s.vr_fpm, VERTICAL_RATE_STEP_FPM))
    reported = np.round(t + skew[aircraft_of[flight]])

    received = np.ones(size, dtype=bool)
    level = np.where(np.isnan(alt), -np.inf, alt)  # on the ground: below every threshold
    for gap in coverage.gaps:
        inside = _inside(gap.box, gap.circle, lat, lon)
        if gap.below_ft is not None:
            inside &= level < gap.below_ft
        received &= ~inside
    for outage in coverage.outages:
        hit = (reported >= outage.start.timestamp()) & (reported < outage.end.timestamp())
        if outage.airport is not None:
            place = airport(outage.airport)
            assert place is not None  # validated with the scenario
            hit &= _within(lat, lon, place.lat, place.lon, outage.radius_km, hit)
        received &= ~hit
    if coverage.min_altitude_ft > 0:
        low = level < coverage.min_altitude_ft
        near = np.zeros(size, dtype=bool)
        for code in coverage.receivers:
            place = airport(code)
            assert place is not None
            near |= _within(lat, lon, place.lat, place.lon, coverage.receiver_km, low & ~near)
        received &= ~low | near
    if noise.dropout > 0:
        received &= rng.random(size) >= noise.dropout
    return {
        "time": reported[received],
        "flight": flight[received],
        "lat": lat[received],
        "lon": lon[received],
        "alt": alt[received].astype(np.float32),
        "geo": geo[received].astype(np.float32),
        "gs": gs[received].astype(np.float32),
        "track": s.track_deg[received].astype(np.float32),
        "vr": vr[received].astype(np.float32),
        "ground": s.on_ground[received],
        "zone": s.zone[received],
    }


def _km(lat: tracks.Floats, lon: tracks.Floats, lat0: float, lon0: float) -> tracks.Floats:
    phi, phi0 = np.radians(lat), math.radians(lat0)
    h = (
        np.sin((phi - phi0) / 2) ** 2
        + np.cos(phi) * math.cos(phi0) * np.sin(np.radians(lon - lon0) / 2) ** 2
    )
    km: tracks.Floats = 2 * tracks.EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return km


def _within(
    lat: tracks.Floats,
    lon: tracks.Floats,
    lat0: float,
    lon0: float,
    km: float,
    among: tracks.Bools | None = None,
) -> tracks.Bools:
    """Points within `km` of (lat0, lon0); only those in `among` are looked at."""
    # a cheap latitude band first: a degree of latitude is never shorter than 110 km
    band = np.abs(lat - lat0) <= km / 110.0
    candidates = np.flatnonzero(band if among is None else band & among)
    out = np.zeros(len(lat), dtype=bool)
    out[candidates] = _km(lat[candidates], lon[candidates], lat0, lon0) <= km
    return out


def _inside(
    box: tuple[float, float, float, float] | None,
    circle: tuple[float, float, float] | None,
    lat: tracks.Floats,
    lon: tracks.Floats,
) -> tracks.Bools:
    if box is not None:
        south, west, north, east = box
        return (lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)
    assert circle is not None
    return _within(lat, lon, circle[0], circle[1], circle[2])


# --- the truth -------------------------------------------------------------------------------


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(round(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def truth(
    scenario: Scenario,
    plan: Plan,
    prof: tracks.Profile,
    when: tracks.Times,
    seen: Seen,
    skew: tracks.Floats,
) -> dict[str, Any]:
    """What was planted and what the feed shows of it, as JSON-ready data."""
    start, end = scenario.start.timestamp(), scenario.end.timestamp()
    flights: list[dict[str, Any]] = []
    for i, f in enumerate(plan.flights):
        member = plan.fleet[f.aircraft]
        flights.append(
            {
                "icao24": member.icao24,
                "registration": member.registration,
                "typecode": member.typecode,
                "callsign": f.callsign,
                "squawk": f.squawk,
                "origin": f.origin.icao,
                "destination": f.destination.icao,
                "off_block": iso(when.off_block[i]),
                "takeoff": iso(when.takeoff[i]),
                "landing": iso(when.landing[i]),
                "on_block": iso(when.on_block[i]),
                "label": f.label,
                "schedule": f.schedule,
                "trip": f.trip,
                "leg": f.leg,
                "distance_km": round(float(prof.length_km[i]), 1),
                "level_ft": int(prof.level_ft[i]),
                "samples": int(seen.samples[i]),
                "rows": int(seen.rows[i]),
                "unseen": bool(seen.rows[i] == 0),
                "departure_unseen": not bool(seen.departure[i]),
                "arrival_unseen": not bool(seen.arrival[i]),
                "in_window": bool(when.off_block[i] >= start and when.on_block[i] <= end),
            }
        )
    return {
        "scenario": {
            "name": scenario.name,
            "file": scenario.path.name,
            "seed": scenario.seed,
            "start": iso(start),
            "end": iso(end),
            "interval_s": scenario.interval_s,
            "jitter_s": scenario.jitter_s,
        },
        "aircraft": [
            {
                "icao24": m.icao24,
                "registration": m.registration,
                "typecode": m.typecode,
                "operator": m.operator,
                "military": m.military,
                "named": m.named,
                "callsign": m.callsign,
                "clock_skew_s": round(float(skew[i]), 3),
            }
            for i, m in enumerate(plan.fleet)
        ],
        "airlifts": _airlifts(scenario, plan, flights),
        "flights": flights,
    }


def _airlifts(
    scenario: Scenario, plan: Plan, flights: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every planted A ↔ B pattern (round trips and published schedules), label first."""
    out: list[dict[str, Any]] = []
    for schedule in scenario.schedules:
        if not isinstance(schedule, RoundTrips | Daily):
            continue
        trips: dict[int, list[tuple[Flight, dict[str, Any]]]] = {}
        for f, record in zip(plan.flights, flights, strict=True):
            if f.schedule == schedule.key and f.trip is not None:
                trips.setdefault(f.trip, []).append((f, record))
        complete = [
            legs
            for _, legs in sorted(trips.items())
            if len(legs) == 2 and all(record["in_window"] for _, record in legs)
        ]
        fully_seen = [
            legs
            for legs in complete
            if not any(r["departure_unseen"] or r["arrival_unseen"] for _, r in legs)
        ]
        out.append(
            {
                "label": schedule.label,
                "schedule": schedule.key,
                "kind": "round-trips" if isinstance(schedule, RoundTrips) else "daily",
                "aircraft": list(schedule.aircraft),
                "airports": list(schedule.airports),
                "round_trips": len(complete),
                "round_trips_fully_seen": len(fully_seen),
                "first": min((legs[0][1]["takeoff"] for legs in complete), default=None),
                "last": max((legs[-1][1]["landing"] for legs in complete), default=None),
            }
        )
    return out
