"""What a reader is: it knows one external format, yields columnar rows, and never writes.

A reader turns a file (or a folder read as one dataset) into `Chunk`s: an Arrow table of rows
for its target table, each row carrying where in the source it came from (a `locator`, or for
numbered state vectors a `position`), plus the rows it had to reject and why. The ingestion
framework (`hybridwatch.ingest`) does the storing.
"""

from __future__ import annotations

import csv
import gzip
import io
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, TypeVar, cast

import pyarrow as pa

from hybridwatch.errors import InputError
from hybridwatch.grading import Grade


@dataclass(frozen=True)
class Rejection:
    where: str  # locator, e.g. "line 12"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Chunk:
    rows: pa.Table | None  # columns named as in the target table, `locator`/`position` included
    rejected: list[Rejection] = field(default_factory=list)
    position: int = 0  # bytes of input consumed so far, for progress
    table: str | None = None  # target table when not the reader's own (e.g. operators)
    # what the reader did besides storing and rejecting rows, counted, e.g.
    # {"continuation lines merged back into their deals": 4}; summed over the file
    notes: dict[str, int] = field(default_factory=dict)


class Reader(ABC):
    kind: ClassVar[str]  # what the rows are: "aircraft", "flights", …
    format: ClassVar[str]  # the external format's name, as given to --format
    table: ClassVar[str]  # the store table the rows go to (a chunk may name another)
    schema: ClassVar[pa.Schema]  # columns of that table the reader fills, locator or position last
    # Set by readers whose rows carry `position` (a number) instead of `locator`: what it counts
    # ("line", "row", "record"); stored once in sources.position_unit.
    position_unit: ClassVar[str | None] = None
    default_grade: ClassVar[Grade]

    @abstractmethod
    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether `path` looks like this format (`head`: its first bytes, decompressed)."""

    @abstractmethod
    def read(self, path: Path) -> Iterator[Chunk]:
        """Rows of `path` in chunks; raise InputError for damage that spoils the whole file."""


GZIP_MAGIC = b"\x1f\x8b"


def open_maybe_gzip(raw: IO[bytes]) -> IO[bytes]:
    """The decompressed content of an open binary file, whether gzip or plain.

    Reading the returned stream advances `raw`, so `raw.tell()` measures progress in the file.
    """
    magic = raw.read(2)
    raw.seek(0)
    return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")) if magic == GZIP_MAGIC else raw


def head_bytes(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file's content (decompressed), or b"" for a folder."""
    if path.is_dir():
        return b""
    try:
        with path.open("rb") as raw:
            return open_maybe_gzip(raw).read(size)
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot read: {exc}") from exc


def numbered_lines(path: Path, stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number, raw line) pairs; damaged compressed data is an InputError for the file."""
    number = 0
    try:
        for raw in stream:
            number += 1
            yield number, raw.rstrip(b"\r\n")
    except (OSError, EOFError) as exc:
        raise InputError(
            path, f"damaged or truncated compressed data ({exc})", f"after line {number}"
        ) from exc


@contextmanager
def csv_errors(path: Path, reader: Any) -> Iterator[None]:
    """Reading a `csv.reader` inside: what goes wrong becomes one InputError naming the line."""
    try:
        yield
    except UnicodeDecodeError as exc:
        where = f"line {reader.line_num + 1}"
        raise InputError(path, f"not UTF-8 text ({exc.reason})", where) from exc
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})", f"line {reader.line_num}") from exc
    except (OSError, EOFError) as exc:
        raise InputError(path, f"damaged or truncated compressed data ({exc})") from exc


class ChunkBuilder:
    """Collects validated rows, one by one or as whole Arrow tables, and hands them out as
    Arrow chunks."""

    def __init__(self, schema: pa.Schema, size: int = 65_536) -> None:
        self.schema = schema
        self.size = size
        self._columns: list[list[object]] = [[] for _ in schema.names]
        self._tables: list[pa.Table] = []
        self._rejected: list[Rejection] = []

    def add(self, *values: object) -> None:
        for column, value in zip(self._columns, values, strict=True):
            column.append(value)

    def add_table(self, table: pa.Table) -> None:
        """Rows already checked, as a table of this builder's schema, after those added so far."""
        self._flush_values()
        self._tables.append(table)

    def reject(self, where: str, reason: str) -> None:
        self._rejected.append(Rejection(where, reason))

    @property
    def full(self) -> bool:
        stored: int = sum(t.num_rows for t in self._tables)
        return len(self._columns[0]) + stored >= self.size

    def _flush_values(self) -> None:
        if self._columns[0]:
            self._tables.append(
                pa.Table.from_arrays(
                    [
                        pa.array(col, type=f.type)
                        for col, f in zip(self._columns, self.schema, strict=True)
                    ],
                    schema=self.schema,
                )
            )
            self._columns = [[] for _ in self.schema.names]

    def take(self, position: int) -> Chunk:
        self._flush_values()
        rows = pa.concat_tables(self._tables) if self._tables else None
        chunk = Chunk(rows, self._rejected, position)
        self._tables = []
        self._rejected = []
        return chunk


_REGISTRY: dict[str, dict[str, Reader]] = {}
R = TypeVar("R", bound=Reader)


def register(reader: type[R]) -> type[R]:
    """Class decorator: make a reader available to `hybridwatch ingest`."""
    formats = _REGISTRY.setdefault(reader.kind, {})
    if reader.format in formats:
        raise RuntimeError(f"two readers for {reader.kind}/{reader.format}")
    formats[reader.format] = reader()
    return reader


def registered() -> dict[str, dict[str, Reader]]:
    """kind → format → reader, for every registered reader."""
    return _REGISTRY


class CsvWithHeader:
    """A CSV file (plain or gzip) with a header row, read with exact line numbers.

    Damage that spoils the file (no header, missing columns, bad UTF-8, broken gzip) raises
    InputError naming the line; a row with the wrong number of fields is the caller's to reject.
    """

    def __init__(self, path: Path, raw: IO[bytes], required: Sequence[str]) -> None:
        self.path = path
        text = io.TextIOWrapper(
            open_maybe_gzip(raw), encoding="utf-8-sig", errors="strict", newline=""
        )
        self._reader = csv.reader(text)
        header = next(self._guarded(), None)
        if header is None:
            raise InputError(path, "empty file")
        self.header = [name.strip().lower() for name in header]
        missing = [name for name in required if name not in self.header]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}", "line 1")
        self.index = {name: i for i, name in enumerate(self.header)}

    def _guarded(self) -> Iterator[list[str]]:
        with csv_errors(self.path, self._reader):
            yield from self._reader

    def rows(self) -> Iterator[tuple[str, list[str] | Rejection]]:
        """(locator, fields) per non-blank row; a Rejection where the field count is wrong."""
        for fields in self._guarded():
            where = f"line {self._reader.line_num}"
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(self.header):
                found = len(fields)
                yield where, Rejection(where, f"expected {len(self.header)} fields, found {found}")
            else:
                yield where, fields
