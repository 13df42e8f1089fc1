"""From a scenario to a list of flights: schedules, one-off journeys and background traffic.

Randomness comes from `numpy.random.default_rng([seed, stream, ...])`: each schedule and the
background draw from their own stream, so editing one schedule leaves the others' times alone.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from hybridwatch.reference.addresses import country_blocks
from hybridwatch.reference.airports import Airport, airport, haversine_km
from hybridwatch.reference.military import military_range_of
from hybridwatch.reference.state_callsigns import state_callsigns
from hybridwatch.simulate import tracks
from hybridwatch.simulate.performance import Performance, performance
from hybridwatch.simulate.scenario import Background, Daily, Once, RoundTrips, Scenario

STREAM_SCHEDULES, STREAM_BACKGROUND, STREAM_OBSERVATION = 1, 2, 3
TAXI_OUT_MIN = (8.0, 16.0)
TAXI_IN_MIN = (4.0, 9.0)
STAND_M = (300.0, 900.0)
MIN_GROUND_S = 15 * 60  # the least time an aircraft spends on the ground between two flights
BACKGROUND_TURNAROUND_MIN = (35.0, 100.0)
BACKGROUND_MORNING_H = (5.0, 9.0)  # local time of an aircraft's first departure of the day
_RESERVED_SQUAWKS = {"7500", "7600", "7700", "7000", "2000", "1200", "0000"}


@dataclass(frozen=True)
class Member:
    """An aircraft that flies in the scenario, named or background."""

    icao24: str
    registration: str | None
    typecode: str
    performance: Performance
    military: bool
    operator: str | None
    description: str | None
    year: int | None
    named: bool
    callsign: str  # pattern for named aircraft, designator for background ones


@dataclass
class Flight:
    aircraft: int  # index into Plan.fleet
    origin: Airport
    destination: Airport
    off_block: float  # unix seconds
    taxi_out_s: float
    taxi_in_s: float
    stands: tuple[float, float, float, float]  # origin east, north; destination east, north (m)
    label: str
    schedule: str | None  # "schedules[2]", None for background
    trip: int | None  # round trip number within its schedule, from 1
    leg: int  # 1 outbound, 2 return (once: leg number along the route)
    on_block: float = 0.0
    pattern: str | None = None  # the schedule's callsign for this leg, else the aircraft's
    callsign: str = ""
    squawk: str = ""


@dataclass
class Plan:
    fleet: list[Member]
    flights: list[Flight] = field(default_factory=list)


def legs(plan: Plan, flights: list[Flight] | None = None) -> tracks.Legs:
    """The flights as arrays for `tracks`."""
    chosen = plan.flights if flights is None else flights
    perf = [plan.fleet[f.aircraft].performance for f in chosen]

    def column(values: list[float]) -> tracks.Floats:
        return np.asarray(values, dtype=np.float64)

    return tracks.Legs(
        lat0=column([f.origin.lat for f in chosen]),
        lon0=column([f.origin.lon for f in chosen]),
        elev0=column([f.origin.elevation_ft for f in chosen]),
        lat1=column([f.destination.lat for f in chosen]),
        lon1=column([f.destination.lon for f in chosen]),
        elev1=column([f.destination.elevation_ft for f in chosen]),
        cruise_ft=column([p.cruise_ft for p in perf]),
        cruise_kt=column([p.cruise_kt for p in perf]),
        climb_fpm=column([p.climb_fpm for p in perf]),
        descent_fpm=column([p.descent_fpm for p in perf]),
        liftoff_kt=column([p.liftoff_kt for p in perf]),
        approach_kt=column([p.approach_kt for p in perf]),
        off_block=column([f.off_block for f in chosen]),
        taxi_out_s=column([f.taxi_out_s for f in chosen]),
        taxi_in_s=column([f.taxi_in_s for f in chosen]),
        stand0_e=column([f.stands[0] for f in chosen]),
        stand0_n=column([f.stands[1] for f in chosen]),
        stand1_e=column([f.stands[2] for f in chosen]),
        stand1_n=column([f.stands[3] for f in chosen]),
    )


class _Builder:
    """Makes flights with random ground times and stands, and knows how long they take."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._block: dict[tuple[str, str, Performance], float] = {}

    def block_seconds(self, origin: Airport, destination: Airport, perf: Performance) -> float:
        """Take-off roll + airborne + landing roll (the taxi times are per flight)."""
        key = (origin.icao, destination.icao, perf)
        if key not in self._block:
            self.prime([(origin, destination, perf)])
        return self._block[key]

    def prime(self, legs: list[tuple[Airport, Airport, Performance]]) -> None:
        """Work out the block times of many legs in one vectorised pass."""
        if not legs:
            return

        def column(values: list[float]) -> tracks.Floats:
            return np.asarray(values, dtype=np.float64)

        zero = np.zeros(len(legs))
        probe = tracks.Legs(
            lat0=column([o.lat for o, _, _ in legs]),
            lon0=column([o.lon for o, _, _ in legs]),
            elev0=column([o.elevation_ft for o, _, _ in legs]),
            lat1=column([d.lat for _, d, _ in legs]),
            lon1=column([d.lon for _, d, _ in legs]),
            elev1=column([d.elevation_ft for _, d, _ in legs]),
            cruise_ft=column([p.cruise_ft for _, _, p in legs]),
            cruise_kt=column([p.cruise_kt for _, _, p in legs]),
            climb_fpm=column([p.climb_fpm for _, _, p in legs]),
            descent_fpm=column([p.descent_fpm for _, _, p in legs]),
            liftoff_kt=column([p.liftoff_kt for _, _, p in legs]),
            approach_kt=column([p.approach_kt for _, _, p in legs]),
            off_block=zero,
            taxi_out_s=zero,
            taxi_in_s=zero,
            stand0_e=zero,
            stand0_n=zero,
            stand1_e=zero,
            stand1_n=zero,
        )
        prof = tracks.profile(probe)
        block = (prof.t_roll + prof.t_air + prof.t_rollout).tolist()
        for (o, d, p), seconds in zip(legs, block, strict=True):
            self._block[(o.icao, d.icao, p)] = seconds

    def flight(
        self,
        rng: np.random.Generator,
        aircraft: int,
        origin: Airport,
        destination: Airport,
        off_block: float,
        label: str,
        schedule: str | None,
        trip: int | None,
        leg: int,
    ) -> Flight:
        taxi_out = float(rng.uniform(*TAXI_OUT_MIN)) * 60.0
        taxi_in = float(rng.uniform(*TAXI_IN_MIN)) * 60.0
        angles = rng.uniform(0.0, 2 * math.pi, 2)
        radii = rng.uniform(*STAND_M, 2)
        stands = (
            float(radii[0] * math.sin(angles[0])),
            float(radii[0] * math.cos(angles[0])),
            float(radii[1] * math.sin(angles[1])),
            float(radii[1] * math.cos(angles[1])),
        )
        perf = self.plan.fleet[aircraft].performance
        block = self.block_seconds(origin, destination, perf)
        made = Flight(
            aircraft,
            origin,
            destination,
            off_block,
            taxi_out,
            taxi_in,
            stands,
            label,
            schedule,
            trip,
            leg,
        )
        made.on_block = off_block + taxi_out + block + taxi_in
        made.squawk = _squawk(rng)
        self.plan.flights.append(made)
        return made


