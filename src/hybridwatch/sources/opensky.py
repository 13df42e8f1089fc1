"""OpenSky Network flight data: the public `states` CSV, the same columns in Parquet, flight lists.

This module also holds the vectorised machinery the columnar flight readers share (see
`traffic_formats`), because per-row Python cannot reach the ingest rate the project needs:

- `csv_parts` streams a CSV through pyarrow and still knows the physical line of every row;
- `Converter` turns columns of any Arrow type into stored units (docs/units.md) and sets aside,
  with a reason, the rows whose values cannot be read, instead of failing the whole file.

OpenSky gives unix seconds, metres and metres per second; the stored units are feet, knots and
feet per minute.
"""

from __future__ import annotations

import queue
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

from hybridwatch.errors import InputError
from hybridwatch.sources.adsb import (
    ADSB_GRADE,
    FPM_PER_MS,
    FT_PER_M,
    KT_PER_MS,
    NUMBERED_STATE_VECTORS,
    REPORTED_FLIGHTS,
    checked_states,
)
from hybridwatch.sources.base import GZIP_MAGIC, Chunk, Reader, Rejection, head_bytes, register

Column = Any  # a pyarrow Array or ChunkedArray (pyarrow has no type hints)
TimeUnit = Literal["s", "auto"]
T = TypeVar("T")

CHUNK_ROWS = 262_144
# pyarrow parses CSV fastest in blocks of about 1 MiB; its batches are merged into chunks.
CSV_BLOCK_BYTES = 1 << 20
FIRST_PART_ROWS = 16_384
NULL_TEXT = ["", "NULL", "null", "NaN", "nan"]
MAX_TIME_MS = 4_102_444_800_000  # 2100-01-01; later or negative times are not real unix times

STATES_COLUMNS = (
    "time",
    "icao24",
    "lat",
    "lon",
    "velocity",
    "heading",
    "vertrate",
    "callsign",
    "onground",
    "squawk",
    "baroaltitude",
    "geoaltitude",
)
# Enough to recognise a states file, so that one missing another column gets a precise error.
STATES_SIGNATURE = ("time", "icao24", "lat", "lon")
FLIGHTLIST_COLUMNS = ("icao24", "origin", "destination", "firstseen", "lastseen")

_HEX6 = "^[0-9a-f]{6}$"
_SQUAWK_NUMBER = r"^(\d{1,4})(\.0*)?$"
_ZONED = r"[T ]\d\d:\d\d.*([zZ]|[+-]\d\d(:?\d\d)?)$"


# --- positions and masks ---------------------------------------------------------------------

_iota_cache: list[Any] = [pa.array([], pa.int64())]


def iota(start: int, count: int) -> Any:
    """int64 [start, start + count), from a cached range so that no Python loop runs per row."""
    base = _iota_cache[0]
    if len(base) < count:
        base = pa.array(range(max(count, CHUNK_ROWS)), pa.int64())
        _iota_cache[0] = base
    return pc.add(base.slice(0, count), pa.scalar(start, pa.int64()))


def positions_mask(size: int, positions: Sequence[int]) -> Any:
    """A boolean array true at `positions` (only built on the rare paths with bad rows)."""
    flags = [False] * size
    for position in positions:
        flags[position] = True
    return pa.array(flags, pa.bool_())


def locators(prefix: str, numbers: Column) -> Any:
    """`prefix N` for every number, e.g. "line 12", built vectorised."""
    return pc.binary_join_element_wise(prefix + " ", pc.cast(numbers, pa.string()), "")


def _place(rejection: Rejection) -> int:
    tail = rejection.where.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def in_order(rejections: list[Rejection]) -> list[Rejection]:
    """Rejections by position in the file, so the first ones kept by ingest are the first lines."""
    return sorted(rejections, key=_place)


# --- lenient conversion ----------------------------------------------------------------------


# What each cast can accept at all: values of another shape fail without being tried one by one.
NUMBER_SHAPE = r"^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$"
FLAG_SHAPE = "^(true|false|1|0)$"
DATE_SHAPE = r"^\d{4}-\d\d-\d\d"


