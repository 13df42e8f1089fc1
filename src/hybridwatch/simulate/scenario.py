"""Scenario files: TOML → typed, validated dataclasses.

A scenario says what flew (named aircraft on schedules, random background traffic), what the
receivers missed (coverage gaps, outages) and how imperfect the feed is (noise). Every problem is
one line naming the file and the key: `burgas.toml: schedules[1].airports: unknown airport 'LBBX'`.

```toml
[scenario]
name = "Burgas–Baku airlift"
seed = 20240215                      # same scenario + seed → byte-identical output
start = 2024-02-10T00:00:00Z         # UTC; a date means its midnight
end = 2024-03-20T00:00:00Z
interval_s = 10                      # one position per aircraft every ~10 s (OpenSky: 5–10 s)
jitter_s = 1.5                       # ± uniform jitter on each sample time

[[aircraft]]                         # named aircraft (they also go to the registry CSV)
icao24 = "600881"
registration = "4K-78129"
typecode = "IL76"                    # ICAO type; see performance.py for the known types
callsign = "AZAF{n:02d}"             # {n}: its flight number from 1; {leg}: 1 out, 2 back
operator = "Azerbaijan Air Force"    # optional
military = true                      # optional (false)
description = "ILYUSHIN Il-76MD"     # optional (the type's description)
year = 1988                          # optional
cruise_ft = 31000                    # optional overrides of the type's cruise level and speed
cruise_kt = 430

[[aircraft]]
icao24 = "60084d"
typecode = "A320"
callsign = "AHY{n:03d}"

[[aircraft]]
icao24 = "4b820f"
typecode = "A400"
military = true
callsign = "TUAF{n:03d}"

[[schedules]]
kind = "round-trips"                 # each date: A → B, then B → A after the turnaround
label = "airlift"                    # written into the truth
aircraft = ["600881"]                # trips rotate through these
airports = ["LBBG", "UBBB"]
dates = [2024-02-15, 2024-02-20]
departure = "05:30"                  # off-block time at A (UTC)
jitter_min = 45                      # ± uniform
turnaround_h = 3.5                   # on-block to off-block at B

[[schedules]]
kind = "daily"                       # a published schedule: A → B → A
label = "airline"
aircraft = ["60084d"]
airports = ["UBBB", "LBBG"]
departure = "07:10"
return_departure = "12:00"           # optional; else turnaround_h (default 1)
every_days = 1                       # optional (1); or weekdays = ["Tue", "Fri"]
first = 2024-02-10                   # optional (scenario start) ...
last = 2024-03-19                    # ... and end
callsigns = ["AHY071", "AHY072"]     # optional: outbound and return, instead of the pattern
jitter_min = 10

[[schedules]]
kind = "once"                        # one journey through the listed airports
label = "decoy"
aircraft = ["4b820f"]
airports = ["LTAU", "LBBG", "UBBB", "LTAU"]
departure = 2024-03-05T07:00:00Z      # off-block at the first airport
turnaround_h = 2

[background]                         # random regional traffic
flights_per_day = 24
box = [39.5, 22.0, 46.0, 50.5]       # south, west, north, east: airports with IATA codes inside
countries = ["BG", "RO", "TR"]       # optional: only airports in these countries
types = { A320 = 3, B738 = 3, AT72 = 1 }   # or a list; default: common airliners
airlines = 8                         # made-up designators (or a list of designators)
aircraft = 8                         # optional fleet size (default: a third of the daily flights)
min_km = 250
max_km = 1500
label = "background"                 # optional

[coverage]
min_altitude_ft = 0                  # optional: below this, positions are received only ...
receivers = ["LBBG"]                 # ... within receiver_km of these airports
receiver_km = 60                     #     (default receivers: the schedules' airports)

[[coverage.gaps]]                    # no reception inside
name = "Black Sea"
circle = [43.0, 34.5, 330]           # lat, lon, radius km; or box = [south, west, north, east]
below_ft = 45000                     # optional: only below this altitude (default: all)

[[coverage.outages]]                 # no data at all
date = 2024-02-23                    # the whole UTC day; or start = ..., end = ...
airport = "UBBB"                     # optional: only within radius_km of it
radius_km = 150

[noise]
position_m = 25                      # σ of horizontal position noise
altitude_ft = 25                     # σ, then rounded to 25 ft as Mode S reports altitude
speed_kt = 1.5                       # σ on ground speed
dropout = 0.05                       # fraction of positions lost at random
clock_skew_s = 1.0                   # σ of a per-aircraft constant time offset
duplicates = 0.002                   # fraction of rows written twice
```
"""