def _squawk(rng: np.random.Generator) -> str:
    while True:
        code = "".join(str(d) for d in rng.integers(0, 8, 4))
        if code not in _RESERVED_SQUAWKS:
            return code


def _at(day: date, clock: time) -> float:
    return datetime.combine(day, clock, tzinfo=UTC).timestamp()


def _airport(code: str) -> Airport:
    found = airport(code)
    if found is None:  # validated when the scenario was read
        raise ValueError(f"unknown airport {code}")
    return found


def build(scenario: Scenario) -> Plan:
    """Every flight of the scenario, with its aircraft, times, callsign and squawk."""
    fleet = [
        Member(
            a.icao24,
            a.registration,
            a.typecode,
            a.performance,
            a.military,
            a.operator,
            a.description or a.performance.description,
            a.year,
            True,
            a.callsign,
        )
        for a in scenario.aircraft
    ]
    plan = Plan(fleet)
    builder = _Builder(plan)
    index = {m.icao24: i for i, m in enumerate(fleet)}
    for number, schedule in enumerate(scenario.schedules):
        rng = np.random.default_rng([scenario.seed, STREAM_SCHEDULES, number])
        if isinstance(schedule, RoundTrips):
            _round_trips(builder, rng, schedule, index)
        elif isinstance(schedule, Daily):
            _daily(builder, rng, schedule, index, scenario)
        else:
            _once(builder, rng, schedule, index)
    _check_overlaps(scenario, plan)
    _name_flights(plan)
    if scenario.background is not None and scenario.background.flights_per_day > 0:
        rng = np.random.default_rng([scenario.seed, STREAM_BACKGROUND])
        _background(builder, rng, scenario, scenario.background)
    end = scenario.end.timestamp()
    plan.flights = [f for f in plan.flights if f.off_block < end]
    plan.flights.sort(key=lambda f: (f.off_block, fleet[f.aircraft].icao24))
    return plan