def cast_each(values: Column, target: Any, shape: str | None = None) -> tuple[Any, list[int]]:
    """`values` cast to `target`, and the positions of the values that cannot be (null there).

    Arrow's cast is all-or-nothing. On failure, values not of `shape` (a regex, any case) fail
    at once; among the rest, halve until the culprits are found. A bad chunk so costs a few
    vectorised passes plus O(bad × log rows) casts, never a Python loop over every value.
    """
    try:
        return pc.cast(values, target), []
    except pa.ArrowInvalid:
        pass
    size = len(values)
    failed: list[int] = []
    if shape is not None:
        misfits = pc.invert(
            pc.fill_null(pc.match_substring_regex(values, shape, ignore_case=True), True)
        )
        failed = pc.indices_nonzero(misfits).to_pylist()
        values = pc.if_else(misfits, pa.scalar(None, values.type), values)
        try:
            return pc.cast(values, target), failed
        except pa.ArrowInvalid:
            pass
    pending = [(values, 0)]
    while pending:
        part, offset = pending.pop()
        try:
            pc.cast(part, target)
        except pa.ArrowInvalid:
            if len(part) == 1:
                failed.append(offset)
            else:
                half = len(part) // 2
                pending.append((part.slice(half), offset + half))
                pending.append((part.slice(0, half), offset))
    failed.sort()
    cleared = pc.if_else(positions_mask(size, failed), pa.scalar(None, values.type), values)
    return pc.cast(cleared, target), failed


def _decoded(values: Column) -> Any:
    """Dictionary-encoded columns (common in Parquet) as plain ones."""
    if pa.types.is_dictionary(values.type):
        return pc.cast(values, values.type.value_type)
    return values


def _is_text(kind: Any) -> bool:
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_binary(kind)
        or pa.types.is_large_binary(kind)
    )


def _is_number(kind: Any) -> bool:
    return bool(
        pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
    )


def _shown(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return repr(value)


def _null(kind: Any) -> Any:
    return pa.scalar(None, kind)


def unquoted(values: Column) -> Any:
    """Text with CSV double quotes removed; the CSV is split without quote handling (see
    `csv_parts`), so tools that quote every field (pandas with QUOTE_ALL) still read."""
    if not _is_text(values.type) or not pc.any(pc.starts_with(values, '"')).as_py():
        return values
    inner = pc.replace_substring_regex(values, pattern=r'^"(.*)"$', replacement=r"\1")
    return pc.replace_substring(inner, pattern='""', replacement='"')


def trimmed_or_null(values: Column) -> Any:
    text = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(text, ""), _null(pa.string()), text)


