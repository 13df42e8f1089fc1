"""readsb / ADS-B Exchange flight data: `trace_full_<hex>.json` traces and folders of tar1090
`aircraft.json` snapshots.

readsb already speaks feet, knots and ft/min, so only time is converted. Decisions:

* Altitude "ground" sets `on_ground` and leaves `altitude_ft` NULL: on the ground no barometric
  altitude is reported, and 0 would read as sea level. A numeric altitude sets `on_ground` false
  (readsb writes "ground" whenever it holds the aircraft to be on the ground); none leaves NULL.
* Trace flags: `& 2` is `new_leg`; `& 8` (the altitude is geometric) moves the altitude to
  `geoaltitude_ft`; `& 1` (stale position) and `& 4` (geometric vertical rate) change nothing
  stored. Callsign and squawk come from the occasional details object and are carried forward
  to the following points, but not across a new leg (the next flight has its own callsign).
* An address beginning with `~` is readsb's mark for a non-ICAO (TIS-B, anonymous) address that
  no registry can resolve: such a trace is refused, such snapshot entries are rejected.
* Snapshots repeat a position until a newer one arrives: a row at exactly the place of the
  previous row kept for that aircraft, within 1 s of it, is rejected as a repeat (counted).

`StateColumns` and the value checks here are shared with the FR24 readers.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from hybridwatch.errors import InputError
from hybridwatch.sources.adsb import ADSB_GRADE, STATE_VECTORS, checked_states
from hybridwatch.sources.base import GZIP_MAGIC, Chunk, Reader, Rejection, head_bytes, register

CHUNK_ROWS = 200_000
# Times outside these unix seconds cannot be ADS-B data (and would overflow a timestamp).
EARLIEST = 631_152_000.0  # 1990-01-01
LATEST = 4_102_444_800.0  # 2100-01-01
# Larger magnitudes are garbage, and would not fit a float32 column.
MAX_MAGNITUDE = 1e9
REPEAT_SECONDS = 1.0

_FLOAT32 = pa.float32()


class BadField(Exception):
    """One field of one point is malformed; the point is rejected with this message."""


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def number(value: object, name: str, limit: float = MAX_MAGNITUDE) -> float | None:
    """A JSON number as float (None stays None); anything else, bool included, is BadField."""
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        if math.isfinite(value) and abs(value) <= limit:
            return float(value)
        raise BadField(f"{name} {_show(value)} is out of range")
    raise BadField(f"{name} {_show(value)} is not a number")


def unix_seconds(value: float, name: str = "time") -> float:
    if not EARLIEST <= value <= LATEST:
        raise BadField(f"{name} {value} is not a unix time between 1990 and 2100")
    return value


def text(value: object) -> str | None:
    """A string field, stripped; empty or not a string gives None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