def _jitter(rng: np.random.Generator, minutes: float) -> float:
    return float(rng.uniform(-minutes, minutes)) * 60.0 if minutes > 0 else 0.0


def _turnaround(rng: np.random.Generator, hours: float) -> float:
    return hours * 3600.0 * float(rng.uniform(0.9, 1.1))


def _round_trips(
    builder: _Builder, rng: np.random.Generator, s: RoundTrips, index: dict[str, int]
) -> None:
    a, b = _airport(s.airports[0]), _airport(s.airports[1])
    for trip, day in enumerate(s.dates, start=1):
        aircraft = index[s.aircraft[(trip - 1) % len(s.aircraft)]]
        start = _at(day, s.departure) + _jitter(rng, s.jitter_min)
        out = builder.flight(rng, aircraft, a, b, start, s.label, s.key, trip, 1)
        back_at = out.on_block + _turnaround(rng, s.turnaround_h)
        back = builder.flight(rng, aircraft, b, a, back_at, s.label, s.key, trip, 2)
        _patterns(s.callsigns, out, back)


def _daily(
    builder: _Builder,
    rng: np.random.Generator,
    s: Daily,
    index: dict[str, int],
    scenario: Scenario,
) -> None:
    a, b = _airport(s.airports[0]), _airport(s.airports[1])
    day, trip = s.first, 0
    while day <= s.last:
        offset = (day - s.first).days
        if offset % s.every_days == 0 and (s.weekdays is None or day.weekday() in s.weekdays):
            trip += 1
            aircraft = index[s.aircraft[(trip - 1) % len(s.aircraft)]]
            start = _at(day, s.departure) + _jitter(rng, s.jitter_min)
            out = builder.flight(rng, aircraft, a, b, start, s.label, s.key, trip, 1)
            if s.return_departure is not None:
                back_at = _at(day, s.return_departure) + _jitter(rng, s.jitter_min)
                if back_at < out.on_block + MIN_GROUND_S:
                    scenario.fail(
                        f"{s.key}.return_departure",
                        f"on {day.isoformat()} the return leaves before the outbound flight"
                        f" can be back on the ground at {s.airports[1]} (+15 min)",
                    )
            else:
                back_at = out.on_block + _turnaround(rng, s.turnaround_h)
            back = builder.flight(rng, aircraft, b, a, back_at, s.label, s.key, trip, 2)
            _patterns(s.callsigns, out, back)
        day += timedelta(days=1)


def _once(builder: _Builder, rng: np.random.Generator, s: Once, index: dict[str, int]) -> None:
    aircraft = index[s.aircraft]
    places = [_airport(code) for code in s.airports]
    at = s.departure.timestamp() + _jitter(rng, s.jitter_min)
    for leg, (a, b) in enumerate(itertools.pairwise(places), start=1):
        made = builder.flight(rng, aircraft, a, b, at, s.label, s.key, 1, leg)
        if s.callsigns is not None:
            made.pattern = s.callsigns[leg - 1]
        at = made.on_block + _turnaround(rng, s.turnaround_h)


def _patterns(callsigns: tuple[str, ...] | None, *flights: Flight) -> None:
    """The schedule's callsign for each leg, when it gives them."""
    if callsigns is not None:
        for flight, pattern in zip(flights, callsigns, strict=True):
            flight.pattern = pattern


def _check_overlaps(scenario: Scenario, plan: Plan) -> None:
    by_aircraft: dict[int, list[Flight]] = {}
    for f in plan.flights:
        by_aircraft.setdefault(f.aircraft, []).append(f)
    for aircraft, flights in by_aircraft.items():
        flights.sort(key=lambda f: f.off_block)
        for before, after in itertools.pairwise(flights):
            if after.off_block < before.on_block + MIN_GROUND_S:
                when = datetime.fromtimestamp(after.off_block, UTC).strftime("%Y-%m-%d %H:%M")
                scenario.fail(
                    after.schedule or "schedules",
                    f"{plan.fleet[aircraft].icao24} would leave {after.origin.icao} at {when}Z"
                    f" while still busy with the {before.origin.icao}→{before.destination.icao}"
                    f" flight of {before.schedule} (back on the ground 15 min before the next)",
                )
            if after.origin.icao != before.destination.icao:
                scenario.fail(
                    after.schedule or "schedules",
                    f"{plan.fleet[aircraft].icao24} would leave {after.origin.icao} after landing"
                    f" at {before.destination.icao} ({before.schedule}): aircraft do not jump",
                )


def _name_flights(plan: Plan) -> None:
    """Callsigns of the named aircraft: the pattern with {n} (the aircraft's flight number in
    time order) and {leg}, unless the schedule gives callsigns per leg."""
    counters: Counter[int] = Counter()
    for f in sorted(plan.flights, key=lambda f: f.off_block):
        counters[f.aircraft] += 1
        pattern = f.pattern or plan.fleet[f.aircraft].callsign
        f.callsign = pattern.format(n=counters[f.aircraft], leg=f.leg).upper()


