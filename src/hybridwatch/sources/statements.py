"""Statements (`hybridwatch ingest statements`): what an actor said, when, in which words.

Every statements reader fills the `STATEMENTS` columns of the `statements` table, one row per
statement per speaking actor. This module holds what they share (text normalisation, ISO 8601
dates, language names to ISO 639-1, CSV records located by their first line, the `extra` JSON)
and the two generic formats an analyst writes by hand:

`statements-csv`: a CSV file with a header row. `statements-jsonl`: one JSON object per line.
Columns (CSV) or keys (JSONL), case-insensitive:

- `actor` (required): who spoke, as the source names them (a person, a channel, an outlet);
- `date` or `datetime` (one required): ISO 8601. A bare date ("2024-05-20") is stored as
  midnight UTC with `day_only` TRUE; a datetime with an offset is converted to UTC; one without
  an offset is taken as UTC;
- `text` (required): what was said;
- `language` (ISO 639-1 or 639-3 code, or an English language name; stored as ISO 639-1 where
  there is one), `url`, `platform`, `title`, `id` (the source's own id, to `external_id`),
  `keywords` (CSV: separated by ';'; JSONL: a list of strings, or a ';'-separated string).

Any other column or key goes, with its value as given, into the `extra` JSON object. A row
without actor or text, or with an unreadable date, is rejected with its line and why.

All text is untrusted and only ever read as text: normalised to NFC, runs of whitespace
(line breaks included) collapsed to one space, and stripped.
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from hybridwatch.documents.extract import language_of
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import (
    Chunk,
    ChunkBuilder,
    Reader,
    Rejection,
    csv_errors,
    numbered_lines,
    open_maybe_gzip,
    register,
)

STATEMENTS = pa.schema(
    [
        ("actor", pa.string()),
        ("published", pa.timestamp("ms")),  # UTC, naive
        ("day_only", pa.bool_()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("url", pa.string()),
        ("platform", pa.string()),
        ("external_id", pa.string()),
        ("truncated", pa.bool_()),
        ("keywords", pa.list_(pa.string())),
        ("extra", pa.string()),
        ("locator", pa.string()),
    ]
)
# An analyst's compilation, a scrape or a page of unknown provenance: grade it (`--grade`) once
# its provenance is known.
STATEMENT_GRADE = Grade("C", 3)

KIND = "statements"
TABLE = "statements"


class Invalid(ValueError):
    """A value that makes its statement unusable; the message says which and why."""


# --- text ---------------------------------------------------------------------------------------


def clean(text: object) -> str:
    """Text as stored: NFC, whitespace runs (line breaks included) as one space, stripped."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def optional(text: object) -> str | None:
    """`clean` text, or None when nothing is left."""
    return clean(text) or None


def keyword_list(values: Iterable[object]) -> list[str]:
    """Cleaned keywords in their order, empty ones and repeats dropped."""
    seen: dict[str, None] = {}
    for value in values:
        word = clean(value)
        if word:
            seen.setdefault(word, None)
    return list(seen)


def extra_json(values: dict[str, Any]) -> str | None:
    """The `extra` column: a JSON object of the values that are not None, or NULL if none."""
    kept = {key: value for key, value in values.items() if value is not None}
    return json.dumps(kept, ensure_ascii=False) if kept else None


# --- dates --------------------------------------------------------------------------------------


