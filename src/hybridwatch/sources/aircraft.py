"""Aircraft registries: tar1090-db (folder of shards and its CSV form) and OpenSky's database.

Every reader normalises to the `aircraft` table: the ICAO 24-bit address as six lower-case hex
digits, empty strings as NULL, and `military` only where the registry itself says so.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.adsb import OPERATORS
from hybridwatch.sources.base import (
    Chunk,
    ChunkBuilder,
    CsvWithHeader,
    Reader,
    Rejection,
    numbered_lines,
    open_maybe_gzip,
    register,
)

SCHEMA = pa.schema(
    [
        ("icao24", pa.string()),
        ("registration", pa.string()),
        ("typecode", pa.string()),
        ("description", pa.string()),
        ("operator", pa.string()),
        ("built", pa.int16()),
        ("military", pa.bool_()),
        ("locator", pa.string()),
    ]
)
# Community-maintained registries: usually reliable, probably true.
REGISTRY_GRADE = Grade("B", 2)

_HEX6 = re.compile(r"^[0-9a-f]{6}$")
_HEX_PREFIX = re.compile(r"^[0-9A-Fa-f]{1,6}$")
_FLAGS = re.compile(r"^[01]*$")


class _Aircraft:
    """Validation shared by the registry readers; one instance per file read."""

    def __init__(self) -> None:
        self.rows = ChunkBuilder(SCHEMA)
        self.seen: dict[str, str] = {}

    def add(
        self,
        where: str,
        icao24: str,
        registration: str | None,
        typecode: str | None,
        description: str | None,
        operator: str | None,
        built: str | None,
        military: bool | None,
    ) -> None:
        address = icao24.strip().lower()
        if not _HEX6.match(address):
            self.rows.reject(where, f"ICAO address {icao24!r} is not six hex digits")
            return
        if address in self.seen:
            self.rows.reject(where, f"address {address} already given at {self.seen[address]}")
            return
        year = None
        if built:
            text = built.strip()[:4]
            if not (text.isdigit() and 1900 <= int(text) <= 2100):
                self.rows.reject(where, f"year built {built!r} is not a year")
                return
            year = int(text)
        self.seen[address] = where
        self.rows.add(
            address,
            _clean(registration),
            _clean(typecode, upper=True),
            _clean(description),
            _clean(operator),
            year,
            military,
            where,
        )


def _clean(value: str | None, *, upper: bool = False) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    return text.upper() if upper else text


def _military_from_flags(flags: str | None) -> bool | None:
    """tar1090-db flags: character 0 = military, 1 = interesting, 2 = PIA, 3 = LADD."""
    return None if not flags else flags[0] == "1"


def _shard_folder(path: Path) -> Path:
    return path / "db" if (path / "db").is_dir() else path


def _shards(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.glob("*.js") if _HEX_PREFIX.match(p.stem)),
        key=lambda p: (len(p.stem), p.stem.upper()),
    )


@register
class Tar1090DbReader(Reader):
    """tar1090-db's folder layout: `db/<HEX>.js` shards of gzip JSON keyed by the rest of the
    address, values `[registration, typecode, flags, description]`."""

    kind = "aircraft"
    format = "tar1090-db"
    table = "aircraft"
    schema = SCHEMA
    default_grade = REGISTRY_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.is_dir() and bool(_shards(_shard_folder(path)))

    def read(self, path: Path) -> Iterator[Chunk]:
        folder = _shard_folder(path)
        out = _Aircraft()
        position = 0
        for shard in _shards(folder):
            data = shard.read_bytes()
            position += len(data)
            label = shard.relative_to(path).as_posix() if shard.is_relative_to(path) else shard.name
            entries = _load_shard(shard, data)
            prefix = shard.stem.lower()
            for key, value in entries.items():
                if key == "children":
                    continue
                where = f"{label} {key}"
                if not (isinstance(value, list) and len(value) >= 4):
                    out.rows.reject(where, "entry is not [registration, type, flags, description]")
                    continue
                registration, typecode, flags, description = value[:4]
                if not all(v is None or isinstance(v, str) for v in value[:4]):
                    out.rows.reject(where, "entry fields must be strings or null")
                    continue
                if flags and not _FLAGS.match(flags):
                    out.rows.reject(where, f"flags {flags!r} are not 0/1 characters")
                    continue
                out.add(
                    where,
                    prefix + key,
                    registration,
                    typecode,
                    description,
                    None,
                    None,
                    _military_from_flags(flags),
                )
                if out.rows.full:
                    yield out.rows.take(position)
            yield out.rows.take(position)
        operators = folder / "operators.js"
        if operators.is_file():
            yield _operators_chunk(operators, path, position)


# ICAO designators are three letters; the registry also lists FAA special designators
# (NASA, FEMA, "FIRE LEAD"), which are kept.
_DESIGNATOR = re.compile(r"^[A-Z][A-Z0-9 ]{1,15}$")


def _operators_chunk(shard: Path, root: Path, position: int) -> Chunk:
    """tar1090-db's `operators.js`: ICAO airline designator → {n: name, c: country, r: radio}."""
    label = shard.relative_to(root).as_posix() if shard.is_relative_to(root) else shard.name
    rows = ChunkBuilder(OPERATORS)
    for designator, value in _load_shard(shard, shard.read_bytes()).items():
        where = f"{label} {designator}"
        if not _DESIGNATOR.match(designator):
            rows.reject(where, f"designator {designator!r} is not capital letters")
        elif not isinstance(value, dict):
            rows.reject(where, "entry is not an object {n, c, r}")
        else:
            fields = [value.get(k) for k in ("n", "c", "r")]
            name, country, telephony = (f if isinstance(f, str) and f else None for f in fields)
            rows.add(designator, name, country, telephony, where)
    chunk = rows.take(position)
    chunk.table = "operators"
    return chunk