def _designators(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    chosen: list[str] = []
    while len(chosen) < count:
        code = "".join(rng.choice(letters, 3))
        if code not in taken and code not in chosen:
            chosen.append(code)
    return chosen


def _address(rng: np.random.Generator, blocks: list[tuple[int, int]], used: set[str]) -> str:
    sizes = np.array([end - start + 1 for start, end in blocks], dtype=np.float64)
    while True:
        start, end = blocks[int(rng.choice(len(blocks), p=sizes / sizes.sum()))]
        address = f"{int(rng.integers(start, end + 1)):06x}"
        if address not in used and military_range_of(address) is None:
            used.add(address)
            return address


def _background(
    builder: _Builder, rng: np.random.Generator, scenario: Scenario, bg: Background
) -> None:
    plan = builder.plan
    places = [_airport(code) for code in bg.airports]
    count = len(places)
    distance = np.array(
        [[haversine_km(a.lat, a.lon, b.lat, b.lon) for b in places] for a in places]
    )
    reachable = [
        np.flatnonzero((distance[i] >= bg.min_km) & (distance[i] <= bg.max_km))
        for i in range(count)
    ]
    starts = [i for i in range(count) if len(reachable[i])]
    if not starts:
        scenario.fail("background.min_km", "no two airports in the box are min_km…max_km apart")
    countries = Counter(a.country for a in places)
    country_names = sorted(countries)
    weights = np.array([countries[c] for c in country_names], dtype=np.float64)
    blocks: dict[str, list[tuple[int, int]]] = {}
    for block in country_blocks():
        blocks.setdefault(block.iso2, []).append((block.start, block.end))

    taken = set(state_callsigns()) | {
        m.callsign[:3].upper() for m in plan.fleet if m.named and len(m.callsign) >= 3
    }
    designators = (
        list(bg.airlines)
        if isinstance(bg.airlines, tuple)
        else _designators(rng, bg.airlines, taken)
    )
    homes = {
        d: country_names[int(rng.choice(len(country_names), p=weights / weights.sum()))]
        for d in designators
    }
    types = [t for t, _ in bg.types]
    type_weights = np.array([w for _, w in bg.types], dtype=np.float64)
    used = {m.icao24 for m in plan.fleet}
    first = len(plan.fleet)
    for i in range(bg.aircraft):
        designator = designators[i % len(designators)]
        typecode = types[int(rng.choice(len(types), p=type_weights / type_weights.sum()))]
        perf = performance(typecode)
        assert perf is not None  # validated with the scenario
        plan.fleet.append(
            Member(
                _address(rng, blocks[homes[designator]], used),
                None,
                typecode,
                perf,
                False,
                None,
                perf.description,
                None,
                False,
                designator,
            )
        )

    fleet_types = {m.performance for m in plan.fleet[first:]}
    builder.prime(
        [
            (places[i], places[int(j)], perf)
            for perf in sorted(fleet_types, key=lambda p: p.typecode)
            for i in range(count)
            for j in reachable[i]
        ]
    )
    utc_offset_h = round((bg.box[1] + bg.box[3]) / 2 / 15)
    location = [starts[int(rng.integers(len(starts)))] for _ in range(bg.aircraft)]
    free_at = [scenario.start.timestamp()] * bg.aircraft
    day = scenario.start.date()
    end = scenario.end.timestamp()
    while _at(day, time(0)) < end:
        quota = rng.multinomial(bg.flights_per_day, np.full(bg.aircraft, 1.0 / bg.aircraft))
        for k in range(bg.aircraft):
            morning = float(rng.uniform(*BACKGROUND_MORNING_H)) - utc_offset_h
            at = max(free_at[k], _at(day, time(0)) + morning * 3600.0)
            for _ in range(int(quota[k])):
                options = reachable[location[k]]
                if not len(options):
                    location[k] = starts[int(rng.integers(len(starts)))]
                    options = reachable[location[k]]
                target = int(options[int(rng.integers(len(options)))])
                made = builder.flight(
                    rng,
                    first + k,
                    places[location[k]],
                    places[target],
                    at,
                    bg.label,
                    None,
                    None,
                    1,
                )
                made.callsign = f"{plan.fleet[first + k].callsign}{int(rng.integers(10, 9999))}"
                location[k] = target
                at = made.on_block + float(rng.uniform(*BACKGROUND_TURNAROUND_MIN)) * 60.0
            free_at[k] = at
        day += timedelta(days=1)