def utc_naive(moment: datetime) -> datetime:
    """A datetime as UTC without zone (the store's convention); a naive one is taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def iso_when(text: str, what: str = "date") -> tuple[datetime, bool]:
    """(UTC moment, day only) from ISO 8601 text: a date, or a datetime with or without offset."""
    value = text.strip()
    if not value:
        raise Invalid(f"no {what}")
    if len(value) <= 10:  # the longest ISO date ("2024-05-20", "2024-W21-1"); saves a raise
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return datetime(day.year, day.month, day.day), True
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{what} {value!r} is not an ISO 8601 date or datetime") from None
    return utc_naive(moment), False


# --- languages ----------------------------------------------------------------------------------

# Names under which sources give languages that ISO 639 spells otherwise ("Modern Greek (1453-)").
_LANGUAGE_ALIASES = {"greek": "el", "moldavian": "ro", "moldovan": "ro", "farsi": "fa"}
_language_index: dict[str, str] | None = None


def _languages() -> dict[str, str]:
    """Casefolded ISO 639 codes and English names → ISO 639-1 code (languages that have one)."""
    global _language_index
    if _language_index is None:
        import pycountry

        index: dict[str, str] = {}
        for language in pycountry.languages:
            code = getattr(language, "alpha_2", None)
            if not code:
                continue
            names = [language.alpha_3, code, getattr(language, "bibliographic", "")]
            for attribute in ("name", "common_name", "inverted_name"):
                name = getattr(language, attribute, "")
                names.append(name)
                names.append(re.sub(r"\s*\(.*?\)\s*", " ", name))  # "Swahili (macrolanguage)"
                names.extend(name.split(";"))  # "Catalan; Valencian"
            for name in names:
                key = name.strip().casefold()
                if key:
                    index.setdefault(key, code)
        for name, code in _LANGUAGE_ALIASES.items():
            index.setdefault(name, code)
        _language_index = index
    return _language_index


def language_code(given: object) -> str | None:
    """ISO 639-1 for a language name or code as a source gives it ("Russian", "rus", "en-US");
    None when it names no language that has a two-letter code."""
    text = clean(given)
    if not text:
        return None
    index = _languages()
    key = text.casefold()
    if key in index:
        return index[key]
    if re.fullmatch(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})+", key):  # a tag: "en-us", "pt_BR"
        return index.get(re.split(r"[-_]", key)[0])
    return None


# Languages the function-word test (`documents.extract.language_of`) tells apart reliably: words
# of its other languages also occur in languages it does not know (Spanish "la", "que", "de").
_DETECTABLE = frozenset({"en", "ru"})


def detected_language(text: str) -> str | None:
    """The language of `text` where its function words make it clear (en, ru), else None."""
    found = language_of(text)
    return found if found in _DETECTABLE else None


# --- rows ---------------------------------------------------------------------------------------


class StatementRows(ChunkBuilder):
    """A ChunkBuilder for STATEMENTS that cleans values and rejects rows without actor or text."""

    def __init__(self, size: int = 65_536) -> None:
        super().__init__(STATEMENTS, size)

    def statement(
        self,
        where: str,
        *,
        actor: object,
        published: datetime,
        day_only: bool,
        text: object,
        title: object = None,
        language: str | None = None,
        url: object = None,
        platform: object = None,
        external_id: object = None,
        truncated: bool = False,
        keywords: Sequence[object] = (),
        extra: dict[str, Any] | None = None,
    ) -> bool:
        """Add one statement; False (and the row rejected) when it has no actor or no text."""
        speaker = clean(actor)
        said = clean(text)
        if not speaker or not said:
            self.reject(where, "no actor" if not speaker else "no text")
            return False
        self.add(
            speaker,
            published,
            day_only,
            said,
            optional(title),
            language,
            optional(url),
            optional(platform),
            optional(external_id),
            truncated,
            keyword_list(keywords),
            extra_json(extra or {}),
            where,
        )
        return True


# --- CSV ----------------------------------------------------------------------------------------


class Rejecting(Protocol):
    def reject(self, where: str, reason: str) -> None: ...


class CsvRecords:
    """A CSV file (UTF-8, plain or gzip) with a header row, read with the csv module so that
    quoted fields may hold line breaks; each record is located by the line it starts on.

    Damage that spoils the file (no header, missing columns, bad UTF-8, broken gzip, a quote
    never closed or text glued after a closing quote) raises InputError naming the line.
    """

    def __init__(self, path: Path, raw: IO[bytes], required: Sequence[str] = ()) -> None:
        self.path = path
        text = io.TextIOWrapper(
            open_maybe_gzip(raw), encoding="utf-8-sig", errors="strict", newline=""
        )
        # strict: a quote left open (a cut file) must not swallow the records after it
        self._reader = csv.reader(text, strict=True)
        records = self._guarded()
        first = next(records, None)
        if first is None:
            raise InputError(path, "empty file")
        self._records = records
        self.given = [name.strip() for name in first[1]]  # header names as written
        self.header = [name.casefold() for name in self.given]
        self.check(required)
        self.index = {name: i for i, name in reversed(list(enumerate(self.header)))}

    def check(self, required: Sequence[str]) -> None:
        missing = [name for name in required if name not in self.header]
        if missing:
            raise InputError(
                self.path,
                f"missing column(s) {', '.join(missing)}; found {', '.join(self.given)}",
                "line 1",
            )

    def _guarded(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        with csv_errors(self.path, reader):
            while True:
                start = reader.line_num + 1
                fields = next(reader, None)
                if fields is None:
                    return
                yield start, fields

    def records(self, rows: Rejecting) -> Iterator[tuple[str, list[str]]]:
        """(locator, fields in header order) per non-blank record; a record with the wrong
        number of fields is rejected into `rows`."""
        width = len(self.header)
        for start, fields in self._records:
            where = f"line {start}"
            if not (fields and fields[0].strip()) and not any(field.strip() for field in fields):
                continue
            if len(fields) != width:
                rows.reject(where, f"expected {width} fields, found {len(fields)}")
                continue
            yield where, fields

    def rows(self, rows: Rejecting) -> Iterator[tuple[str, dict[str, str]]]:
        """(locator, values by lowercased column name) per non-blank record, as `records`."""
        for where, fields in self.records(rows):
            yield where, {name: fields[i] for name, i in self.index.items()}


def csv_header(head: bytes) -> set[str]:
    """The casefolded column names of a CSV file's first line (empty if it is no CSV)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        fields = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return set()
    return {name.strip().casefold() for name in fields}