class StateColumns:
    """STATE_VECTORS rows gathered column by column; `take` makes one checked Arrow chunk.

    Points come out of JSON or CSV as Python objects anyway; everything after that (Arrow
    conversion, unit checks, time conversion) runs vectorised in `take`.
    """

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.time: list[float | None] = []  # unix seconds
        self.icao24: list[str] = []
        self.callsign: list[str | None] = []
        self.lat: list[float | None] = []
        self.lon: list[float | None] = []
        self.altitude_ft: list[float | None] = []
        self.geoaltitude_ft: list[float | None] = []
        self.groundspeed_kt: list[float | None] = []
        self.track_deg: list[float | None] = []
        self.vertical_rate_fpm: list[float | None] = []
        self.on_ground: list[bool | None] = []
        self.squawk: list[str | None] = []
        self.new_leg: list[bool | None] = []
        self.locator: list[str] = []
        # (rows added before it, rejection): kept so rejections come out in input order
        self._rejected: list[tuple[int, Rejection]] = []

    def __len__(self) -> int:
        return len(self.locator)

    def add(
        self,
        where: str,
        time: float,
        icao24: str,
        callsign: str | None,
        lat: float | None,
        lon: float | None,
        altitude_ft: float | None,
        geoaltitude_ft: float | None,
        groundspeed_kt: float | None,
        track_deg: float | None,
        vertical_rate_fpm: float | None,
        on_ground: bool | None,
        squawk: str | None,
        new_leg: bool | None,
    ) -> None:
        self.time.append(time)
        self.icao24.append(icao24)
        self.callsign.append(callsign)
        self.lat.append(lat)
        self.lon.append(lon)
        self.altitude_ft.append(altitude_ft)
        self.geoaltitude_ft.append(geoaltitude_ft)
        self.groundspeed_kt.append(groundspeed_kt)
        self.track_deg.append(track_deg)
        self.vertical_rate_fpm.append(vertical_rate_fpm)
        self.on_ground.append(on_ground)
        self.squawk.append(squawk)
        self.new_leg.append(new_leg)
        self.locator.append(where)

    def reject(self, where: str, reason: str) -> None:
        self._rejected.append((len(self.locator), Rejection(where, reason)))

    def take(self, position: int) -> Chunk:
        """The rows so far, normalised and validated by `checked_states`; then start afresh."""
        early = self._rejected
        rows: pa.Table | None = None
        checked: list[Rejection] = []
        if self.locator:
            seconds = pa.array(self.time, pa.float64())
            millis = pc.cast(pc.round(pc.multiply(seconds, 1000.0)), pa.int64())
            table = pa.Table.from_arrays(
                [
                    millis.cast(pa.timestamp("ms")),
                    pa.array(self.icao24, pa.string()),
                    pa.array(self.callsign, pa.string()),
                    pa.array(self.lat, pa.float64()),
                    pa.array(self.lon, pa.float64()),
                    pa.array(self.altitude_ft, _FLOAT32),
                    pa.array(self.geoaltitude_ft, _FLOAT32),
                    pa.array(self.groundspeed_kt, _FLOAT32),
                    pa.array(self.track_deg, _FLOAT32),
                    pa.array(self.vertical_rate_fpm, _FLOAT32),
                    pa.array(self.on_ground, pa.bool_()),
                    pa.array(self.squawk, pa.string()),
                    pa.array(self.new_leg, pa.bool_()),
                    pa.array(self.locator, pa.string()),
                ],
                schema=STATE_VECTORS,
            )
            rows, checked = checked_states(table)
        if early and checked:
            # Interleave by input order: an early rejection made after k rows sits before row k.
            row_of = {where: i for i, where in enumerate(self.locator)}
            keyed = [(2 * k - 1, r) for k, r in early] + [(2 * row_of[r.where], r) for r in checked]
            rejected = [r for _, r in sorted(keyed, key=lambda pair: pair[0])]
        else:
            rejected = [r for _, r in early] + checked
        self._clear()
        return Chunk(rows, rejected, position)


def load_json(path: Path) -> tuple[object, int]:
    """A whole JSON file (plain or gzip) and its size; damage is an InputError for the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc}") from exc
    size = len(data)
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise InputError(path, f"damaged or truncated compressed data ({exc})") from exc
    try:
        return json.loads(data), size
    except json.JSONDecodeError as exc:
        raise InputError(
            path, f"not valid JSON ({exc.msg})", f"line {exc.lineno} column {exc.colno}"
        ) from exc
    except (ValueError, RecursionError) as exc:  # bad UTF-8, absurd nesting
        raise InputError(path, f"not valid JSON ({exc})") from exc


def _altitude(value: object) -> tuple[float | None, bool | None]:
    """readsb's barometric altitude field: (feet, on_ground)."""
    if value == "ground":
        return None, True
    feet = number(value, "altitude")
    return feet, None if feet is None else False


def _address(path: Path, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, 'no aircraft address ("icao")')
    address = value.strip().lower()
    if address.startswith("~"):
        raise InputError(
            path,
            f"address {address} is not an ICAO address (readsb marks non-ICAO and TIS-B"
            " addresses with ~), so its positions cannot be tied to an aircraft",
        )
    return address


_TRACE_ICAO = re.compile(rb'"icao"\s*:')
_TRACE_LIST = re.compile(rb'"trace"\s*:\s*\[')