@dataclass
class Converter:
    """Reads one chunk's columns into stored units.

    A value that cannot be read sets its row aside with the first reason found, so one garbage
    row costs one rejection, not the file. `finish` drops those rows and reports them.
    """

    path: Path
    unit: str  # what `numbers` count: "line", "row", "record"
    numbers: Column  # int64, each row's place in the source
    reasons: dict[int, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.numbers)

    def set_aside(self, values: Column, rows: Sequence[int], why: Callable[[str], str]) -> None:
        for row in rows:
            self.reasons.setdefault(row, why(_shown(values[row].as_py())))

    def _wrong_type(self, label: str, kind: Any, wanted: str) -> InputError:
        return InputError(self.path, f"column {label} holds {kind}, not {wanted}")

    def text(self, values: Column, label: str) -> Any:
        """UTF-8 text as given (callers trim where it matters)."""
        values = _decoded(values)
        kind = values.type
        if pa.types.is_string(kind):
            return values
        if pa.types.is_null(kind):
            return pc.cast(values, pa.string())
        if _is_text(kind):
            text, failed = cast_each(values, pa.string())
            self.set_aside(values, failed, lambda v: f"{label} {v} is not UTF-8 text")
            return text
        if _is_number(kind) or pa.types.is_boolean(kind):
            return pc.cast(values, pa.string())
        raise self._wrong_type(label, kind, "text")

    def number(self, values: Column, label: str, scale: float | None = None) -> Any:
        """float64; NaN (how pandas writes a missing value) becomes null, infinity is refused."""
        values = _decoded(values)
        kind = values.type
        if pa.types.is_null(kind):
            return pc.cast(values, pa.float64())
        if _is_number(kind):
            out = pc.cast(values, pa.float64())
        elif _is_text(kind):
            out, failed = cast_each(values, pa.float64(), NUMBER_SHAPE)  # bad UTF-8 too
            self.set_aside(values, failed, lambda v: f"{label} {v} is not a number")
        else:
            raise self._wrong_type(label, kind, "numbers")
        if pa.types.is_floating(out.type) and not pa.types.is_integer(kind):
            infinite = pc.is_inf(out)
            if pc.any(infinite).as_py():
                rows = pc.indices_nonzero(infinite).to_pylist()
                self.set_aside(values, rows, lambda v: f"{label} {v} is not a finite number")
                out = pc.if_else(infinite, _null(pa.float64()), out)
            nan = pc.is_nan(out)
            if pc.any(nan).as_py():
                out = pc.if_else(nan, _null(pa.float64()), out)
        return pc.multiply(out, scale) if scale is not None else out

    def flag(self, values: Column, label: str) -> Any:
        """bool from true/false (any case), 1/0 or a boolean column."""
        values = _decoded(values)
        kind = values.type
        if pa.types.is_boolean(kind):
            return values
        if pa.types.is_null(kind):
            return pc.cast(values, pa.bool_())
        if _is_number(kind):
            return pc.not_equal(values, 0)
        if _is_text(kind):
            text = pc.utf8_trim_whitespace(self.text(values, label))
            text = pc.if_else(pc.equal(text, ""), _null(pa.string()), text)
            out, failed = cast_each(text, pa.bool_(), FLAG_SHAPE)
            self.set_aside(values, failed, lambda v: f"{label} {v} is not true or false")
            return out
        raise self._wrong_type(label, kind, "true/false")

    def squawk(self, values: Column, label: str) -> Any:
        """Four digits, zero-padded: numeric columns lose leading zeros (and gain ".0")."""
        values = _decoded(values)
        if pa.types.is_floating(values.type):
            values = pc.if_else(pc.is_nan(values), _null(values.type), values)
        text = trimmed_or_null(self.text(values, label))
        # bytes, not characters: cheaper, and four bytes that are not four digits stay as given
        lengths = pc.min_max(pc.binary_length(text)).as_py()
        if lengths["min"] in (None, 4) and lengths["max"] in (None, 4):
            return text  # the usual case: nothing to normalise
        digits = pc.match_substring_regex(text, _SQUAWK_NUMBER)
        number = pc.replace_substring_regex(text, pattern=_SQUAWK_NUMBER, replacement=r"\1")
        padded = pc.utf8_lpad(number, width=4, padding="0")
        return pc.if_else(pc.fill_null(digits, False), padded, text)

    def time(self, values: Column, label: str, unit: TimeUnit) -> Any:
        """timestamp[ms] from a timestamp column, unix time in `unit`, or ISO 8601 text.

        `unit="auto"` tells seconds, milliseconds, microseconds and nanoseconds apart by
        magnitude: for any time after 1973 the ranges do not overlap.
        """
        values = _decoded(values)
        kind = values.type
        if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
            ms = pc.cast(pc.cast(values, pa.timestamp("ms"), safe=False), pa.int64())
            ms = pc.cast(ms, pa.float64())
        elif pa.types.is_null(kind):
            return pc.cast(values, pa.timestamp("ms"))
        elif _is_number(kind):
            ms = _unix_ms(pc.cast(values, pa.float64()), unit)
        elif _is_text(kind):
            numbers, not_numbers = cast_each(values, pa.float64(), NUMBER_SHAPE)
            ms = _unix_ms(numbers, unit)
            if not_numbers:  # ISO dates, or numbers with spaces around them
                rest = pc.if_else(
                    positions_mask(len(values), not_numbers), values, _null(values.type)
                )
                text = trimmed_or_null(self.text(rest, label))
                numbers, dates = cast_each(text, pa.float64(), NUMBER_SHAPE)
                parsed, failed = iso_ms(
                    pc.if_else(positions_mask(len(text), dates), text, _null(pa.string()))
                )
                ms = pc.coalesce(ms, _unix_ms(numbers, unit), pc.cast(parsed, pa.float64()))
                self.set_aside(
                    values, failed, lambda v: f"{label} {v} is not a unix time or ISO 8601 date"
                )
        else:
            raise self._wrong_type(label, kind, "times")
        ms = pc.if_else(pc.is_nan(ms), _null(pa.float64()), ms)  # pandas' missing value
        outside = pc.fill_null(
            pc.or_(pc.less(ms, 0), pc.greater_equal(ms, float(MAX_TIME_MS))), False
        )
        if pc.any(outside).as_py():
            rows = pc.indices_nonzero(outside).to_pylist()
            self.set_aside(values, rows, lambda v: f"{label} {v} is not a plausible time")
            ms = pc.if_else(outside, _null(pa.float64()), ms)
        return pc.cast(pc.cast(pc.round(ms), pa.int64()), pa.timestamp("ms"))

    def finish(
        self, schema: pa.Schema, columns: Mapping[str, Column]
    ) -> tuple[Any, list[Rejection]]:
        """The chunk as `schema` without the rows set aside, and why they were.

        The schema's last column places the rows: `position` takes the numbers as they are;
        `locator` (reported flights: too few rows for the saving to matter) gets "line 12".
        """
        *fields, place = schema
        arrays = [pc.cast(columns[f.name], f.type) for f in fields]
        where = self.numbers if place.name == "position" else locators(self.unit, self.numbers)
        table = pa.Table.from_arrays([*arrays, where], schema=schema)
        if not self.reasons:
            return table, []
        rows = sorted(self.reasons)
        keep = pc.invert(positions_mask(self.rows, rows))
        rejected = [
            Rejection(f"{self.unit} {self.numbers[r].as_py()}", self.reasons[r]) for r in rows
        ]
        return table.filter(keep), rejected


