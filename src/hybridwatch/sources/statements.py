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
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from hybridwatch.documents.extract import language_of
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import (
    Chunk,
    ChunkBuilder,
    Reader,
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

    def rows(self, rows: ChunkBuilder) -> Iterator[tuple[str, dict[str, str]]]:
        """(locator, values by lowercased column name) per non-blank record; a record with the
        wrong number of fields is rejected into `rows`."""
        width = len(self.header)
        for start, fields in self._records:
            where = f"line {start}"
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != width:
                rows.reject(where, f"expected {width} fields, found {len(fields)}")
                continue
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


def _generic_row(
    rows: StatementRows, where: str, values: dict[str, Any], extra: dict[str, Any]
) -> None:
    """Add one row of a generic file; `values` by known lowercased name, `extra` the rest."""

    def text(name: str) -> str:
        value = values.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Invalid(f"{name} must be text, not {type(value).__name__}")
        return str(value)

    try:
        moment = text("datetime") or text("date")
        published, day_only = iso_when(moment, "datetime" if text("datetime") else "date")
        keywords = values.get("keywords")
        if isinstance(keywords, list):
            if not all(isinstance(word, str) for word in keywords):
                raise Invalid("keywords must be a list of strings")
            words: list[object] = list(keywords)
        else:
            words = list(text("keywords").split(";"))
        given_language = text("language")
        language = language_code(given_language)
        if given_language.strip() and language is None:
            extra = {**extra, "language": given_language}
        rows.statement(
            where,
            actor=text("actor"),
            published=published,
            day_only=day_only,
            text=text("text"),
            title=text("title"),
            language=language,
            url=text("url"),
            platform=text("platform"),
            external_id=text("id"),
            keywords=words,
            extra=extra,
        )
    except Invalid as exc:
        rows.reject(where, str(exc))


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
                given: name
                for given, name in zip(table.given, table.header, strict=True)
                if name not in GENERIC_COLUMNS
            }
            for where, values in table.rows(rows):
                extra = {given: values[name] for given, name in unknown.items() if values[name]}
                _generic_row(rows, where, values, extra)
                if rows.full:
                    yield rows.take(raw.tell())
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
                    rows.reject(where, f"not valid JSON at column {exc.colno} ({exc.msg})")
                    continue
                if not isinstance(item, dict):
                    rows.reject(where, "not a JSON object")
                    continue
                values: dict[str, Any] = {}
                extra: dict[str, Any] = {}
                for key, value in item.items():
                    name = str(key).strip().casefold()
                    if name in GENERIC_COLUMNS:
                        values[name] = value
                    else:
                        extra[str(key)] = value
                _generic_row(rows, where, values, extra)
                if rows.full:
                    yield rows.take(raw.tell())
            yield rows.take(raw.tell())
