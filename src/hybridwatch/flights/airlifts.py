"""Airlifts: repeated round trips A→B→A by one aircraft or one fleet between one airport pair.

Legs are flights whose two ends are known, observed or inferred (an arrival the coverage hid
but the next departure shows). Aircraft are grouped into fleets — same operator (or, without
one, same country of registration) and same type class — so several airframes shuttling
together make one airlift. Within a sliding window, the number of round trips is the smaller of
the two directions' leg counts. Each airlift is scored from factors that are all explained in
words; a national airline's published daily service scores low, a military transport's irregular
new shuttle high.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from hybridwatch.case import Case
from hybridwatch.findings import Finding
from hybridwatch.flights.pipeline import build
from hybridwatch.reference.aircraft_types import type_class
from hybridwatch.reference.airports import airport, haversine_km
from hybridwatch.settings import AirliftSettings, Watchlists

WEIGHTS = {
    "military_or_state": 0.35,
    "heavy_transport": 0.20,
    "irregular": 0.15,
    "new_on_pair": 0.15,
    "places_of_interest": 0.15,
    "watchlist": 0.20,
}
REGULAR_MAX_SPREAD_H = 0.5  # departures within ±30 min of the same time of day …
REGULAR_MIN_DAY_SHARE = 0.4  # … on at least 40% of the days: a published schedule


@dataclass(frozen=True)
class Leg:
    flight: str
    icao24: str
    origin: str
    destination: str
    departure: datetime
    arrival: datetime
    inferred: bool


@dataclass(frozen=True)
class Aircraft:
    icao24: str
    registration: str | None
    typecode: str | None
    operator: str | None
    country: str | None
    military: bool
    military_reason: str

    def label(self) -> str:
        return " ".join(filter(None, (self.operator, self.typecode, self.registration))) or (
            self.icao24
        )


@dataclass
class Airlift:
    fleet: str
    aircraft: list[Aircraft]
    airports: tuple[str, str]
    legs: list[Leg]
    round_trips: int
    factors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def first(self) -> datetime:
        return min(leg.departure for leg in self.legs)

    @property
    def last(self) -> datetime:
        return max(leg.arrival for leg in self.legs)

    @property
    def score(self) -> float:
        total = sum(float(f["weight"]) for f in self.factors if f["applies"])
        return round(min(1.0, total), 3)

    @property
    def id(self) -> str:
        slug = self.fleet.lower().replace(" ", "-")
        return f"airlift-{slug}-{self.airports[0]}-{self.airports[1]}-{self.first:%Y%m%d}"

    def summary(self) -> str:
        if len(self.aircraft) == 1:
            who = self.aircraft[0].label()
        else:
            who = f"{len(self.aircraft)} aircraft of {self.fleet}"
        inferred = sum(leg.inferred for leg in self.legs)
        a, b = (_airport_name(code) for code in self.airports)
        text = (
            f"{who} flew {self.round_trips} round trip{'s' if self.round_trips != 1 else ''}"
            f" {a}–{b} between {self.first:%Y-%m-%d} and {self.last:%Y-%m-%d}"
        )
        if inferred:
            text += f" ({inferred} of {len(self.legs)} legs with an end inferred)"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "aircraft": [
                {
                    "icao24": a.icao24,
                    "registration": a.registration,
                    "typecode": a.typecode,
                    "operator": a.operator,
                    "country": a.country,
                    "military": a.military,
                }
                for a in self.aircraft
            ],
            "airports": list(self.airports),
            "round_trips": self.round_trips,
            "legs": [
                {
                    "flight": leg.flight,
                    "icao24": leg.icao24,
                    "from": leg.origin,
                    "to": leg.destination,
                    "departure": _iso(leg.departure),
                    "arrival": _iso(leg.arrival),
                    "inferred": leg.inferred,
                }
                for leg in self.legs
            ],
            "first": _iso(self.first),
            "last": _iso(self.last),
            "score": self.score,
            "factors": self.factors,
            "summary": self.summary(),
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


def _airport_name(code: str) -> str:
    known = airport(code)
    return f"{code} ({known.city or known.name})" if known else code


@dataclass
class _Flights:
    """What detection reads from the store: aircraft, candidate legs, flight times."""

    aircraft: dict[str, Aircraft]
    fleets: dict[str, str]
    groups: dict[tuple[str, tuple[str, str]], list[Leg]]
    con: duckdb.DuckDBPyConnection

    def first_start(self) -> datetime | None:
        row = self.con.execute("SELECT min(first_seen) FROM flights").fetchone()
        return row[0] if row else None

    def count_between(self, start: datetime, end: datetime) -> int:
        row = self.con.execute(
            "SELECT count(*) FROM flights WHERE first_seen >= ? AND first_seen < ?", [start, end]
        ).fetchone()
        return int(row[0]) if row else 0


def _load(case: Case) -> _Flights:
    """Aircraft and their fleets, and the legs of every (fleet, airport pair) flown both ways.

    A pair flown in one direction only can hold no round trip, so those legs (most of a busy
    month) never leave the database.
    """
    build(case)
    aircraft = {
        icao: Aircraft(icao, reg, typ, op, country, mil, why or "")
        for icao, reg, typ, op, country, mil, why in case.con.execute(
            """
            SELECT icao24, registration, typecode, operator, country,
                coalesce(military, FALSE), military_reason
            FROM (SELECT *, row_number() OVER (PARTITION BY icao24 ORDER BY first_seen) AS r
                  FROM flights) AS f
            WHERE r = 1
            """
        ).fetchall()
    }
    fleets = {icao: fleet_of(a) for icao, a in aircraft.items()}
    case.con.register(
        "aircraft_fleets", pa.table({"icao24": list(fleets), "fleet": list(fleets.values())})
    )
    rows = case.con.execute(
        """
        WITH legs AS (
            SELECT f.id, f.icao24, af.fleet, f.departure_airport AS dep,
                f.arrival_airport AS arr, f.first_seen, f.last_seen,
                f.departure_inferred OR f.arrival_inferred AS inferred,
                least(f.departure_airport, f.arrival_airport) AS a,
                greatest(f.departure_airport, f.arrival_airport) AS b
            FROM flights AS f JOIN aircraft_fleets AS af ON af.icao24 = f.icao24
            WHERE f.departure_airport IS NOT NULL AND f.arrival_airport IS NOT NULL
                AND f.departure_airport <> f.arrival_airport
        ), both_ways AS (
            SELECT fleet, a, b FROM legs GROUP BY fleet, a, b
            HAVING count(*) FILTER (WHERE dep = a) > 0 AND count(*) FILTER (WHERE dep = b) > 0
        )
        SELECT legs.fleet, legs.a, legs.b, id, icao24, dep, arr, first_seen, last_seen, inferred
        FROM legs JOIN both_ways USING (fleet, a, b)
        ORDER BY first_seen
        """
    ).fetchall()
    case.con.unregister("aircraft_fleets")
    groups: dict[tuple[str, tuple[str, str]], list[Leg]] = defaultdict(list)
    for fleet, a, b, fid, icao, dep, arr, first, last, inferred in rows:
        groups[(fleet, (a, b))].append(Leg(fid, icao, dep, arr, first, last, bool(inferred)))
    return _Flights(aircraft, fleets, groups, case.con)


def fleet_of(aircraft: Aircraft) -> str:
    """Same operator (else country) and type class make a fleet; else the airframe alone."""
    kind = type_class(aircraft.typecode) if aircraft.typecode else None
    owner = aircraft.operator or aircraft.country
    if kind and owner:
        return f"{owner} {kind}"
    return aircraft.icao24


def _windows(legs: list[Leg], pair: tuple[str, str], days: float) -> list[list[Leg]]:
    """Disjoint windows of at most `days`, each holding the most round trips it can."""
    remaining = sorted(legs, key=lambda leg: leg.departure)
    found = []
    span = timedelta(days=days)
    while remaining:
        times = [leg.departure for leg in remaining]
        outbound = [0]  # outbound[i]: legs from pair[0] among the first i
        for leg in remaining:
            outbound.append(outbound[-1] + (leg.origin == pair[0]))
        best = (0, 0, 0)  # (round trips, start, end)
        for start in range(len(remaining)):
            end = bisect_right(times, times[start] + span)
            out = outbound[end] - outbound[start]
            trips = min(out, end - start - out)
            if trips > best[0]:
                best = (trips, start, end)
        trips, start, end = best
        if trips == 0:
            break
        found.append(remaining[start:end])
        remaining = remaining[:start] + remaining[end:]
    return found


def _round_trips(legs: list[Leg], pair: tuple[str, str]) -> int:
    out = sum(1 for leg in legs if leg.origin == pair[0])
    return min(out, len(legs) - out)


def detect(
    case: Case,
    settings: AirliftSettings | None = None,
    watchlists: Watchlists | None = None,
) -> list[Airlift]:
    """All airlifts in the case, best first."""
    settings = settings or case.settings.airlifts
    watchlists = watchlists or case.settings.watchlists
    stored = _load(case)
    aircraft = stored.aircraft
    airlifts = []
    for (fleet, pair), group_legs in stored.groups.items():
        for window in _windows(group_legs, pair, settings.window_days):
            lift = Airlift(
                fleet=fleet,
                aircraft=[aircraft[icao] for icao in sorted({leg.icao24 for leg in window})],
                airports=pair,
                legs=window,
                round_trips=_round_trips(window, pair),
            )
            watched = _watchlist(lift, watchlists)
            if lift.round_trips < settings.min_round_trips and not watched["applies"]:
                continue
            lift.factors = [
                _military(lift),
                _heavy(lift),
                _irregular(lift),
                _new_on_pair(lift, group_legs, stored, settings.window_days),
                _places(lift, watchlists),
                watched,
            ]
            if watched["applies"] or lift.score >= settings.min_score:
                airlifts.append(lift)
    airlifts.sort(key=lambda a: (-a.score, -a.round_trips, a.first))
    return airlifts


def _factor(name: str, applies: bool, explanation: str) -> dict[str, Any]:
    return {
        "factor": name,
        "applies": applies,
        "weight": WEIGHTS[name] if applies else 0.0,
        "explanation": explanation,
    }


def _military(lift: Airlift) -> dict[str, Any]:
    flagged = [a for a in lift.aircraft if a.military]
    if flagged:
        first = flagged[0]
        return _factor(
            "military_or_state",
            True,
            f"{len(flagged)} of {len(lift.aircraft)} aircraft military or state;"
            f" {first.registration or first.icao24}: {first.military_reason}",
        )
    return _factor(
        "military_or_state",
        False,
        "no aircraft in it is military or state (no registry flag, military address range"
        " or state callsign)",
    )


def _heavy(lift: Airlift) -> dict[str, Any]:
    types = sorted({a.typecode or "unknown type" for a in lift.aircraft})
    classes = {t: type_class(t) if t != "unknown type" else None for t in types}
    heavy = [t for t, c in classes.items() if c == "heavy-transport"]
    if heavy:
        return _factor("heavy_transport", True, f"{', '.join(heavy)}: heavy transport type")
    described = ", ".join(f"{t} ({c or 'class unknown'})" for t, c in classes.items())
    return _factor("heavy_transport", False, f"not a heavy transport type: {described}")


def _irregular(lift: Airlift) -> dict[str, Any]:
    outbound = [leg for leg in lift.legs if leg.origin == lift.legs[0].origin]
    days = max(1, (lift.last.date() - lift.first.date()).days + 1)
    flown_days = len({leg.departure.date() for leg in outbound})
    minutes = [leg.departure.hour * 60 + leg.departure.minute for leg in outbound]
    spread_h = statistics.pstdev(minutes) / 60 if len(minutes) > 1 else 0.0
    share = flown_days / days
    if spread_h <= REGULAR_MAX_SPREAD_H and share >= REGULAR_MIN_DAY_SHARE and flown_days >= 3:
        return _factor(
            "irregular",
            False,
            f"regular: departures from {outbound[0].origin} on {flown_days} of {days} days,"
            f" all within ±{spread_h * 60:.0f} min of the same time — like a published schedule",
        )
    return _factor(
        "irregular",
        True,
        f"irregular: departures from {outbound[0].origin} on {flown_days} of {days} days,"
        f" times of day spread over ±{spread_h:.1f} h — not a published daily schedule",
    )


def _new_on_pair(
    lift: Airlift, pair_legs: list[Leg], stored: _Flights, window_days: float
) -> dict[str, Any]:
    """New unless the same fleet flew the pair in the window before (`pair_legs`: by time)."""
    before = lift.first - timedelta(days=window_days)
    first_start = stored.first_start()
    if first_start is None or first_start >= lift.first:
        return _factor(
            "new_on_pair",
            False,
            f"no baseline: the case holds no flights before {lift.first:%Y-%m-%d}",
        )
    departures = [leg.departure for leg in pair_legs]
    earlier = bisect_left(departures, lift.first) - bisect_left(departures, before)
    if earlier:
        return _factor(
            "new_on_pair",
            False,
            f"not new: {earlier} flights by the same fleet on this pair in the"
            f" {window_days:g} days before",
        )
    baseline_start = max(before, first_start)
    return _factor(
        "new_on_pair",
        True,
        f"new: no flights by this fleet on {lift.airports[0]}–{lift.airports[1]} between"
        f" {baseline_start:%Y-%m-%d} and {lift.first:%Y-%m-%d}, while the case holds"
        f" {stored.count_between(baseline_start, lift.first)} other flights then",
    )


def _places(lift: Airlift, watchlists: Watchlists) -> dict[str, Any]:
    hits = [code for code in lift.airports if code in {a.upper() for a in watchlists.airports}]
    for code in lift.airports:
        known = airport(code)
        if known is None:
            continue
        for place in watchlists.places:
            distance = haversine_km(known.lat, known.lon, place.lat, place.lon)
            if distance <= place.radius_km:
                hits.append(f"{code} is {distance:.0f} km from {place.name}")
    if hits:
        return _factor("places_of_interest", True, "watched places: " + "; ".join(hits))
    return _factor("places_of_interest", False, "neither airport is a watched place")


def _watchlist(lift: Airlift, watchlists: Watchlists) -> dict[str, Any]:
    wanted_aircraft = {w.strip().lower() for w in watchlists.aircraft}
    wanted_reg = {w.strip().upper().replace("-", "") for w in watchlists.aircraft}
    hits = []
    for a in lift.aircraft:
        if a.icao24 in wanted_aircraft or (
            a.registration and a.registration.upper().replace("-", "") in wanted_reg
        ):
            hits.append(f"aircraft {a.registration or a.icao24}")
        if a.operator and a.operator.lower() in {o.lower() for o in watchlists.operators}:
            hits.append(f"operator {a.operator}")
        if a.country and a.country.upper() in {c.upper() for c in watchlists.countries}:
            hits.append(f"country {a.country}")
        if a.typecode and a.typecode.upper() in {t.upper() for t in watchlists.types}:
            hits.append(f"type {a.typecode}")
    if hits:
        return _factor(
            "watchlist", True, "on the case's watchlists: " + ", ".join(sorted(set(hits)))
        )
    return _factor("watchlist", False, "nothing in it is on the case's watchlists")


def as_finding(lift: Airlift) -> Finding:
    details = lift.as_json()
    title = f"Airlift {lift.airports[0]}–{lift.airports[1]}: {lift.round_trips} round trips"
    return Finding(
        id=lift.id,
        kind="airlift",
        title=title,
        summary=lift.summary(),
        score=lift.score,
        factors=lift.factors,
        details={k: v for k, v in details.items() if k not in ("factors", "summary", "score")},
        first_seen=lift.first,
        last_seen=lift.last,
        evidence=[("flights", leg.flight, "supports") for leg in lift.legs],
    )