@register
class ReadsbTraceReader(Reader):
    """readsb / ADS-B Exchange `trace_full_<hex>.json`: one aircraft, points relative to a base
    `timestamp`, `[dt, lat, lon, alt|"ground", gs, track, flags, vrate, details, source,
    geom_alt, geom_rate, ias, roll]` (fields after vrate may be absent)."""

    kind = "flights"
    format = "readsb-trace"
    table = "state_vectors"
    schema = STATE_VECTORS
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return bool(_TRACE_ICAO.search(head) and _TRACE_LIST.search(head))

    def read(self, path: Path) -> Iterator[Chunk]:
        top, size = load_json(path)
        if not isinstance(top, dict) or not isinstance(top.get("trace"), list):
            raise InputError(path, 'not a readsb trace (no "trace" list)')
        address = _address(path, top.get("icao"))
        try:
            base = number(top.get("timestamp"), "base timestamp", LATEST)
        except BadField as exc:
            raise InputError(path, str(exc)) from None
        if base is None:
            raise InputError(path, 'no base "timestamp"')
        out = StateColumns()
        callsign: str | None = None
        squawk: str | None = None
        for index, point in enumerate(top["trace"]):
            where = f"trace[{index}]"
            try:
                if not isinstance(point, list) or len(point) < 8:
                    found = f"{len(point)} fields" if isinstance(point, list) else _show(point)
                    raise BadField(f"expected a list of at least 8 fields, found {found}")
                offset = number(point[0], "time offset", LATEST)
                if offset is None:
                    raise BadField("no time offset")
                time = unix_seconds(base + offset)
                lat = number(point[1], "latitude")
                lon = number(point[2], "longitude")
                altitude, on_ground = _altitude(point[3])
                speed = number(point[4], "ground speed")
                track = number(point[5], "track")
                flags = 0 if point[6] is None else point[6]
                if type(flags) is not int or flags < 0:
                    raise BadField(f"flags {_show(flags)} are not a non-negative integer")
                rate = number(point[7], "vertical rate")
                details = point[8] if len(point) > 8 else None
                if details is not None and not isinstance(details, dict):
                    raise BadField(f"details {_show(details)} are neither an object nor null")
                geo = number(point[10], "geometric altitude") if len(point) > 10 else None
            except BadField as exc:
                out.reject(where, str(exc))
                continue
            new_leg = bool(flags & 2)
            if new_leg:
                callsign = squawk = None
            if details:
                flight, code = details.get("flight"), details.get("squawk")
                callsign = flight if isinstance(flight, str) else callsign
                squawk = code if isinstance(code, str) else squawk
            if flags & 8 and altitude is not None:  # the altitude given is geometric
                geo = altitude if geo is None else geo
                altitude = None
            out.add(
                where,
                time,
                address,
                callsign,
                lat,
                lon,
                altitude,
                geo,
                speed,
                track,
                rate,
                on_ground,
                squawk,
                new_leg,
            )
            if len(out) >= CHUNK_ROWS:
                yield out.take(size)
        yield out.take(size)


_SNAPSHOT_NOW = re.compile(rb'"now"\s*:')
_SNAPSHOT_LIST = re.compile(rb'"aircraft"\s*:\s*\[')
_NATURAL = re.compile(r"(\d+)")


def _is_snapshot_name(path: Path) -> bool:
    return path.name.endswith((".json", ".json.gz"))


def _natural(name: str) -> list[object]:
    """Sort key that puts history_2.json before history_10.json."""
    return [int(part) if part.isdigit() else part for part in _NATURAL.split(name)]


def _snapshot_files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = (p for p in path.rglob("*") if p.is_file() and _is_snapshot_name(p))
    return sorted(files, key=lambda p: _natural(p.relative_to(path).as_posix()))