def _unix_ms(numbers: Column, unit: TimeUnit) -> Any:
    if unit == "s":
        return pc.multiply(numbers, 1000.0)
    size = pc.abs(numbers)
    factor = pc.if_else(
        pc.less(size, 1e11),
        1000.0,
        pc.if_else(pc.less(size, 1e14), 1.0, pc.if_else(pc.less(size, 1e17), 1e-3, 1e-6)),
    )
    return pc.multiply(numbers, factor)


def iso_ms(text: Column) -> tuple[Any, list[int]]:
    """Unix milliseconds from ISO 8601 text (zone offset optional; none means UTC), and the
    positions that are not such dates."""
    zoned = pc.fill_null(pc.match_substring_regex(text, _ZONED), False)
    local, local_failed = cast_each(
        pc.if_else(zoned, _null(pa.string()), text), pa.timestamp("ns"), DATE_SHAPE
    )
    utc, utc_failed = cast_each(
        pc.if_else(zoned, text, _null(pa.string())), pa.timestamp("ns", "UTC"), DATE_SHAPE
    )
    both = pc.coalesce(local, pc.cast(utc, pa.timestamp("ns")))
    ms = pc.cast(pc.cast(both, pa.timestamp("ms"), safe=False), pa.int64())
    return ms, sorted(local_failed + utc_failed)


# --- CSV with exact line numbers -------------------------------------------------------------


def header_names(line: bytes) -> list[str]:
    """Column names of a CSV header line: trimmed, unquoted, lower case, unique and non-empty."""
    text = line.decode("utf-8-sig", "replace")
    names: list[str] = []
    for number, raw in enumerate(text.split(","), start=1):
        name = raw.strip().strip('"').strip().lower() or f"column {number}"
        while name in names:
            name += "_"
        names.append(name)
    return names


def first_line(head: bytes) -> bytes:
    return re.split(rb"\r\n|\n|\r", head, maxsplit=1)[0]


@dataclass
class CsvPart:
    """Rows of a CSV as raw (binary) columns by header name, with their physical line numbers."""

    columns: dict[str, Column]
    lines: Column
    rejected: list[Rejection]
    position: int

    @property
    def rows(self) -> int:
        return len(self.lines)


class _InvalidRows:
    """pyarrow's `invalid_row_handler`, on the parsing thread: the lines it did not return as
    rows (numbered exactly when it parses on one thread) and rejections for the non-blank ones."""

    def __init__(self) -> None:
        self.skipped: list[int] = []
        self.rejected: list[Rejection] = []
        self.unnumbered = False

    def __call__(self, row: Any) -> str:
        if row.number is None:
            self.unnumbered = True
        else:
            self.skipped.append(row.number)
            if row.text.strip():  # whitespace-only lines are blank lines
                self.rejected.append(
                    Rejection(
                        f"line {row.number}",
                        f"expected {row.expected_columns} fields, found {row.actual_columns}",
                    )
                )
        return "skip"

    def drain(self) -> tuple[list[int], list[Rejection]]:
        drained = self.skipped, self.rejected
        self.skipped, self.rejected = [], []
        return drained