# --- the generic formats ------------------------------------------------------------------------

GENERIC_COLUMNS = (
    "actor",
    "date",
    "datetime",
    "text",
    "language",
    "url",
    "platform",
    "title",
    "id",
    "keywords",
)


# The checks of a generic record in the order they are made: a record is rejected for the first
# that fails.
_CHECKS = [
    "datetime",
    "date",
    "when",
    "keywords",
    "language",
    "actor",
    "text",
    "title",
    "url",
    "platform",
    "id",
]
_RANK = {check: rank for rank, check in enumerate([*_CHECKS, "no actor", "no text"])}


def clean_column(values: Sequence[str] | pa.Array) -> pa.Array:
    """`clean` for a column of text, as Arrow strings."""
    text = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    # Python's own NFC for the few values not already in it (Arrow's Unicode tables may be
    # newer); Arrow's whitespace is Python's (`str.split()`), a test checks every character
    other = np.flatnonzero(~pc.string_is_ascii(text).to_numpy(zero_copy_only=False))
    others = text.take(pa.array(other, pa.int64())).to_pylist()
    unnormal = [
        (row, value)
        for row, value in zip(other.tolist(), others, strict=True)
        if not unicodedata.is_normalized("NFC", value)
    ]
    if unnormal:
        mask = np.zeros(len(text), bool)
        mask[[row for row, _ in unnormal]] = True
        nfc = pa.array([unicodedata.normalize("NFC", value) for _, value in unnormal], pa.string())
        text = pc.replace_with_mask(text, pa.array(mask), nfc)
    uneven = _uneven_spacing(text)
    if not uneven.any():
        return text
    rows = pa.array(np.flatnonzero(uneven))
    words = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(text.take(rows)))
    return pc.replace_with_mask(text, pa.array(uneven), pc.binary_join(words, " "))


# Bytes of UTF-8 text that are, or may begin, whitespace other than a space: ASCII's and the
# lead bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
_SPACE_BYTES = np.zeros(256, bool)
_SPACE_BYTES[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0xC2, 0xE1, 0xE2, 0xE3]] = True