@register
class ReadsbAircraftJsonReader(Reader):
    """A folder of tar1090 / readsb `aircraft.json` snapshots (`*.json`, `*.json.gz`, any depth),
    read as one source: `{"now": t, "aircraft": [{"hex", "lat", "lon", "seen_pos", ...}]}`.

    A position's time is `now - seen_pos` (`now - seen` when there is no `seen_pos`). A JSON
    file in the folder that is not a snapshot (tar1090's receiver.json, stats.json) is counted
    as one rejection; a damaged one fails the whole folder. One snapshot file also works.
    """

    kind = "flights"
    format = "readsb-aircraft-json"
    table = "state_vectors"
    schema = STATE_VECTORS
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        if not path.is_dir():
            return self._looks_like_snapshot(head)
        candidates = (p for p in path.rglob("*") if p.is_file() and _is_snapshot_name(p))
        for _, file in zip(range(5), candidates, strict=False):
            try:
                if self._looks_like_snapshot(head_bytes(file)):
                    return True
            except InputError:
                continue
        return False

    @staticmethod
    def _looks_like_snapshot(head: bytes) -> bool:
        return bool(_SNAPSHOT_NOW.search(head) and _SNAPSHOT_LIST.search(head))

    def read(self, path: Path) -> Iterator[Chunk]:
        out = StateColumns()
        last: dict[str, tuple[float, float, float, str]] = {}  # hex -> time, lat, lon, where
        position = 0
        for file in _snapshot_files(path):
            label = file.relative_to(path).as_posix() if path.is_dir() else file.name
            snapshot, size = load_json(file)
            position += size
            if not (
                isinstance(snapshot, dict)
                and type(snapshot.get("now")) in (int, float)
                and isinstance(snapshot.get("aircraft"), list)
            ):
                out.reject(
                    label, 'not an aircraft.json snapshot (no "now" time and "aircraft" list)'
                )
                continue
            now: float = snapshot["now"]
            entries: list[object] = snapshot["aircraft"]
            for index, entry in enumerate(entries):
                where = f"{label} aircraft[{index}]"
                try:
                    row = _snapshot_row(now, entry)
                except BadField as exc:
                    out.reject(where, str(exc))
                    continue
                time, address, lat, lon = row[0], row[1], row[3], row[4]
                if lat is not None and lon is not None:
                    previous = last.get(address)
                    if (
                        previous is not None
                        and previous[1] == lat
                        and previous[2] == lon
                        and abs(previous[0] - time) <= REPEAT_SECONDS
                    ):
                        out.reject(where, f"repeats the position given at {previous[3]}")
                        continue
                    last[address] = (time, lat, lon, where)
                out.add(where, *row)
            if len(out) >= CHUNK_ROWS:
                yield out.take(position)
        yield out.take(position)


_SnapshotRow = tuple[
    float,
    str,
    str | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    float | None,
    bool | None,
    str | None,
    bool | None,
]


def _snapshot_row(now: float, entry: object) -> _SnapshotRow:
    """One aircraft of a snapshot as StateColumns.add arguments (after the locator)."""
    if not isinstance(entry, dict):
        raise BadField(f"aircraft entry {_show(entry)} is not an object")
    hex_ = entry.get("hex")
    if not isinstance(hex_, str):
        raise BadField(f"hex {_show(hex_)} is not a string")
    address = hex_.strip().lower()
    if address.startswith("~"):
        raise BadField(
            f"address {address} is not an ICAO address (readsb marks non-ICAO and TIS-B"
            " addresses with ~)"
        )
    seen_pos = number(entry.get("seen_pos"), "seen_pos")
    age = seen_pos if seen_pos is not None else number(entry.get("seen"), "seen")
    if age is None:
        raise BadField("neither seen_pos nor seen: the time is unknown")
    time = unix_seconds(now - age)
    altitude, on_ground = _altitude(entry.get("alt_baro"))
    rate = number(entry.get("baro_rate"), "baro_rate")
    if rate is None:
        rate = number(entry.get("geom_rate"), "geom_rate")
    squawk = entry.get("squawk")
    return (
        time,
        address,
        text(entry.get("flight")),
        number(entry.get("lat"), "latitude"),
        number(entry.get("lon"), "longitude"),
        altitude,
        number(entry.get("alt_geom"), "alt_geom"),
        number(entry.get("gs"), "gs"),
        number(entry.get("track"), "track"),
        rate,
        on_ground,
        squawk if isinstance(squawk, str) else None,
        None,  # snapshots do not mark legs
    )