@dataclass
class _Parsed:
    """One read by the parsing thread: a batch (None at the end of the file), the lines pyarrow
    skipped meanwhile, their rejections, and compressed bytes consumed so far."""

    batch: Any
    skipped: list[int]
    rejected: list[Rejection]
    position: int


class _LineNumbers:
    """Physical line numbers for the rows pyarrow returns.

    pyarrow numbers only the rows it hands to the invalid-row handler (header, blank and CRLF
    lines all count) and returns every other line as a row, in order; so the valid rows fill the
    gaps between the skipped lines. Blank lines come back as rows of nulls (with
    `ignore_empty_lines=False`), which keeps the count right.
    """

    def __init__(self, path: Path, first: int) -> None:
        self.path = path
        self.next_line = first
        self.skipped: deque[int] = deque()

    def add_skipped(self, lines: list[int]) -> None:
        if lines and self.skipped and lines[0] <= self.skipped[-1]:
            raise InputError(self.path, "pyarrow skipped lines out of order; cannot number lines")
        self.skipped.extend(lines)

    def number(self, rows: int) -> Any:
        pieces = []
        line = self.next_line
        done = 0
        while done < rows:
            while self.skipped and self.skipped[0] <= line:
                if self.skipped.popleft() < line:
                    raise InputError(self.path, f"line numbering lost near line {line}")
                line += 1
            room = self.skipped[0] - line if self.skipped else rows - done
            take = min(rows - done, room)
            pieces.append(iota(line, take))
            done += take
            line += take
        self.next_line = line
        return pa.chunked_array(pieces, pa.int64())


_END = object()


def in_background(items: Iterator[T], depth: int) -> Iterator[T]:
    """`items`, produced on another thread up to `depth` ahead.

    pyarrow and DuckDB release the GIL, so on two cores parsing, converting and storing overlap.
    Exceptions reach the consumer; closing the result stops the producer and closes `items`.
    """
    handed: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: object) -> None:
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for item in items:
                hand_over(item)
                if stop.is_set():
                    break
            hand_over(_END)
        except BaseException as exc:
            hand_over(exc)
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    producer = threading.Thread(target=produce, name="hybridwatch reader", daemon=True)
    producer.start()
    try:
        while True:
            item = handed.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        producer.join()


def _parse_csv(path: Path, names: list[str]) -> Iterator[_Parsed]:
    """pyarrow's batches, with the lines it skipped while reading each."""
    invalid = _InvalidRows()
    with pa.OSFile(str(path)) as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = pa.CompressedInputStream(raw, "gzip") if compressed else raw
        reader = pv.open_csv(
            stream,
            read_options=pv.ReadOptions(
                use_threads=False,  # with threads, pyarrow does not number invalid rows
                block_size=CSV_BLOCK_BYTES,
                column_names=names,
                skip_rows=1,
            ),
            parse_options=pv.ParseOptions(
                quote_char=False, ignore_empty_lines=False, invalid_row_handler=invalid
            ),
            convert_options=pv.ConvertOptions(
                column_types={name: pa.binary() for name in names},
                null_values=NULL_TEXT,
                strings_can_be_null=True,
            ),
        )
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                batch = None
            if invalid.unnumbered:
                raise InputError(path, "pyarrow did not number the invalid rows")
            yield _Parsed(batch, *invalid.drain(), raw.tell())
            if batch is None:
                return