def _uneven_spacing(text: pa.Array) -> np.ndarray:
    """Per value of a string array: whether it may hold whitespace other than single spaces
    between words (the rest need no cleaning, and most text is such). Read from its bytes."""
    flags = np.zeros(len(text), bool)
    _, offsets_buffer, data_buffer = text.buffers()
    if data_buffer is None or not len(text):
        return flags
    offsets = np.frombuffer(offsets_buffer, np.int32)[text.offset : text.offset + len(text) + 1]
    data = np.frombuffer(data_buffer, np.uint8)[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    space = data == 0x20
    odd = _SPACE_BYTES[data]
    odd[:-1] |= space[:-1] & space[1:]
    flags[np.searchsorted(offsets, np.flatnonzero(odd), "right") - 1] = True
    filled = offsets[1:] > offsets[:-1]
    starts, ends = offsets[:-1][filled], offsets[1:][filled] - 1
    flags[filled] |= space[starts] | space[ends]
    return flags


class GenericBatch:
    """Records of a generic file, gathered in file order, then checked and cleaned column by
    column into `rows`: the text and dates in Arrow, the rest in Python. Records rejected while
    reading (a wrong number of fields, bad JSON) keep their place among them, so that rejections
    come in line order."""

    def __init__(self, rows: StatementRows, names: Sequence[str] = GENERIC_COLUMNS) -> None:
        self.rows = rows
        self.names = tuple(names)  # the known columns a record's values give, in their order
        self._records: list[tuple[str, Sequence[Any], dict[str, Any] | None]] = []
        self._early: list[tuple[int, Rejection]] = []  # (records before it, rejection)

    def add(self, where: str, values: Sequence[Any], extra: dict[str, Any] | None) -> None:
        """One record: the values of `names`, in order, and the other values (None: none)."""
        self._records.append((where, values, extra))

    def reject(self, where: str, reason: str) -> None:
        self._early.append((len(self._records), Rejection(where, reason)))

    @property
    def full(self) -> bool:
        return len(self._records) + len(self._early) >= self.rows.size

    def flush(self) -> None:
        records, early = self._records, self._early
        self._records, self._early = [], []
        columns = list(zip(*(values for _, values, _ in records), strict=True))
        store_columns(
            self.rows,
            [where for where, _, _ in records],
            dict(zip(self.names, columns or [() for _ in self.names], strict=True)),
            [extra for _, _, extra in records],
            early,
        )


def store_columns(
    rows: StatementRows,
    wheres: list[str],
    given: dict[str, Sequence[Any] | pa.Array],
    extras: Sequence[dict[str, Any] | None],
    early: Sequence[tuple[int, Rejection]] = (),
) -> None:
    """Check and clean generic records given column by column (`given`: values by known name,
    as Python values or Arrow strings, absent names all None; `extras`: the other values) into
    `rows`, rejecting those that fail with their locator; `early` are rejections made while
    reading, before record k."""
    problems: dict[int, tuple[int, str]] = {}

    def problem(row: int, check: str, message: str) -> None:
        if row not in problems or _RANK[check] < problems[row][0]:
            problems[row] = (_RANK[check], message)

    date_problems: dict[int, str] = {}

    def date_problem(row: int, _: str, message: str) -> None:
        date_problems[row] = message  # counts only where there is no datetime

    absent = [None] * len(wheres)
    fields = {
        name: _text_field(
            given.get(name, absent), name, date_problem if name == "date" else problem
        )
        for name in GENERIC_COLUMNS
        if name != "keywords"
    }
    for row, message in date_problems.items():
        if not fields["datetime"][row].as_py():
            problem(row, "date", message)
    published, day_only = _moments(fields["datetime"], fields["date"], problem)
    given_keywords = given.get("keywords", absent)
    if isinstance(given_keywords, pa.Array):
        given_keywords = given_keywords.to_pylist()
    keywords = (
        pa.array(
            [_keywords(value, row, problem) for row, value in enumerate(given_keywords)],
            pa.list_(pa.string()),
        )
        if any(value is not None for value in given_keywords)
        else pa.ListArray.from_arrays(  # none given: an empty list each, made at once
            pa.array(np.zeros(len(wheres) + 1, np.int32)), pa.array([], pa.string())
        )
    )
    cleaned = {
        name: clean_column(fields[name])
        for name in ("actor", "text", "title", "url", "platform", "id")
    }
    for name in ("actor", "text"):
        for row in np.flatnonzero(pc.equal(cleaned[name], "").to_numpy(False)).tolist():
            problem(row, f"no {name}", f"no {name}")
    rejections = [(at, 0, r.where, r.reason) for at, r in early]
    rejections += [(row, 1, wheres[row], why) for row, (_, why) in problems.items()]
    for _, _, where, reason in sorted(rejections):
        rows.reject(where, reason)
    keep = np.ones(len(wheres), bool)
    keep[list(problems)] = False
    kept = np.flatnonzero(keep)
    if not len(kept):
        return
    languages = pc.dictionary_encode(fields["language"])
    names = languages.dictionary.to_pylist()
    codes = [language_code(name) for name in names]
    unknown = {
        i
        for i, (name, code) in enumerate(zip(names, codes, strict=True))
        if code is None and name.strip()
    }
    extra_json_of: list[str | None] = [None] * len(wheres)
    if unknown or any(extras):
        language_of = languages.indices.to_numpy().tolist()
        for row, extra in enumerate(extras):
            if language_of[row] in unknown:  # kept as given
                extra = {**(extra or {}), "language": names[language_of[row]]}
            extra_json_of[row] = extra_json(extra) if extra else None
    take = pa.array(kept, pa.int64())

    def kept_rows(values: pa.Array) -> pa.Array:
        return values if len(kept) == len(wheres) else values.take(take)

    def optional_column(name: str) -> pa.Array:
        values = kept_rows(cleaned[name])
        return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)

    rows.add_table(
        pa.table(
            {
                "actor": kept_rows(cleaned["actor"]),
                "published": kept_rows(published),
                "day_only": kept_rows(day_only),
                "text": kept_rows(cleaned["text"]),
                "title": optional_column("title"),
                "language": kept_rows(pa.array(codes, pa.string()).take(languages.indices)),
                "url": optional_column("url"),
                "platform": optional_column("platform"),
                "external_id": optional_column("id"),
                "truncated": pa.array(np.zeros(len(kept), bool)),
                "keywords": kept_rows(keywords),
                "extra": kept_rows(pa.array(extra_json_of, pa.string())),
                "locator": kept_rows(pa.array(wheres, pa.string())),
            },
            schema=STATEMENTS,
        )
    )


