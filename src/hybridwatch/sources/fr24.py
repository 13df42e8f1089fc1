"""Flightradar24 flight data: the per-flight CSV export and the flight-detail JSON.

FR24 gives feet, knots and ft/min, so only time is converted. Decisions:

* On the ground: FR24 writes altitude 0 there, so altitude 0 with a ground speed under 50 kt sets
  `on_ground`; anything else leaves it NULL (FR24 does not say). The altitude is stored as
  given (0), since FR24 has no separate ground marker to translate.
* Squawk: FR24 drops leading zeros ("416" is 0416) and writes "0" when it has none, so codes
  are padded to four digits and "0" becomes NULL. FR24's "heading" is the track over ground.
* CSV address rule: the export names no aircraft (it is named `<flight id>.csv`), so its file
  name must end in `_<icao24>.csv` (or `.csv.gz`), e.g. `2ce4f83f_ae503d.csv`; any other name
  fails the whole file with that instruction, rather than storing positions of no aircraft.
  A row's time is its Timestamp (unix seconds), or its UTC column when Timestamp is empty.
* JSON: positions take the address from `aircraft.identification.modes` (a file without one is
  refused) and the flight's callsign. The flight itself goes to `reported_flights` as FR24's
  claim: origin, and destination as `airport.real` (where FR24 says a diverted flight actually
  went) when present, else `airport.destination`; first/last seen are the track's first and
  last times. `ems` (Enhanced Mode S) is not used: its `altGPS` reads 0 on the ground at
  airports well above sea level, and its time can differ from the point's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from hybridwatch.errors import InputError
from hybridwatch.sources.adsb import ADSB_GRADE, REPORTED_FLIGHTS, STATE_VECTORS
from hybridwatch.sources.base import Chunk, CsvWithHeader, Reader, Rejection, register
from hybridwatch.sources.readsb import (
    CHUNK_ROWS,
    LATEST,
    BadField,
    StateColumns,
    load_json,
    number,
    text,
    unix_seconds,
)

GROUND_SPEED_KT = 50.0  # below this, altitude 0 means taxiing or parked, not a low pass
_SQUAWK = re.compile(r"^[0-7]{1,4}$")


def _on_ground(altitude: float | None, speed: float | None) -> bool | None:
    return True if altitude == 0 and speed is not None and speed < GROUND_SPEED_KT else None


def _squawk(value: object) -> str | None:
    code = str(value).strip() if isinstance(value, (str, int)) else ""
    if not _SQUAWK.match(code) or int(code) == 0:
        return None
    return code.zfill(4)


# ---------------------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("timestamp", "utc", "callsign", "position", "altitude", "speed", "direction")
_CSV_NAME = re.compile(r"_([0-9A-Fa-f]{6})\.csv(\.gz)?$")


def csv_address(path: Path) -> str:
    """The ICAO address an FR24 CSV export is named after (see the module's rule)."""
    match = _CSV_NAME.search(path.name)
    if not match:
        raise InputError(
            path,
            "an FR24 CSV export does not name its aircraft: rename the file to end in"
            " _<icao24>.csv, e.g. 2ce4f83f_ae503d.csv",
        )
    return match.group(1).lower()


def _header(line: str) -> list[str]:
    return [name.strip().strip('"').lower() for name in line.lstrip("\ufeff").split(",")]


def _csv_time(timestamp: str, utc: str) -> float:
    if timestamp.strip():
        try:
            seconds = float(timestamp)
        except ValueError:
            raise BadField(f"Timestamp {timestamp!r} is not unix seconds") from None
        return unix_seconds(seconds, "Timestamp")
    if utc.strip():
        try:
            moment = datetime.fromisoformat(utc.strip())
        except ValueError:
            raise BadField(f"UTC {utc!r} is not an ISO time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return unix_seconds(moment.timestamp(), "UTC")
    raise BadField("no Timestamp or UTC time")


def _csv_number(value: str, name: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return number(float(value), name)
    except ValueError:
        raise BadField(f"{name} {value!r} is not a number") from None


def _csv_position(value: str) -> tuple[float | None, float | None]:
    value = value.strip()
    if not value:
        return None, None
    parts = value.split(",")
    if len(parts) != 2:
        raise BadField(f'Position {value!r} is not "lat,lon"')
    return _csv_number(parts[0], "latitude"), _csv_number(parts[1], "longitude")


@register
class Fr24CsvReader(Reader):
    """Flightradar24's per-flight CSV export:
    `Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction` with Position `"lat,lon"`."""

    kind = "flights"
    format = "fr24-csv"
    table = "state_vectors"
    schema = STATE_VECTORS
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        return set(CSV_COLUMNS) <= set(_header(first))

    def read(self, path: Path) -> Iterator[Chunk]:
        address = csv_address(path)
        out = StateColumns()
        with path.open("rb") as raw:
            table = CsvWithHeader(path, raw, CSV_COLUMNS)
            at = table.index
            for where, fields in table.rows():
                if isinstance(fields, Rejection):
                    out.reject(fields.where, fields.reason)
                    continue
                try:
                    time = _csv_time(fields[at["timestamp"]], fields[at["utc"]])
                    lat, lon = _csv_position(fields[at["position"]])
                    altitude = _csv_number(fields[at["altitude"]], "Altitude")
                    speed = _csv_number(fields[at["speed"]], "Speed")
                    track = _csv_number(fields[at["direction"]], "Direction")
                except BadField as exc:
                    out.reject(where, str(exc))
                    continue
                out.add(
                    where,
                    time,
                    address,
                    text(fields[at["callsign"]]),
                    lat,
                    lon,
                    altitude,
                    None,
                    speed,
                    track,
                    None,
                    _on_ground(altitude, speed),
                    None,
                    None,
                )
                if len(out) >= CHUNK_ROWS:
                    yield out.take(raw.tell())
            yield out.take(raw.tell())


# --------------------------------------------------------------------------------------- JSON

_JSON_IDENTIFICATION = re.compile(rb'"identification"\s*:')
_JSON_CALLSIGN = re.compile(rb'"callsign"\s*:')
_HEX6 = re.compile(r"^[0-9a-f]{6}$")


def _dig(value: object, *keys: str) -> object:
    """value[k1][k2]…, or None where a level is missing or not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _flight(path: Path, top: object) -> dict[str, object]:
    """The flight object: `result.response.data.flight`, or the file itself if it is one."""
    flight = _dig(top, "result", "response", "data", "flight")
    if isinstance(flight, dict):
        return flight
    if isinstance(top, dict) and "identification" in top and "aircraft" in top:
        return top
    raise InputError(path, "not an FR24 flight-detail file (no result.response.data.flight)")


def _airport(flight: dict[str, object], which: str) -> str | None:
    return text(_dig(flight, "airport", which, "code", "icao"))


@register
class Fr24JsonReader(Reader):
    """Flightradar24 flight-detail JSON (`result.response.data.flight`): the track's positions
    to `state_vectors`, and the flight as FR24 reports it to `reported_flights`."""

    kind = "flights"
    format = "fr24-json"
    table = "state_vectors"
    schema = STATE_VECTORS
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return bool(_JSON_IDENTIFICATION.search(head) and _JSON_CALLSIGN.search(head))

    def read(self, path: Path) -> Iterator[Chunk]:
        top, size = load_json(path)
        flight = _flight(path, top)
        modes = text(_dig(flight, "aircraft", "identification", "modes"))
        address = (modes or "").lower()
        if not _HEX6.match(address):
            raise InputError(
                path,
                f"no ICAO address in aircraft.identification.modes ({modes!r}),"
                " so the track cannot be tied to an aircraft",
                "flight",
            )
        track = flight.get("track")
        if track is None:
            track = []
        if not isinstance(track, list):
            raise InputError(path, "track is not a list", "flight")
        callsign = text(_dig(flight, "identification", "callsign"))
        out = StateColumns()
        times: list[float] = []
        for index, point in enumerate(track):
            where = f"track[{index}]"
            try:
                if not isinstance(point, dict):
                    raise BadField(f"point {point!r:.40} is not an object")
                seconds = number(point.get("timestamp"), "timestamp", LATEST)
                if seconds is None:
                    raise BadField("no timestamp")
                time = unix_seconds(seconds, "timestamp")
                lat = number(point.get("latitude"), "latitude")
                lon = number(point.get("longitude"), "longitude")
                altitude = number(_part(point, "altitude", "feet"), "altitude")
                speed = number(_part(point, "speed", "kts"), "speed")
                rate = number(_part(point, "verticalSpeed", "fpm"), "vertical speed")
                heading = number(point.get("heading"), "heading")
            except BadField as exc:
                out.reject(where, str(exc))
                continue
            times.append(time)
            out.add(
                where,
                time,
                address,
                callsign,
                lat,
                lon,
                altitude,
                None,
                speed,
                heading,
                rate,
                _on_ground(altitude, speed),
                _squawk(point.get("squawk")),
                None,
            )
            if len(out) >= CHUNK_ROWS:
                yield out.take(size)
        yield out.take(size)
        yield Chunk(self._reported(flight, address, callsign, times), [], size, "reported_flights")

    @staticmethod
    def _reported(
        flight: dict[str, object], address: str, callsign: str | None, times: list[float]
    ) -> pa.Table:
        """One `reported_flights` row: what FR24 says this flight was."""
        first = last = None
        if times:
            first, last = min(times), max(times)
        else:  # no track: FR24's own departure/arrival times, if it gives them
            first = _time_or_none(_dig(flight, "time", "real", "departure"))
            last = _time_or_none(_dig(flight, "time", "real", "arrival"))
        typecode = text(_dig(flight, "aircraft", "model", "code"))
        row = {
            "icao24": [address],
            "callsign": [callsign],
            "registration": [text(_dig(flight, "aircraft", "identification", "registration"))],
            "typecode": [typecode.upper() if typecode else None],
            "origin": [_airport(flight, "origin")],
            "destination": [_airport(flight, "real") or _airport(flight, "destination")],
            "first_seen": [None if first is None else round(first * 1000)],
            "last_seen": [None if last is None else round(last * 1000)],
            "locator": ["flight"],
        }
        return pa.Table.from_pydict(row, schema=REPORTED_FLIGHTS)


def _part(point: dict[str, object], field: str, unit: str) -> object:
    """`point[field][unit]` (FR24 gives each quantity in several units)."""
    value = point.get(field)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadField(f"{field} {value!r:.40} is not an object of units")
    return value.get(unit)


def _time_or_none(value: object) -> float | None:
    try:
        seconds = number(value, "time", LATEST)
        return None if seconds is None else unix_seconds(seconds)
    except BadField:
        return None