def csv_parts(
    path: Path, required: Sequence[str], rows_per_part: int | None = None
) -> Iterator[CsvPart]:
    """A header CSV (plain or gzip) in parts of about `rows_per_part` rows, every column raw.

    Values are left as binary for `Converter`: pyarrow's own typed conversion is slower and fails
    the whole file on one bad value or one invalid UTF-8 byte. Quotes are not interpreted
    (`quote_char=False`), so a row is always one physical line and line numbers stay exact; a
    quoted comma yields a wrong field count and is rejected on its line. Rows with no value at all
    (blank lines, lines of commas) are skipped like blank lines.
    """
    head = head_bytes(path, 1 << 16)
    names = header_names(first_line(head))
    if names == ["column 1"]:
        raise InputError(path, "empty file or no header", "line 1")
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", "line 1")
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
    damage = "damaged or truncated compressed data" if compressed else "unreadable CSV"
    numbering = _LineNumbers(path, first=2)
    rows_per_part = rows_per_part or CHUNK_ROWS
    # the first parts are small, so that storing starts while the rest is parsed
    goal = min(FIRST_PART_ROWS, rows_per_part)
    batches: list[Any] = []
    rejected: list[Rejection] = []
    rows = 0
    try:
        for item in in_background(_parse_csv(path, names), depth=32):
            numbering.add_skipped(item.skipped)
            rejected += item.rejected
            if item.batch is not None and item.batch.num_rows:
                batches.append(item.batch)
                rows += item.batch.num_rows
            if item.batch is None or rows >= goal:
                yield _part(names, batches, numbering, rejected, item.position)
                batches, rejected, rows = [], [], 0
                goal = min(2 * goal, rows_per_part)
    except (OSError, pa.ArrowException) as exc:
        where = f"after line {numbering.next_line - 1}"
        raise InputError(path, f"{damage} ({exc})", where) from exc


def _part(
    names: list[str],
    batches: list[Any],
    numbering: _LineNumbers,
    rejected: list[Rejection],
    position: int,
) -> CsvPart:
    if not batches:
        return CsvPart({}, pa.array([], pa.int64()), rejected, position)
    table = pa.Table.from_batches(batches)
    lines = numbering.number(table.num_rows)
    if table.column(0).null_count:
        blank = pc.is_null(table.column(0))
        for column in table.columns[1:]:
            blank = pc.and_(blank, pc.is_null(column))
        if pc.any(blank).as_py():
            keep = pc.invert(blank)
            table, lines = table.filter(keep), pc.filter(lines, keep)
    columns = {name: table.column(i) for i, name in enumerate(names)}
    return CsvPart(columns, lines, rejected, position)


def csv_header_has(head: bytes, names: Sequence[str]) -> bool:
    header = header_names(first_line(head))
    return all(name in header for name in names)


# --- Parquet ---------------------------------------------------------------------------------


def parquet_has(path: Path, head: bytes, names: Sequence[str]) -> bool:
    if not head.startswith(b"PAR1"):
        return False
    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException):
        return False
    present = {name.lower() for name in schema.names}
    return all(name in present for name in names)


@dataclass
class ParquetPart:
    columns: dict[str, Column]  # by lower-case column name
    numbers: Column  # row numbers, from 1
    position: int


