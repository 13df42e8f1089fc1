"""The ingestion framework: pick a reader, then store one file as one transaction.

Guarantees, per file: all rows or none (a failure or a killed process leaves the case as it was),
idempotence (a file whose sha256 is already stored for that kind is a no-op), and every rejected
row counted with its locator and reason.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from hybridwatch.case import Case
from hybridwatch.errors import InputError, UsageError
from hybridwatch.grading import Grade
from hybridwatch.runtime import gc_paused
from hybridwatch.sources import Reader, Rejection, registered
from hybridwatch.sources.base import Chunk, head_bytes

log = logging.getLogger(__name__)

KEPT_REJECTIONS = 100  # messages kept in `sources.rejections`; all are counted

ProgressCallback = Callable[[int, int, int], None]  # (bytes read, rows accepted, rows rejected)


@dataclass
class IngestResult:
    path: str
    kind: str
    format: str
    source_id: int
    sha256: str
    size: int
    grade: str
    accepted: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # rows stored per table
    notes: dict[str, int] = field(default_factory=dict)  # the reader's own counts (Chunk.notes)
    already_ingested: bool = False
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.accepted / self.seconds if self.seconds > 0 else 0.0


def kinds() -> list[str]:
    return sorted(registered())


def readers_for(kind: str, fmt: str | None = None) -> dict[str, Reader]:
    """The readers of `kind` (only `fmt`'s when given); unknown names are usage errors."""
    readers = registered().get(kind)
    if readers is None:
        raise UsageError(f"unknown kind {kind!r}; known kinds: {', '.join(kinds())}")
    if fmt is None:
        return readers
    if fmt not in readers:
        raise UsageError(f"unknown format {fmt!r} for {kind}; known: {', '.join(readers)}")
    return {fmt: readers[fmt]}


def choose_reader(kind: str, path: Path, fmt: str | None = None) -> Reader:
    readers = readers_for(kind, fmt)
    if fmt is not None:
        return readers[fmt]
    head = head_bytes(path)
    for reader in readers.values():
        if reader.sniff(path, head):
            return reader
    raise InputError(
        path, f"cannot tell the format of this {kind} data; give --format ({', '.join(readers)})"
    )


def fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and size of a file, or of a folder's files (names and contents, in order)."""
    digest = hashlib.sha256()
    size = 0
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
                size += len(block)
    return digest.hexdigest(), size


def ingest(
    case: Case,
    kind: str,
    path: Path,
    *,
    fmt: str | None = None,
    grade: Grade | None = None,
    progress: ProgressCallback | None = None,
) -> IngestResult:
    """Store one file (or registry folder) in the case, all or nothing."""
    if not path.exists():
        raise InputError(path, "no such file or folder")
    reader = choose_reader(kind, path, fmt)
    sha256, size = fingerprint(path)
    grade = grade or reader.default_grade
    result = IngestResult(
        str(path), kind, reader.format, 0, sha256, size, str(grade), already_ingested=False
    )
    con = case.con
    existing = con.execute(
        "SELECT id, rows_accepted, rows_rejected FROM sources WHERE kind = ? AND sha256 = ?",
        [kind, sha256],
    ).fetchone()
    if existing:
        result.source_id, result.accepted, result.rejected = existing
        result.already_ingested = True
        return result

    started = time.perf_counter()
    with gc_paused():  # readers' small objects live until their batch is stored
        con.execute("BEGIN TRANSACTION")
        try:
            row = con.execute("SELECT nextval('source_ids')").fetchone()
            assert row is not None
            result.source_id = int(row[0])
            log.info(
                "ingesting %s as %s/%s (source %d)", path, kind, reader.format, result.source_id
            )
            stream = _ChunkStream(reader, path, result, progress)
            while (run := stream.next_run()) is not None:
                table, schema = run
                columns = ", ".join(schema.names)
                con.register("incoming_rows", stream.batches(table, schema))
                try:
                    con.execute(
                        f"INSERT INTO {table} ({columns}, source_id) "
                        f"SELECT {columns}, ? FROM incoming_rows",
                        [result.source_id],
                    )
                except duckdb.Error:
                    stream.raise_reader_error()  # the reader's own error, if it was the reader
                    raise
                finally:
                    con.unregister("incoming_rows")
            if result.accepted == 0:
                first = f"; first problem: {result.rejections[0]}" if result.rejections else ""
                raise InputError(path, f"no valid rows ({result.rejected} rejected{first})")
            con.execute(
                "INSERT INTO sources (id, kind, format, path, sha256, size, ingested_at,"
                " reliability, credibility, rows_accepted, rows_rejected, rejections,"
                " position_unit)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    result.source_id,
                    kind,
                    reader.format,
                    str(path.resolve()),
                    sha256,
                    size,
                    datetime.now(UTC),
                    grade.reliability,
                    grade.credibility,
                    result.accepted,
                    result.rejected,
                    result.rejections,
                    reader.position_unit,
                ],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    result.seconds = time.perf_counter() - started
    return result


def _count_rejections(result: IngestResult, rejected: list[Rejection]) -> None:
    result.rejected += len(rejected)
    room = KEPT_REJECTIONS - len(result.rejections)
    result.rejections.extend(str(r) for r in rejected[:room])


class _ChunkStream:
    """A reader's chunks as Arrow streams, one per run of chunks bound for the same table with
    the same columns, so that each run is one INSERT: DuckDB then stores batches on all cores
    while the reader produces the next ones, and memory holds a few chunks, never the file.

    Rejections and progress are counted as the batches go by. An exception raised by the reader
    inside DuckDB's scan is kept and re-raised as it was (DuckDB would only report its text).
    """

    def __init__(
        self, reader: Reader, path: Path, result: IngestResult, progress: ProgressCallback | None
    ) -> None:
        self._chunks = reader.read(path)
        self._default_table = reader.table
        self._result = result
        self._progress = progress
        self._pending: Chunk | None = None
        self._counted = 0
        self._error: BaseException | None = None

    def _next_chunk(self) -> Chunk | None:
        if self._pending is not None:
            chunk, self._pending = self._pending, None
            return chunk
        return next(self._chunks, None)

    def next_run(self) -> tuple[str, pa.Schema] | None:
        """Target table and columns of the next run of rows; None when the reader is done."""
        while (chunk := self._next_chunk()) is not None:
            if chunk.rows is not None and chunk.rows.num_rows:
                self._pending = chunk
                return chunk.table or self._default_table, chunk.rows.schema
            self._count(chunk, 0)
        return None

    def batches(self, table: str, schema: pa.Schema) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(schema, self._run(table, schema))

    def _run(self, table: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
        try:
            while (chunk := self._next_chunk()) is not None:
                rows = chunk.rows
                if rows is not None and rows.num_rows:
                    if (chunk.table or self._default_table) != table or not rows.schema.equals(
                        schema
                    ):
                        self._pending = chunk  # starts the next run
                        return
                    yield from rows.to_batches()
                    self._result.tables[table] = self._result.tables.get(table, 0) + rows.num_rows
                self._count(chunk, rows.num_rows if rows is not None else 0)
        except BaseException as exc:
            self._error = exc
            raise

    def _count(self, chunk: Chunk, accepted: int) -> None:
        self._result.accepted += accepted
        _count_rejections(self._result, chunk.rejected)
        for note, count in chunk.notes.items():
            self._result.notes[note] = self._result.notes.get(note, 0) + count
        log.debug("chunk %d passed to the store: %d rows", self._counted, accepted)
        self._counted += 1
        if self._progress:
            self._progress(chunk.position, self._result.accepted, self._result.rejected)

    def raise_reader_error(self) -> None:
        if self._error is not None:
            raise self._error