from __future__ import annotations

import itertools
import math
import re
import string
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NoReturn

from hybridwatch.errors import InputError
from hybridwatch.reference.addresses import country_blocks
from hybridwatch.reference.airports import Airport, airport, haversine_km
from hybridwatch.simulate.performance import Performance, known_types, performance

MIN_LEG_KM = 30.0
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ICAO = re.compile(r"^[A-Z]{4}$")
_HEX6 = re.compile(r"^[0-9a-f]{6}$")
_DESIGNATOR = re.compile(r"^[A-Z]{3}$")
_CALLSIGN_CHARS = re.compile(r"^[A-Z0-9]{1,8}$")
_MISSING: Any = object()


@dataclass(frozen=True)
class AircraftSpec:
    icao24: str
    registration: str | None
    typecode: str
    callsign: str  # pattern with {n} and {leg}
    operator: str | None
    military: bool
    description: str | None
    year: int | None
    performance: Performance


@dataclass(frozen=True)
class RoundTrips:
    key: str  # "schedules[0]", for messages
    label: str
    aircraft: tuple[str, ...]
    airports: tuple[str, str]
    dates: tuple[date, ...]
    departure: time
    jitter_min: float
    turnaround_h: float
    callsigns: tuple[str, str] | None


@dataclass(frozen=True)
class Daily:
    key: str
    label: str
    aircraft: tuple[str, ...]
    airports: tuple[str, str]
    departure: time
    return_departure: time | None
    turnaround_h: float
    every_days: int
    weekdays: frozenset[int] | None  # 0 = Monday
    first: date
    last: date
    jitter_min: float
    callsigns: tuple[str, str] | None


@dataclass(frozen=True)
class Once:
    key: str
    label: str
    aircraft: str
    airports: tuple[str, ...]
    departure: datetime
    turnaround_h: float
    jitter_min: float
    callsigns: tuple[str, ...] | None


Schedule = RoundTrips | Daily | Once


@dataclass(frozen=True)
class Background:
    flights_per_day: int
    box: tuple[float, float, float, float]  # south, west, north, east
    countries: frozenset[str] | None
    airports: tuple[str, ...]  # resolved: IATA airports in the box (and countries)
    types: tuple[tuple[str, float], ...]  # typecode, weight
    airlines: tuple[str, ...] | int
    aircraft: int
    min_km: float
    max_km: float
    label: str


@dataclass(frozen=True)
class Region:
    name: str
    box: tuple[float, float, float, float] | None
    circle: tuple[float, float, float] | None  # lat, lon, radius km
    below_ft: float | None


@dataclass(frozen=True)
class Outage:
    start: datetime
    end: datetime
    airport: str | None
    radius_km: float


@dataclass(frozen=True)
class Coverage:
    gaps: tuple[Region, ...] = ()
    outages: tuple[Outage, ...] = ()
    min_altitude_ft: float = 0.0
    receivers: tuple[str, ...] = ()
    receiver_km: float = 60.0