Problem = Callable[[int, str, str], None]

# The shapes most files use, read in Arrow. Arrow rolls 30 February over into March and reads
# year 0, so a value counts as read only when its year, month and day come back as written;
# a value of another shape is read by `iso_when`, as Python reads it.
_ISO_SHAPES = (
    (r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$", "%Y-%m-%dT%H:%M:%SZ", False),
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", True),
)


def _moments(datetimes: pa.Array, dates: pa.Array, problem: Problem) -> tuple[pa.Array, pa.Array]:
    """(published, day only) per record from its datetime, or its date where it has none; a
    value that is no ISO 8601 date or datetime is a problem of its record."""
    text = pc.if_else(pc.not_equal(datetimes, ""), datetimes, dates)
    millis = np.zeros(len(text), np.int64)
    day_only = np.zeros(len(text), bool)
    read = np.zeros(len(text), bool)
    for pattern, form, daily in _ISO_SHAPES:
        shaped = pc.match_substring_regex(text, pattern)
        parsed = pc.strptime(text, format=form, unit="ms", error_is_null=True)
        digits = pc.if_else(shaped, text, "0000-00-00")
        ok = shaped
        for start, end, part in ((0, 4, pc.year), (5, 7, pc.month), (8, 10, pc.day)):
            written = pc.cast(pc.utf8_slice_codeunits(digits, start, end), pa.int64())
            ok = pc.and_kleene(ok, pc.equal(written, part(parsed)))
        ok = pc.and_kleene(ok, pc.greater(pc.year(parsed), 0))
        fresh = ok.fill_null(False).to_numpy(zero_copy_only=False) & ~read
        millis[fresh] = parsed.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)[fresh]
        day_only[fresh] = daily
        read |= fresh
    epoch = datetime(1970, 1, 1)
    for row in np.flatnonzero(~read).tolist():
        try:
            timed = bool(datetimes[row].as_py())
            moment, day_only[row] = iso_when(text[row].as_py(), "datetime" if timed else "date")
        except Invalid as exc:
            problem(row, "when", str(exc))
        else:
            millis[row] = (moment - epoch) // timedelta(milliseconds=1)
    return pa.array(millis, pa.int64()).cast(pa.timestamp("ms")), pa.array(day_only)


