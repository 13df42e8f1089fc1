"""The `traffic` library's formats: its JSON records (as in its sample files) and its Parquet.

`traffic` already uses the stored units (feet, knots, ft/min), so only time and types vary: unix
milliseconds or ISO text, a squawk that pandas turned into a float. The columnar machinery is
shared with the OpenSky readers (`hybridwatch.sources.opensky`).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from hybridwatch.errors import InputError
from hybridwatch.sources import opensky
from hybridwatch.sources.adsb import ADSB_GRADE, NUMBERED_STATE_VECTORS, checked_states
from hybridwatch.sources.base import GZIP_MAGIC, Chunk, Reader, Rejection, open_maybe_gzip, register
from hybridwatch.sources.opensky import (
    Column,
    Converter,
    first_line,
    in_background,
    in_order,
    iota,
    parquet_has,
    parquet_parts,
)

TRAFFIC_COLUMNS = ("timestamp", "icao24", "latitude", "longitude", "altitude")
TRAFFIC_OPTIONAL = (
    "callsign",
    "geoaltitude",
    "groundspeed",
    "track",
    "vertical_rate",
    "onground",
    "squawk",
)
TRAFFIC_SIGNATURE = ("timestamp", "icao24", "latitude", "longitude")
# pandas' default `to_json` layout, {column: {index: value}}, as some of traffic's samples are.
_COLUMNS_LAYOUT = re.compile(rb'^\{\s*"([^"]+)"\s*:\s*\{')


def traffic_states(conv: Converter, columns: Mapping[str, Column]) -> tuple[Any, list[Rejection]]:
    """State vectors from traffic's columns (already feet, knots, ft/min), validated."""

    def get(name: str) -> Any:
        values = columns.get(name)
        return pa.nulls(conv.rows) if values is None else values

    table, rejected = conv.finish(
        NUMBERED_STATE_VECTORS,
        {
            "time": conv.time(get("timestamp"), "timestamp", "auto"),
            "icao24": conv.text(get("icao24"), "icao24"),
            "callsign": conv.text(get("callsign"), "callsign"),
            "lat": conv.number(get("latitude"), "latitude"),
            "lon": conv.number(get("longitude"), "longitude"),
            "altitude_ft": conv.number(get("altitude"), "altitude"),
            "geoaltitude_ft": conv.number(get("geoaltitude"), "geoaltitude"),
            "groundspeed_kt": conv.number(get("groundspeed"), "groundspeed"),
            "track_deg": conv.number(get("track"), "track"),
            "vertical_rate_fpm": conv.number(get("vertical_rate"), "vertical_rate"),
            "on_ground": conv.flag(get("onground"), "onground"),
            "squawk": conv.squawk(get("squawk"), "squawk"),
            "new_leg": pa.nulls(conv.rows, pa.bool_()),
        },
    )
    good, invalid = checked_states(table, conv.unit)
    return good, rejected + invalid


def _json_column(values: list[Any]) -> Any:
    """An Arrow column from JSON values; mixed or nested types fall back to text, so that the
    Converter rejects the odd row (e.g. `"latitude": true`) instead of the whole file."""
    try:
        column = pa.array(values)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        column = None
    if column is None or pa.types.is_nested(column.type):
        texts = [v if v is None or isinstance(v, str) else json.dumps(v) for v in values]
        column = pa.array(texts, pa.string())
    return column