def parquet_parts(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[ParquetPart]:
    """Batches of a Parquet file's wanted columns; rows are numbered from 1 in file order."""
    try:
        parquet = pq.ParquetFile(path)
        names = {name.lower(): name for name in parquet.schema_arrow.names}
    except (OSError, pa.ArrowException) as exc:
        raise InputError(path, f"not a readable Parquet file ({exc})") from exc
    missing = [name for name in required if name not in names]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", "schema")
    wanted = [name for name in (*required, *optional) if name in names]
    total = max(parquet.metadata.num_rows, 1)
    size = path.stat().st_size
    done = 0
    try:
        for batch in parquet.iter_batches(
            batch_size=CHUNK_ROWS, columns=[names[name] for name in wanted]
        ):
            rows = batch.num_rows
            columns = {name: batch.column(i) for i, name in enumerate(wanted)}
            yield ParquetPart(columns, iota(done + 1, rows), size * (done + rows) // total)
            done += rows
    except (OSError, pa.ArrowException) as exc:
        raise InputError(path, f"damaged Parquet data ({exc})", f"after row {done}") from exc
    finally:
        parquet.close()


# --- OpenSky readers -------------------------------------------------------------------------


def opensky_states(conv: Converter, columns: Mapping[str, Column]) -> tuple[Any, list[Rejection]]:
    """State vectors from OpenSky's columns (seconds, metres, m/s), validated."""
    table, rejected = conv.finish(
        NUMBERED_STATE_VECTORS,
        {
            "time": conv.time(columns["time"], "time", "s"),
            "icao24": conv.text(columns["icao24"], "icao24"),
            "callsign": conv.text(columns["callsign"], "callsign"),
            "lat": conv.number(columns["lat"], "lat"),
            "lon": conv.number(columns["lon"], "lon"),
            "altitude_ft": conv.number(columns["baroaltitude"], "baroaltitude", FT_PER_M),
            "geoaltitude_ft": conv.number(columns["geoaltitude"], "geoaltitude", FT_PER_M),
            "groundspeed_kt": conv.number(columns["velocity"], "velocity", KT_PER_MS),
            "track_deg": conv.number(columns["heading"], "heading"),
            "vertical_rate_fpm": conv.number(columns["vertrate"], "vertrate", FPM_PER_MS),
            "on_ground": conv.flag(columns["onground"], "onground"),
            "squawk": conv.squawk(columns["squawk"], "squawk"),
            "new_leg": pa.nulls(conv.rows, pa.bool_()),
        },
    )
    good, invalid = checked_states(table, conv.unit)
    return good, rejected + invalid


@register
class OpenSkyStatesReader(Reader):
    """OpenSky's public `states` CSV (the Impala `state_vectors_data4` columns), plain or gzip."""

    kind = "flights"
    format = "opensky-states"
    table = "state_vectors"
    schema = NUMBERED_STATE_VECTORS
    position_unit = "line"
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return csv_header_has(head, STATES_SIGNATURE)

    def read(self, path: Path) -> Iterator[Chunk]:
        return in_background(self._chunks(path), depth=2)

    def _chunks(self, path: Path) -> Iterator[Chunk]:
        for part in csv_parts(path, STATES_COLUMNS):
            if not part.rows:
                yield Chunk(None, part.rejected, part.position)
                continue
            conv = Converter(path, "line", part.lines)
            rows, rejected = opensky_states(conv, part.columns)
            yield Chunk(rows, in_order(part.rejected + rejected), part.position)


@register
class OpenSkyParquetReader(Reader):
    """The `states` columns in Parquet, as pyopensky and OpenSky's Trino database export them."""

    kind = "flights"
    format = "opensky-parquet"
    table = "state_vectors"
    schema = NUMBERED_STATE_VECTORS
    position_unit = "row"
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return parquet_has(path, head, STATES_SIGNATURE)

    def read(self, path: Path) -> Iterator[Chunk]:
        return in_background(self._chunks(path), depth=2)

    def _chunks(self, path: Path) -> Iterator[Chunk]:
        for part in parquet_parts(path, STATES_COLUMNS):
            rows, rejected = opensky_states(Converter(path, "row", part.numbers), part.columns)
            yield Chunk(rows, in_order(rejected), part.position)


@register
class OpenSkyFlightListReader(Reader):
    """OpenSky's flight lists (`callsign,number,icao24,registration,typecode,origin,destination,
    firstseen,lastseen,day,...`): what OpenSky claims each flight was, kept as reported."""

    kind = "flights"
    format = "opensky-flightlist"
    table = "reported_flights"
    schema = REPORTED_FLIGHTS
    default_grade = ADSB_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return csv_header_has(head, ("icao24", "firstseen", "lastseen"))

    def read(self, path: Path) -> Iterator[Chunk]:
        for part in csv_parts(path, FLIGHTLIST_COLUMNS):
            if not part.rows:
                yield Chunk(None, part.rejected, part.position)
                continue
            conv = Converter(path, "line", part.lines)
            rows, rejected = _flights(conv, part.columns)
            yield Chunk(rows, in_order(part.rejected + rejected), part.position)


def _flights(conv: Converter, columns: Mapping[str, Column]) -> tuple[Any, list[Rejection]]:
    def text(name: str) -> Any:
        values = columns.get(name)
        if values is None:
            return pa.nulls(conv.rows, pa.string())
        return trimmed_or_null(unquoted(conv.text(values, name)))

    icao24 = pc.utf8_lower(text("icao24"))
    wrong = pc.invert(pc.fill_null(pc.match_substring_regex(icao24, _HEX6), False))
    if pc.any(wrong).as_py():
        rows = pc.indices_nonzero(wrong).to_pylist()
        conv.set_aside(icao24, rows, lambda v: f"ICAO address {v} is not six hex digits")
    return conv.finish(
        REPORTED_FLIGHTS,
        {
            "icao24": icao24,
            "callsign": text("callsign"),
            "registration": text("registration"),
            "typecode": pc.utf8_upper(text("typecode")),
            "origin": text("origin"),
            "destination": text("destination"),
            "first_seen": conv.time(unquoted(columns["firstseen"]), "firstseen", "s"),
            "last_seen": conv.time(unquoted(columns["lastseen"]), "lastseen", "s"),
        },
    )