def _text_field(values: Sequence[Any] | pa.Array, name: str, problem: Problem) -> pa.Array:
    """A field of every record as Arrow text ("" when absent); a value that is no text (JSON
    objects, lists, booleans) is a problem of its record."""
    if isinstance(values, pa.Array) and pa.types.is_string(values.type):
        return values.fill_null("")
    try:
        text = pa.array(values, pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    else:  # all text or absent
        return text.fill_null("")
    out = []
    for row, value in enumerate(values):
        if value is None:
            out.append("")
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            problem(row, name, f"{name} must be text, not {type(value).__name__}")
            out.append("")
        else:
            out.append(str(value))
    return pa.array(out, pa.string())


def _keywords(value: Any, row: int, problem: Problem) -> list[str]:
    """Keywords as a JSON list of strings or a ';'-separated string, cleaned, repeats dropped."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        if all(isinstance(word, str) for word in value):
            return keyword_list(value)
        problem(row, "keywords", "keywords must be a list of strings")
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        problem(row, "keywords", f"keywords must be text, not {type(value).__name__}")
    else:
        return keyword_list(str(value).split(";"))
    return []


_BETWEEN_FIELDS = np.frombuffer(b",\n\r", np.uint8)


def _single_line_records(path: Path, width: int) -> tuple[pa.Table, int] | None:
    """The file's records after the header, read at once by Arrow, with the line each starts on
    (column `line`) and without blank ones (as the record-by-record reader skips them); and the
    file's size. None when the file needs the record-by-record reader, whose locators and errors
    are exact: compressed, a record over several lines (a quoted line break, a blank line), a
    bare carriage return, a NUL, quoting the csv module would refuse ('"x"y'), a record with
    another number of fields, or text that is not UTF-8."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b" or b"\x00" in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    if b'"' in data and not _plain_quoting(data):
        return None
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(
                column_names=[f"f{i}" for i in range(width)], skip_rows=1
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)}
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines != table.num_rows + 1:
        return None
    # blank: every field whitespace or nothing; each column is looked at only in the rows still
    # blank in the columns before it (few rows after the first)
    blank = np.arange(table.num_rows)
    for column in table.columns:
        trimmed = pc.utf8_trim_whitespace(column.take(blank))
        blank = blank[pc.equal(trimmed, "").to_numpy(zero_copy_only=False)]
    kept = np.setdiff1d(np.arange(table.num_rows), blank, assume_unique=True)
    if len(blank):
        table = table.take(kept)
    return table.append_column("line", pa.array(kept + 2)), len(data)


def _plain_quoting(data: bytes) -> bool:
    """Whether every quote opens or closes a quoted field, or doubles a quote inside one."""
    byte = np.frombuffer(data, np.uint8)
    quotes = np.flatnonzero(byte == ord('"'))
    if len(quotes) % 2:
        return False
    # quoted spans pair the quotes in order: the first with the second, the third with the fourth
    starts, ends = quotes[0::2], quotes[1::2] + 1
    before = byte[np.maximum(starts - 1, 0)]
    after = byte[np.minimum(ends, len(byte) - 1)]
    doubled_before = np.r_[False, starts[1:] == ends[:-1]]
    doubled_after = np.r_[starts[1:] == ends[:-1], False]
    opens = (starts == 0) | np.isin(before, _BETWEEN_FIELDS[:2]) | doubled_before
    closes = (ends == len(byte)) | np.isin(after, _BETWEEN_FIELDS) | doubled_after
    return bool(opens.all() and closes.all())