def _load_shard(shard: Path, data: bytes) -> dict[str, object]:
    try:
        text = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    except (EOFError, OSError, zlib.error) as exc:
        raise InputError(shard, f"truncated or damaged gzip data ({exc})") from exc
    try:
        entries = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(shard, f"not valid JSON ({exc})") from exc
    if not isinstance(entries, dict):
        raise InputError(shard, "expected a JSON object keyed by address")
    return entries


@register
class Tar1090CsvReader(Reader):
    """tar1090-db's `aircraft.csv.gz`: `icao;reg;type;flags;desc;year;ownop;`, no header."""

    kind = "aircraft"
    format = "tar1090-csv"
    table = "aircraft"
    schema = SCHEMA
    default_grade = REGISTRY_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0].split(b";")
        return len(first) >= 7 and bool(re.match(rb"^[0-9A-Fa-f]{6}$", first[0].strip()))

    def read(self, path: Path) -> Iterator[Chunk]:
        out = _Aircraft()
        with path.open("rb") as raw:
            stream = open_maybe_gzip(raw)
            for number, line in numbered_lines(path, stream):
                where = f"line {number}"
                if not line.strip():
                    continue
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    out.rows.reject(where, f"not UTF-8 text ({exc.reason})")
                    continue
                fields = text.split(";")
                if len(fields) < 7:
                    out.rows.reject(
                        where, f"expected 7 fields separated by ';', found {len(fields)}"
                    )
                    continue
                icao, reg, typecode, flags, desc, year, ownop = fields[:7]
                if flags and not _FLAGS.match(flags):
                    out.rows.reject(where, f"flags {flags!r} are not 0/1 characters")
                    continue
                out.add(where, icao, reg, typecode, desc, ownop, year, _military_from_flags(flags))
                if out.rows.full:
                    yield out.rows.take(raw.tell())
            yield out.rows.take(raw.tell())


OPENSKY_REQUIRED = ("icao24", "registration", "typecode")


@register
class OpenSkyAircraftReader(Reader):
    """OpenSky Network's `aircraftDatabase.csv` (quoted CSV with a header row)."""

    kind = "aircraft"
    format = "opensky"
    table = "aircraft"
    schema = SCHEMA
    default_grade = REGISTRY_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        header = head.split(b"\n", 1)[0].lower()
        return all(name.encode() in header for name in OPENSKY_REQUIRED)

    def read(self, path: Path) -> Iterator[Chunk]:
        out = _Aircraft()
        with path.open("rb") as raw:
            table = CsvWithHeader(path, raw, OPENSKY_REQUIRED)

            def get(fields: list[str], name: str) -> str | None:
                i = table.index.get(name)
                return fields[i] if i is not None else None

            for where, fields in table.rows():
                if isinstance(fields, Rejection):
                    out.rows.reject(fields.where, fields.reason)
                    continue
                maker = " ".join(
                    filter(None, (get(fields, "manufacturername"), get(fields, "model")))
                )
                out.add(
                    where,
                    get(fields, "icao24") or "",
                    get(fields, "registration"),
                    get(fields, "typecode"),
                    maker,
                    get(fields, "operator") or get(fields, "owner"),
                    get(fields, "built"),
                    None,
                )
                if out.rows.full:
                    yield out.rows.take(raw.tell())
            yield out.rows.take(raw.tell())