class _Records:
    """A traffic JSON file in memory, as columns of Python values with 1-based record numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rejected: list[Rejection] = []
        self.numbers: list[int] | None = None  # None: records 1…count
        self.records: list[dict[str, Any]] = []
        self.columns: dict[str, list[Any]] | None = None  # the {column: {index: value}} layout
        self.count = 0
        self._load(self._content())

    def _content(self) -> bytes:
        try:
            with self.path.open("rb") as raw:
                compressed = raw.read(2) == GZIP_MAGIC
                raw.seek(0)
                try:
                    return open_maybe_gzip(raw).read()
                except (OSError, EOFError, zlib.error) as exc:
                    if compressed:
                        raise InputError(
                            self.path, f"damaged or truncated compressed data ({exc})"
                        ) from exc
                    raise
        except OSError as exc:
            raise InputError(self.path, f"cannot read: {exc}") from exc

    def _load(self, data: bytes) -> None:
        text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not text:
            raise InputError(self.path, "empty file")
        line = first_line(text)
        if text.startswith(b"{") and len(line) < len(text.rstrip()) and _object(line):
            self._load_lines(data)
            return
        try:
            document = json.loads(data)
        except UnicodeDecodeError as exc:
            raise InputError(self.path, f"not UTF-8 text ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                self.path, f"not valid JSON ({exc.msg})", f"line {exc.lineno}"
            ) from exc
        if isinstance(document, dict):
            if document and all(isinstance(v, dict) for v in document.values()):
                self._load_columns(document)
                return
            document = [document]
        if not isinstance(document, list):
            raise InputError(self.path, "expected a JSON array of records")
        self._keep_objects(document, None)

    def _load_lines(self, data: bytes) -> None:
        """JSON Lines: one record a line, numbered by line; a bad line is one rejection."""
        records: list[Any] = []
        numbers: list[int] = []
        for number, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except (ValueError, UnicodeDecodeError) as exc:
                self.rejected.append(Rejection(f"record {number}", f"not valid JSON ({exc})"))
                continue
            numbers.append(number)
        self._keep_objects(records, numbers)

    def _keep_objects(self, records: list[Any], numbers: list[int] | None) -> None:
        if not all(type(record) is dict for record in records):
            kept: list[dict[str, Any]] = []
            kept_numbers: list[int] = []
            for position, record in enumerate(records):
                number = numbers[position] if numbers is not None else position + 1
                if isinstance(record, dict):
                    kept.append(record)
                    kept_numbers.append(number)
                else:
                    self.rejected.append(Rejection(f"record {number}", "not a JSON object"))
            records, numbers = kept, kept_numbers
        self.records, self.numbers, self.count = records, numbers, len(records)
        if records:
            self._require(set().union(*records))

    def _load_columns(self, document: dict[str, dict[str, Any]]) -> None:
        index = list(next(iter(document.values())))
        columns: dict[str, list[Any]] = {}
        for name, values in document.items():
            same = len(values) == len(index) and list(values) == index
            columns[name] = list(values.values()) if same else [values.get(k) for k in index]
        self.columns, self.count = columns, len(index)
        self._require(set(columns))

    def _require(self, names: set[str]) -> None:
        missing = [name for name in TRAFFIC_COLUMNS if name not in names]
        if missing:
            raise InputError(self.path, f"missing column(s) {', '.join(missing)}")

    def column(self, name: str, start: int, stop: int) -> Any:
        if self.columns is not None:
            values = self.columns.get(name)
            return None if values is None else _json_column(values[start:stop])
        return _json_column([record.get(name) for record in self.records[start:stop]])

    def numbered(self, start: int, stop: int) -> Any:
        if self.numbers is None:
            return iota(start + 1, stop - start)
        return pa.array(self.numbers[start:stop], pa.int64())


def _object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError):
        return False


@register
class TrafficJsonReader(Reader):
    """traffic's JSON: an array of records (plain or gzip), JSON Lines, or pandas' column layout.

    A row's `position` is its record number: the record's place in the array, or its line in
    JSON Lines.
    """

    kind = "flights"
    format = "traffic-json"
    table = "state_vectors"
    schema = NUMBERED_STATE_VECTORS
    position_unit = "record"
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text.startswith(b"["):
            return b'"icao24"' in text and b'"timestamp"' in text
        if not text.startswith(b"{"):
            return False
        layout = _COLUMNS_LAYOUT.match(text)
        if layout:
            known = (*TRAFFIC_COLUMNS, *TRAFFIC_OPTIONAL, "last_position", "alert", "spi")
            return layout.group(1).decode("utf-8", "replace") in known
        line = first_line(text)
        return b'"icao24"' in line and b'"timestamp"' in line

    def read(self, path: Path) -> Iterator[Chunk]:
        records = _Records(path)
        size = path.stat().st_size
        unreadable = records.rejected  # bad JSON lines, non-objects: reported with the first chunk
        if not records.count:
            yield Chunk(None, unreadable, size)
        for start in range(0, records.count, opensky.CHUNK_ROWS):
            stop = min(start + opensky.CHUNK_ROWS, records.count)
            conv = Converter(path, "record", records.numbered(start, stop))
            columns = {
                name: column
                for name in (*TRAFFIC_COLUMNS, *TRAFFIC_OPTIONAL)
                if (column := records.column(name, start, stop)) is not None
            }
            rows, rejected = traffic_states(conv, columns)
            yield Chunk(rows, in_order(unreadable + rejected), size * stop // records.count)
            unreadable = []


@register
class TrafficParquetReader(Reader):
    """traffic's Parquet (`Traffic.to_parquet`): its column names; timestamp as a timestamp
    column or unix milliseconds. A row's `position` is its row number."""

    kind = "flights"
    format = "traffic-parquet"
    table = "state_vectors"
    schema = NUMBERED_STATE_VECTORS
    position_unit = "row"
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return parquet_has(path, head, TRAFFIC_SIGNATURE)

    def read(self, path: Path) -> Iterator[Chunk]:
        return in_background(self._chunks(path), depth=2)

    def _chunks(self, path: Path) -> Iterator[Chunk]:
        for part in parquet_parts(path, TRAFFIC_COLUMNS, TRAFFIC_OPTIONAL):
            rows, rejected = traffic_states(Converter(path, "row", part.numbers), part.columns)
            yield Chunk(rows, in_order(rejected), part.position)