@register
class StatementsCsvReader(Reader):
    """Statements as CSV with a header: actor, date or datetime, text, and optional columns."""

    kind = KIND
    format = "statements-csv"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        names = csv_header(head)
        return {"actor", "text"} <= names and bool(names & {"date", "datetime"})

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = StatementRows()
        with path.open("rb") as raw:
            table = CsvRecords(path, raw, ("actor", "text"))
            if "date" not in table.header and "datetime" not in table.header:
                raise InputError(
                    path,
                    f"missing column date or datetime; found {', '.join(table.given)}",
                    "line 1",
                )
            unknown = {
                given: i
                for i, (given, name) in enumerate(zip(table.given, table.header, strict=True))
                if name not in GENERIC_COLUMNS
            }
            names = [name for name in GENERIC_COLUMNS if name in table.index]
            batch = GenericBatch(rows, names)
            whole = _single_line_records(path, len(table.header))
            if whole is not None:  # read in Arrow at once, checked a batch per core, in order
                records, size = whole
                cores = os.cpu_count() or 1
                step = max(1, min(rows.size, -(-records.num_rows // cores)))

                def checked(start: int) -> StatementRows:
                    part = records.slice(start, step)
                    done = StatementRows(step)
                    others = [part.column(i).to_pylist() for i in unknown.values()]
                    store_columns(
                        done,
                        [f"line {n}" for n in part.column("line").to_pylist()],
                        {name: part.column(table.index[name]).combine_chunks() for name in names},
                        [
                            {given: v for given, v in zip(unknown, row, strict=True) if v} or None
                            for row in zip(*others, strict=True)
                        ]
                        if unknown
                        else [None] * part.num_rows,
                    )
                    return done

                starts = range(0, records.num_rows, step)
                with ThreadPoolExecutor(max(1, min(cores, len(starts)))) as pool:
                    for start, done in zip(starts, pool.map(checked, starts), strict=True):
                        end = min(start + step, records.num_rows)
                        yield done.take(size * end // records.num_rows)
                yield rows.take(size)
                return
            known_fields = operator.itemgetter(*(table.index[name] for name in names))
            for where, fields in table.records(batch):
                extra = {given: fields[i] for given, i in unknown.items() if fields[i]}
                batch.add(where, known_fields(fields), extra or None)
                if batch.full:
                    batch.flush()
                    yield rows.take(raw.tell())
            batch.flush()
            yield rows.take(raw.tell())


@register
class StatementsJsonlReader(Reader):
    """Statements as JSON Lines: one object per line with actor, date or datetime, text, …"""

    kind = KIND
    format = "statements-jsonl"
    table = TABLE
    schema = STATEMENTS
    default_grade = STATEMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        return first.startswith(b"{") and bool(re.search(rb'"actor"\s*:', first, re.I))

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = StatementRows()
        batch = GenericBatch(rows)
        with path.open("rb") as raw:
            for number, line in numbered_lines(path, open_maybe_gzip(raw)):
                where = f"line {number}"
                try:
                    text = line.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(path, f"not UTF-8 text ({exc.reason})", where) from exc
                if not text.strip():
                    continue
                try:
                    item = json.loads(text)
                except json.JSONDecodeError as exc:
                    batch.reject(where, f"not valid JSON at column {exc.colno} ({exc.msg})")
                    continue
                if not isinstance(item, dict):
                    batch.reject(where, "not a JSON object")
                    continue
                values: dict[str, Any] = {}
                extra: dict[str, Any] = {}
                for key, value in item.items():
                    name = str(key).strip().casefold()
                    if name in GENERIC_COLUMNS:
                        values[name] = value
                    else:
                        extra[str(key)] = value
                batch.add(where, [values.get(name) for name in GENERIC_COLUMNS], extra)
                if batch.full:
                    batch.flush()
                    yield rows.take(raw.tell())
            batch.flush()
            yield rows.take(raw.tell())