@dataclass(frozen=True)
class Noise:
    position_m: float = 0.0
    altitude_ft: float = 0.0
    speed_kt: float = 0.0
    dropout: float = 0.0
    clock_skew_s: float = 0.0
    duplicates: float = 0.0


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    seed: int
    start: datetime
    end: datetime
    interval_s: float
    jitter_s: float
    aircraft: tuple[AircraftSpec, ...]
    schedules: tuple[Schedule, ...]
    background: Background | None
    coverage: Coverage
    noise: Noise

    def aircraft_by_icao(self) -> dict[str, AircraftSpec]:
        return {a.icao24: a for a in self.aircraft}

    def fail(self, where: str, message: str) -> NoReturn:
        raise InputError(self.path, message, where)


# --- reading TOML values with located errors -------------------------------------------------


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a whole number", float: "a number", str: "text"}
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return names.get(type(value), type(value).__name__)


class _Node:
    """One TOML table, remembering where it is in the file for error messages."""

    def __init__(self, path: Path, where: str, data: dict[str, Any]) -> None:
        self.path = path
        self.where = where
        self.data = data
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def fail(self, name: str | None, message: str) -> NoReturn:
        raise InputError(self.path, message, self.key(name) if name else self.where or None)

    def raw(self, name: str, default: Any = _MISSING) -> Any:
        self.used.add(name)
        if name in self.data:
            return self.data[name]
        if default is _MISSING:
            self.fail(name, "missing (required)")
        return default

    def text(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"expected non-empty text, found {_type_name(value)} {value!r}")
        return value.strip()

    def number(
        self,
        name: str,
        default: Any = _MISSING,
        low: float = -math.inf,
        high: float = math.inf,
    ) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        return _checked_number(self, name, value, low, high)

    def integer(self, name: str, default: Any = _MISSING, low: int = 0, high: int = 2**63) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"expected a whole number, found {_type_name(value)} {value!r}")
        if not low <= value <= high:
            self.fail(name, f"{value} is outside {low}…{high}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            self.fail(name, f"expected true or false, found {_type_name(value)} {value!r}")
        return value

    def moment(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        return _utc(self, name, value)

    def day(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        return _day(self, name, value)

    def clock(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, time):
            return value.replace(tzinfo=None)
        if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d\d(:\d\d)?", value.strip()):
            try:
                return time.fromisoformat(value.strip().zfill(5 if value.count(":") == 1 else 8))
            except ValueError:
                pass
        self.fail(name, f'expected a UTC time of day like "06:30", found {value!r}')

    def items(self, name: str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, list):
            self.fail(name, f"expected a list, found {_type_name(value)} {value!r}")
        return value

    def texts(self, name: str, default: Any = _MISSING, upper: bool = False) -> Any:
        values = self.items(name, default)
        if values is default and default is not _MISSING:
            return values
        out: list[str] = []
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{name}[{i}]", f"expected text, found {_type_name(value)} {value!r}")
            out.append(value.strip().upper() if upper else value.strip())
        return tuple(out)

    def numbers(self, name: str, count: int, default: Any = _MISSING) -> Any:
        values = self.items(name, default)
        if values is default and default is not _MISSING:
            return values
        if len(values) != count:
            self.fail(name, f"expected {count} numbers, found {len(values)}")
        return tuple(
            _checked_number(self, f"{name}[{i}]", v, -math.inf, math.inf)
            for i, v in enumerate(values)
        )

    def table(self, name: str) -> _Node | None:
        value = self.raw(name, None)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(name, f"expected a table, found {_type_name(value)}")
        return _Node(self.path, self.key(name), value)

    def tables(self, name: str) -> list[_Node]:
        value = self.raw(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(name, f"expected [[{self.key(name)}]] tables, found {_type_name(value)}")
        return [_Node(self.path, f"{self.key(name)}[{i}]", v) for i, v in enumerate(value)]

    def done(self) -> None:
        """Refuse keys nobody read: a misspelt key must not be silently ignored."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used))
            self.fail(unknown[0], f"unknown key (known here: {known})")


def _checked_number(node: _Node, name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        node.fail(name, f"expected a number, found {_type_name(value)} {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        node.fail(name, f"{value} is outside {low:g}…{high:g}")
    return number


def _utc(node: _Node, name: str, value: object) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            node.fail(name, f"expected a UTC date-time like 2024-02-15T06:00:00Z, found {value!r}")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        if value.utcoffset() != timedelta(0):
            node.fail(name, f"{value.isoformat()} is not UTC (write Z or +00:00)")
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    node.fail(name, f"expected a UTC date-time, found {_type_name(value)} {value!r}")


def _day(node: _Node, name: str, value: object) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            node.fail(name, f"expected a date like 2024-02-15, found {value!r}")
    if isinstance(value, datetime):
        node.fail(name, f"expected a date, found the date-time {value.isoformat()}")
    if isinstance(value, date):
        return value
    node.fail(name, f"expected a date, found {_type_name(value)} {value!r}")


# --- the scenario ----------------------------------------------------------------------------


def load(path: Path) -> Scenario:
    """Read and validate a scenario file; any problem is an InputError naming file and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"line {found.group(1)}" if found else None
        raise InputError(path, f"not valid TOML ({message})", where) from exc
    return parse(path, data)


def parse(path: Path, data: dict[str, Any]) -> Scenario:
    root = _Node(path, "", data)
    head = root.table("scenario")
    if head is None:
        root.fail("scenario", "missing (required): the [scenario] table")
    name = head.text("name")
    seed = head.integer("seed", low=0, high=2**63 - 1)
    start = head.moment("start")
    end = head.moment("end")
    if end <= start:
        head.fail("end", f"{end.isoformat()} is not after start {start.isoformat()}")
    if end - start > timedelta(days=400):
        head.fail("end", "the scenario spans more than 400 days")
    interval = head.number("interval_s", 10.0, 1.0, 3600.0)
    jitter = head.number("jitter_s", 0.0, 0.0, 3600.0)
    if jitter >= interval / 2:
        head.fail("jitter_s", f"{jitter:g} s must be under half of interval_s ({interval:g} s)")
    head.done()

    fleet = tuple(_aircraft(node) for node in root.tables("aircraft"))
    seen: dict[str, str] = {}
    for spec, node in zip(fleet, root.tables("aircraft"), strict=True):
        if spec.icao24 in seen:
            node.fail("icao24", f"{spec.icao24} is already the address of {seen[spec.icao24]}")
        seen[spec.icao24] = node.where
    window = (start, end)
    schedules = tuple(_schedule(node, seen, window) for node in root.tables("schedules"))

    background_node = root.table("background")
    background = _background(background_node, window) if background_node else None
    coverage_node = root.table("coverage")
    coverage = _coverage(coverage_node, schedules) if coverage_node else Coverage()
    noise_node = root.table("noise")
    noise = _noise(noise_node) if noise_node else Noise()
    root.done()
    if not schedules and background is None:
        root.fail(None, "nothing flies: give [[schedules]] or [background]")
    return Scenario(
        path=path,
        name=name,
        seed=seed,
        start=start,
        end=end,
        interval_s=interval,
        jitter_s=jitter,
        aircraft=fleet,
        schedules=schedules,
        background=background,
        coverage=coverage,
        noise=noise,
    )


def _callsign_pattern(node: _Node, name: str, pattern: str) -> str:
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
        unknown = fields - {"n", "leg"}
        if unknown:
            node.fail(name, f"unknown field {{{sorted(unknown)[0]}}} (use {{n}} and {{leg}})")
        sample = pattern.format(n=1, leg=1).upper()
    except (ValueError, IndexError, KeyError) as exc:
        node.fail(name, f"not a callsign pattern ({exc})")
    if not _CALLSIGN_CHARS.match(sample):
        node.fail(name, f"gives {sample!r}: callsigns are 1–8 letters and digits")
    return pattern


def _aircraft(node: _Node) -> AircraftSpec:
    icao24 = node.text("icao24").lower()
    if not _HEX6.match(icao24):
        node.fail("icao24", f"{icao24!r} is not six hex digits")
    typecode = node.text("typecode").upper()
    cruise_ft = node.number("cruise_ft", None, 1_000, 60_000)
    cruise_kt = node.number("cruise_kt", None, 60, 650)
    perf = performance(typecode, cruise_ft, cruise_kt)
    if perf is None:
        node.fail(
            "typecode",
            f"no performance figures for {typecode}; give cruise_ft and cruise_kt, or use one"
            f" of {', '.join(known_types())}",
        )
    year = node.integer("year", None, 1900, 2100)
    spec = AircraftSpec(
        icao24=icao24,
        registration=node.text("registration", None),
        typecode=typecode,
        callsign=_callsign_pattern(node, "callsign", node.text("callsign")),
        operator=node.text("operator", None),
        military=node.flag("military", False),
        description=node.text("description", None),
        year=year,
        performance=perf,
    )
    node.done()
    return spec


def _airport_code(node: _Node, name: str, code: str) -> Airport:
    found = airport(code)
    if found is None:
        node.fail(name, f"unknown airport {code!r} (ICAO codes from airportsdata)")
    return found


def _route(node: _Node, name: str, minimum: int, maximum: int | None) -> tuple[str, ...]:
    codes = node.texts(name, upper=True)
    if len(codes) < minimum or (maximum is not None and len(codes) > maximum):
        wanted = f"{minimum}" if maximum == minimum else f"at least {minimum}"
        node.fail(name, f"expected {wanted} airports, found {len(codes)}")
    places = [_airport_code(node, f"{name}[{i}]", c) for i, c in enumerate(codes)]
    for i, (a, b) in enumerate(itertools.pairwise(places)):
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if km < MIN_LEG_KM:
            node.fail(
                f"{name}[{i + 1}]",
                f"{a.icao} → {b.icao} is {km:.0f} km; legs must be at least {MIN_LEG_KM:g} km",
            )
    return tuple(str(code) for code in codes)


def _fleet_ref(node: _Node, known: dict[str, str]) -> tuple[str, ...]:
    value = node.raw("aircraft")
    codes = (value,) if isinstance(value, str) else node.texts("aircraft")
    if not codes:
        node.fail("aircraft", "expected at least one icao24")
    out = []
    for i, code in enumerate(codes):
        address = code.strip().lower()
        if address not in known:
            where = "aircraft" if isinstance(value, str) else f"aircraft[{i}]"
            node.fail(where, f"{code!r} is not the icao24 of an [[aircraft]] entry")
        out.append(address)
    return tuple(out)


def _callsigns(node: _Node, count: int | None) -> Any:
    values = node.texts("callsigns", None)
    if values is None:
        return None
    if count is not None and len(values) != count:
        node.fail("callsigns", f"expected {count} callsigns (one per leg), found {len(values)}")
    for i, value in enumerate(values):
        _callsign_pattern(node, f"callsigns[{i}]", value)
    return values


def _in_window(node: _Node, name: str, day: date, window: tuple[datetime, datetime]) -> None:
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if not window[0] - timedelta(days=1) < moment < window[1]:
        node.fail(name, f"{day.isoformat()} is outside the scenario's start … end")


def _schedule(node: _Node, known: dict[str, str], window: tuple[datetime, datetime]) -> Schedule:
    kind = node.text("kind")
    label = node.text("label")
    aircraft = _fleet_ref(node, known)
    jitter = node.number("jitter_min", 0.0, 0.0, 24 * 60)
    turnaround = node.number("turnaround_h", 1.0, 0.25, 24 * 14)
    schedule: Schedule
    if kind == "round-trips":
        airports = _route(node, "airports", 2, 2)
        dates = tuple(_day(node, f"dates[{i}]", d) for i, d in enumerate(node.items("dates")))
        if not dates:
            node.fail("dates", "expected at least one date")
        for i, day in enumerate(dates):
            _in_window(node, f"dates[{i}]", day, window)
        schedule = RoundTrips(
            node.where,
            label,
            aircraft,
            (airports[0], airports[1]),
            tuple(sorted(dates)),
            node.clock("departure"),
            jitter,
            turnaround,
            _callsigns(node, 2),
        )
    elif kind == "daily":
        airports = _route(node, "airports", 2, 2)
        first = node.day("first", window[0].date())
        last = node.day("last", (window[1] - timedelta(seconds=1)).date())
        if last < first:
            node.fail("last", f"{last.isoformat()} is before first {first.isoformat()}")
        names = node.texts("weekdays", None)
        weekdays = None
        if names is not None:
            lookup = {day.lower(): i for i, day in enumerate(WEEKDAYS)}
            for i, day_name in enumerate(names):
                if day_name[:3].lower() not in lookup:
                    node.fail(f"weekdays[{i}]", f"{day_name!r} is not one of {', '.join(WEEKDAYS)}")
            weekdays = frozenset(lookup[n[:3].lower()] for n in names)
        schedule = Daily(
            node.where,
            label,
            aircraft,
            (airports[0], airports[1]),
            node.clock("departure"),
            node.clock("return_departure", None),
            turnaround,
            node.integer("every_days", 1, 1, 366),
            weekdays,
            first,
            last,
            jitter,
            _callsigns(node, 2),
        )
    elif kind == "once":
        airports = _route(node, "airports", 2, None)
        departure = node.moment("departure")
        if not window[0] - timedelta(days=1) < departure < window[1]:
            node.fail("departure", f"{departure.isoformat()} is outside the scenario's window")
        schedule = Once(
            node.where,
            label,
            aircraft[0],
            airports,
            departure,
            turnaround,
            jitter,
            _callsigns(node, len(airports) - 1),
        )
    else:
        node.fail("kind", f"{kind!r} is not one of round-trips, daily, once")
    node.done()
    return schedule


def _box(node: _Node, name: str) -> tuple[float, float, float, float]:
    south, west, north, east = node.numbers(name, 4)
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        node.fail(name, "expected [south, west, north, east] with south < north, west < east")
    return (south, west, north, east)


def _background(node: _Node, window: tuple[datetime, datetime]) -> Background:
    from hybridwatch.reference.airports import airports as all_airports

    per_day = node.integer("flights_per_day", low=0, high=20_000)
    box = _box(node, "box")
    countries = node.texts("countries", None, upper=True)
    known_countries = {b.iso2 for b in country_blocks()}
    for i, iso2 in enumerate(countries or ()):
        if iso2 not in known_countries:
            node.fail(f"countries[{i}]", f"{iso2!r} is not a State with an ICAO address block")
    chosen = frozenset(countries) if countries else None
    south, west, north, east = box
    airports = tuple(
        a.icao
        for a in all_airports()
        if a.has_iata
        and _ICAO.match(a.icao)
        and south <= a.lat <= north
        and west <= a.lon <= east
        and (chosen is None or a.country in chosen)
        and a.country in known_countries
    )
    if len(airports) < 2:
        node.fail("box", "fewer than two airports with IATA codes inside the box")
    raw_types = node.raw("types", None)
    types: tuple[tuple[str, float], ...]
    if raw_types is None:
        from hybridwatch.simulate.performance import COMMON_AIRLINERS

        types = tuple((t, 1.0) for t in COMMON_AIRLINERS)
    elif isinstance(raw_types, list):
        types = tuple((t, 1.0) for t in node.texts("types", upper=True))
    elif isinstance(raw_types, dict):
        types = tuple(
            (str(k).upper(), _checked_number(node, f"types.{k}", v, 0.0, 1e6))
            for k, v in raw_types.items()
        )
    else:
        node.fail("types", f"expected a list or a table of weights, found {_type_name(raw_types)}")
    if not types or sum(w for _, w in types) <= 0:
        node.fail("types", "expected at least one type with a positive weight")
    for typecode, _ in types:
        if performance(typecode) is None:
            node.fail("types", f"no performance figures for {typecode}")
    raw_airlines = node.raw("airlines", 8)
    airlines: tuple[str, ...] | int
    if isinstance(raw_airlines, list):
        designators: tuple[str, ...] = node.texts("airlines", upper=True)
        for i, designator in enumerate(designators):
            if not _DESIGNATOR.match(designator):
                node.fail(f"airlines[{i}]", f"{designator!r} is not a three-letter designator")
        if not designators:
            node.fail("airlines", "expected at least one designator")
        airlines = designators
    else:
        airlines = node.integer("airlines", 8, 1, 500)
    fleet = node.integer("aircraft", max(1, math.ceil(per_day / 3)), 1, 100_000)
    min_km = node.number("min_km", 200.0, MIN_LEG_KM, 20_000)
    max_km = node.number("max_km", 1500.0, MIN_LEG_KM, 20_000)
    if max_km <= min_km:
        node.fail("max_km", f"{max_km:g} is not above min_km {min_km:g}")
    label = node.text("label", "background")
    node.done()
    return Background(per_day, box, chosen, airports, types, airlines, fleet, min_km, max_km, label)


def _coverage(node: _Node, schedules: tuple[Schedule, ...]) -> Coverage:
    gaps = []
    for gap in node.tables("gaps"):
        name = gap.text("name", gap.where)
        box = _box(gap, "box") if "box" in gap.data else None
        circle = gap.numbers("circle", 3, None)
        if circle is not None:
            lat, lon, radius = circle
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and radius > 0):
                gap.fail("circle", "expected [lat, lon, radius_km] with a positive radius")
        if (box is None) == (circle is None):
            gap.fail(None, "give exactly one of box = [s, w, n, e] or circle = [lat, lon, km]")
        below = gap.number("below_ft", None, -2_000, 100_000)
        gap.done()
        gaps.append(Region(name, box, circle, below))
    outages = []
    for outage in node.tables("outages"):
        if "date" in outage.data:
            day = outage.day("date")
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            end = start + timedelta(days=1)
        else:
            start, end = outage.moment("start"), outage.moment("end")
            if end <= start:
                outage.fail("end", "is not after start")
        code = outage.text("airport", None)
        if code is not None:
            code = _airport_code(outage, "airport", code.upper()).icao
        radius = outage.number("radius_km", 150.0, 0.1, 20_000)
        outage.done()
        outages.append(Outage(start, end, code, radius))
    min_altitude = node.number("min_altitude_ft", 0.0, 0.0, 60_000)
    default_receivers = sorted({code for s in schedules for code in s.airports})
    receivers = node.texts("receivers", tuple(default_receivers), upper=True)
    for i, code in enumerate(receivers):
        _airport_code(node, f"receivers[{i}]", code)
    if min_altitude > 0 and not receivers:
        node.fail("receivers", "min_altitude_ft needs receivers (airport codes)")
    receiver_km = node.number("receiver_km", 60.0, 1.0, 2_000)
    node.done()
    return Coverage(tuple(gaps), tuple(outages), min_altitude, tuple(receivers), receiver_km)


def _noise(node: _Node) -> Noise:
    noise = Noise(
        position_m=node.number("position_m", 0.0, 0.0, 10_000),
        altitude_ft=node.number("altitude_ft", 0.0, 0.0, 5_000),
        speed_kt=node.number("speed_kt", 0.0, 0.0, 100),
        dropout=node.number("dropout", 0.0, 0.0, 0.99),
        clock_skew_s=node.number("clock_skew_s", 0.0, 0.0, 3_600),
        duplicates=node.number("duplicates", 0.0, 0.0, 0.5),
    )
    node.done()
    return noise
