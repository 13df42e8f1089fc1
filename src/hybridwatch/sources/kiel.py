"""Kiel Institute Ukraine Support Tracker workbook (XLSX), to `arms_aid`: one row per row of its
"Bilateral Assistance, MAIN DATA" sheet — who announced what aid when, measured as a
commitment, an allocation or a delivery, its value in money and the value delivered.

The tracker's layout changes between releases, so columns are found by name, not position:

- the sheet by its name (case and spacing ignored); a workbook without it is read from the one
  sheet whose first rows hold the header, and otherwise refused, naming the sheets it has;
- the header row within the first 20 rows (title and note rows above it are skipped), by the
  required columns donor, announcement date and measure under any of their names — the
  human-readable headers of the early releases ("Countries", "Announcement Date", "Type of Aid
  General", "Measure", "Item", "Quantity", "Total value in EUR", "Delivered value",
  "Sources/Links", "Explanation/Comments") and the snake_case ones of later releases (`donor`,
  `announcement_date`, `aid_type_general`, `measure`, `item`, `item_numb`, `item_numb_deliv`,
  `tot_sub_activity_value_EUR`, `tot_value_deliv_EUR`, …). Other columns are ignored.
- the value: the sub-activity value in EUR where there is one (a row of a later release is one
  part of an activity whose total repeats on each of its rows: summing activity totals would
  count them several times), else the activity value in EUR, else a value column whose header
  names its currency (EUR before USD), else a plain value column with a currency column beside
  it. A header saying "million" or "bn" scales the numbers to whole units. Money is never
  converted: the currency is stored as the sheet states it.

Cells are read with openpyxl in read-only mode with `data_only`: a formula cell gives the result
the spreadsheet program last saved with it (nothing is ever evaluated; a formula saved without a
result reads as empty), and external links are neither kept nor followed. The tracker writes "."
for an unknown value; it reads as empty. A row without donor or measure, with a date or a number
that cannot be read, or with a negative value is rejected with its row number; nothing is
dropped silently. Locators are `sheet 'Bilateral Assistance, MAIN DATA' row 12` (spreadsheet
row numbers, header and title rows counted).
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import openpyxl
import pyarrow as pa
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from hybridwatch.arms import countries, dates, systems
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import Chunk, ChunkBuilder, Reader, register

log = logging.getLogger(__name__)

AID = pa.schema(
    [
        ("aid_key", pa.string()),
        ("donor", pa.string()),
        ("donor_kind", pa.string()),
        ("donor_name", pa.string()),
        ("recipient", pa.string()),
        ("recipient_kind", pa.string()),
        ("recipient_name", pa.string()),
        ("announced", pa.date32()),
        ("announced_precision", pa.string()),
        ("announced_text", pa.string()),
        ("aid_type", pa.string()),
        ("aid_type_specific", pa.string()),
        ("measure", pa.string()),
        ("measure_name", pa.string()),
        ("system", pa.string()),
        ("system_key", pa.string()),
        ("category", pa.string()),
        ("item", pa.string()),
        ("quantity", pa.int64()),
        ("quantity_delivered", pa.int64()),
        ("value", pa.float64()),
        ("currency", pa.string()),
        ("delivered_value", pa.float64()),
        ("value_column", pa.string()),
        ("sources", pa.string()),
        ("note", pa.string()),
        ("locator", pa.string()),
    ]
)
# A research institute's curated compilation with a source for every row; the money values
# are its own valuations (market prices, the higher estimate when in doubt).
KIEL_GRADE = Grade("B", 2)

SHEET = "Bilateral Assistance, MAIN DATA"
HEADER_SEARCH_ROWS = 20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and XLSX encrypted with a password
DEFAULT_RECIPIENT = "UA"


def _fold(name: object) -> str:
    """A header or sheet name for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", str(name).casefold()).split())


# field -> names its column goes by (folded when compared); the first column found wins
_ALIASES: dict[str, tuple[str, ...]] = {
    "donor": (
        "donor",
        "donors",
        "countries",
        "country",
        "donor country",
        "donor countries",
        "country donor",
        "provider",
    ),
    "announced": (
        "announcement date",
        "announcement_date",
        "date of announcement",
        "announcement",
        "announced",
        "date",
    ),
    "measure": ("measure", "measures", "type of measure", "measure type"),
    "aid_key": ("id", "activity id", "aid id", "row id"),
    "recipient": ("recipient", "recipient country"),
    "aid_type": (
        "aid type general",
        "aid_type_general",
        "type of aid general",
        "type of aid",
        "aid type",
        "type general",
    ),
    "aid_type_specific": (
        "aid type specific",
        "aid_type_specific",
        "type of aid specific",
        "type specific",
    ),
    "item": ("item", "items", "item name", "item s"),
    "quantity": ("quantity", "item numb", "item_numb", "item number", "number of items"),
    "quantity_delivered": (
        "item numb deliv",
        "item_numb_deliv",
        "quantity delivered",
        "delivered quantity",
        "number delivered",
        "items delivered",
    ),
    "currency": ("currency", "reporting currency", "reporting_currency", "original currency"),
    "sources": (
        "sources",
        "source",
        "sources links",
        "source links",
        "sources link",
        "source link",
        "links",
        "link",
        "url",
        "urls",
        "source url",
    ),
    "note": (
        "explanation",
        "explanation comments",
        "explanation comment",
        "explanations",
        "comments",
        "comment",
        "notes",
        "note",
        "remarks",
    ),
}
REQUIRED = ("donor", "announced", "measure")
_WHAT = {"donor": "donor", "announced": "announcement date", "measure": "measure"}

# value columns of the snake_case releases, best first: (folded name, currency or None when a
# currency column says it)
_NAMED_VALUES = (
    ("tot sub activity value eur", "EUR"),
    ("tot activity value eur", "EUR"),
)
_NAMED_OWN_CURRENCY = ("tot sub activity value", "tot activity value")
_NAMED_DELIVERED = (("tot value deliv eur", "EUR"),)
# words that make a column something other than the row's own value: a share, a price, a
# redistributed or deflated variant, Kiel's own estimate from unit prices
_NOT_THE_VALUE = {
    "redistr",
    "old",
    "constant",
    "estimate",
    "estimated",
    "price",
    "prices",
    "share",
    "per",
    "unit",
    "gdp",
    "percent",
    "pct",
}
_MONEY_WORDS = {"value", "amount"}
_CURRENCY_WORDS = {"eur": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD", "dollar": "USD"}
_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP"}
_SCALES = {
    "thousand": 1e3,
    "thousands": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
}
_MISSING = {"", ".", "-", "–", "n/a", "na", "nan", "none", "not available"}
_SPREADSHEET_ERRORS = {"#n/a", "#ref!", "#value!", "#div/0!", "#name?", "#num!", "#null!"}
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DATE_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_MEASURES = (
    ("commitment", ("commit", "pledge", "promise")),
    ("allocation", ("alloc", "earmark")),
    ("delivery", ("deliver", "disburse")),
)


class Invalid(ValueError):
    """A cell that makes its row unusable; the message says which and why."""


@dataclass(frozen=True)
class Money:
    """Where a row's money is: the column, its currency (None: a currency column says), scale."""

    index: int
    header: str
    currency: str | None
    scale: float


@dataclass(frozen=True)
class Layout:
    """The sheet's header: where each field's column is."""

    row: int
    fields: dict[str, int]
    value: Money | None
    delivered: Money | None


def _header_currency(header: str, words: list[str]) -> str | None:
    for sign, code in _CURRENCY_SIGNS.items():
        if sign in header:
            return code
    for word in words:
        if word in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[word]
    return None


def _scale(words: list[str]) -> float:
    for word in words:
        if word in _SCALES:
            return _SCALES[word]
    return 1.0


def _is_money(words: list[str], currency: str | None) -> bool:
    """Whether a folded header names an amount of money that is the row's own."""
    if not words or _NOT_THE_VALUE & set(words):
        return False
    if _MONEY_WORDS & set(words):
        return True
    # "Total (EUR)", "Delivered (USD million)": money because a currency is named
    return currency is not None and any(w == "total" or w.startswith("deliv") for w in words)


def _money_columns(headers: Sequence[str]) -> tuple[Money | None, Money | None]:
    """The value column and the delivered-value column of a header, as the module doc says."""
    folded = [_fold(h) for h in headers]

    def named(name: str, currency: str | None) -> Money | None:
        if name not in folded:
            return None
        index = folded.index(name)
        return Money(index, headers[index], currency, 1.0)

    stated: list[Money] = []  # the header names the currency
    plain: list[Money] = []  # a currency column has to
    delivered_columns: list[Money] = []
    for index, (header, fold) in enumerate(zip(headers, folded, strict=True)):
        words = fold.split()
        currency = _header_currency(header, words)
        if not _is_money(words, currency):
            continue
        column = Money(index, header, currency, _scale(words))
        if any(word.startswith("deliv") for word in words):
            delivered_columns.append(column)
        else:
            (stated if currency else plain).append(column)
    candidates = [named(name, currency) for name, currency in _NAMED_VALUES]
    candidates += [m for wanted in ("EUR", "USD") for m in stated if m.currency == wanted]
    candidates += stated
    candidates += [named(name, None) for name in _NAMED_OWN_CURRENCY]
    candidates += plain
    value = next((m for m in candidates if m is not None), None)
    delivered = next((m for m in (named(n, c) for n, c in _NAMED_DELIVERED) if m), None)
    if delivered is None and delivered_columns:
        # the delivered value in the value's currency where the sheet offers a choice
        matching = [m for m in delivered_columns if value is None or m.currency == value.currency]
        delivered = (matching or delivered_columns)[0]
    return value, delivered


def _layout(headers: Sequence[str], row: int) -> tuple[Layout, list[str]]:
    """Where each field is in a candidate header row, and the required fields it lacks."""
    folded = [_fold(h) for h in headers]
    fields: dict[str, int] = {}
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            wanted = _fold(alias)
            if wanted in folded:
                fields[field] = folded.index(wanted)
                break
    value, delivered = _money_columns(headers)
    missing = [name for name in REQUIRED if name not in fields]
    return Layout(row, fields, value, delivered), missing


def _headers(cells: Sequence[Any]) -> list[str]:
    return [" ".join(str(c).split()) if c is not None else "" for c in cells]


def _text(cell: Any) -> str | None:
    """A cell as text, or None when empty or the tracker's "." for unknown."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    text = " ".join(str(cell).split())
    return None if text.casefold() in _MISSING else text


def _number(cell: Any, what: str) -> float | None:
    if isinstance(cell, bool):
        raise Invalid(f"{what} {cell!r} is not a number")
    if isinstance(cell, int | float):
        if cell != cell:  # NaN
            return None
        return float(cell)
    if isinstance(cell, date | datetime):
        raise Invalid(f"{what} is a date ({cell.isoformat()}), not a number")
    text = _text(cell)
    if text is None:
        return None
    if text.casefold() in _SPREADSHEET_ERRORS:
        raise Invalid(f"{what} holds the spreadsheet error {text}")
    bare = text
    for sign in (*_CURRENCY_SIGNS, "EUR", "USD", "eur", "usd"):
        bare = bare.replace(sign, "")
    bare = bare.strip()
    if not _NUMBER.fullmatch(bare):
        raise Invalid(f"{what} {text!r} is not a number")
    return float(bare.replace(",", ""))


def _money(cell: Any, what: str, scale: float) -> float | None:
    value = _number(cell, what)
    if value is None:
        return None
    if value < 0:
        raise Invalid(f"{what} {_text(cell)} is negative")
    return value * scale


def _count(cell: Any, what: str) -> int | None:
    value = _number(cell, what)
    if value is None:
        return None
    if value < 0 or not value.is_integer():
        raise Invalid(f"{what} {_text(cell)} is not a whole number of items")
    return int(value)


def _date(cell: Any) -> dates.LedgerDate | None:
    """The announcement date a cell gives, None when it gives none; Invalid when unreadable."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        if not 1900 <= cell.year <= 2100:
            raise Invalid(f"announcement date {cell.isoformat()} is out of range (1900–2100)")
        return dates.LedgerDate(cell, "day", cell.isoformat())
    if isinstance(cell, bool):
        raise Invalid(f"announcement date {cell!r} is not a date")
    if isinstance(cell, int | float):
        if float(cell).is_integer() and 1900 <= cell <= 2100:
            year = int(cell)
            return dates.LedgerDate(date(year, 1, 1), "year", str(year))
        raise Invalid(f"announcement date {cell!r} is a number, not a date or a year")
    text = _text(cell)
    if text is None:
        return None
    if found := _DATE_TIME.fullmatch(text):
        text = found.group(1)
    if found := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
        try:
            return dates.LedgerDate(date(year, month, day), "day", text)
        except ValueError:
            raise Invalid(
                f"announcement date {text!r} is not a calendar date (read day first)"
            ) from None
    try:
        return dates.parse_date(text)
    except ValueError as exc:
        raise Invalid(f"announcement {exc}") from None


def _measure(text: str) -> str:
    folded = text.casefold()
    for measure, stems in _MEASURES:
        if any(folded.startswith(stem) for stem in stems):
            return measure
    raise Invalid(f"measure {text!r} is not Commitment, Allocation or Delivery")


def _currency(text: str | None) -> str | None:
    if text is None:
        return None
    code = _CURRENCY_SIGNS.get(text.strip(), text.strip().upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise Invalid(f"currency {text!r} is not a three-letter code")
    return code


def _system(item: str | None) -> tuple[str | None, str | None, str | None]:
    """(canonical system, its key, category) where the item names a system the table knows."""
    if item is None:
        return None, None, None
    system = systems.canonical(item)
    category = systems.category_of_system(system)
    if category is None:
        return None, None, None
    return system, systems.fold(system), category


class _Workbook:
    """An XLSX workbook opened read-only, values only, external links dropped; damage that
    openpyxl or zipfile reports becomes one InputError for the file."""

    DAMAGE = (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        EOFError,
        OSError,
        ET.ParseError,
        ValueError,
        TypeError,
        IndexError,
    )

    def __init__(self, path: Path) -> None:
        self.path = path
        # a file object, not the name: openpyxl would refuse a name without an .xlsx suffix
        self.file = path.open("rb")
        try:
            if self.file.read(len(OLE_MAGIC)) == OLE_MAGIC:
                raise InputError(
                    path,
                    "an old binary .xls or an encrypted workbook, not XLSX: save it as .xlsx",
                )
            self.file.seek(0)
            self.book = openpyxl.load_workbook(
                self.file, read_only=True, data_only=True, keep_links=False, keep_vba=False
            )
        except self.DAMAGE as exc:
            self.file.close()
            raise self.damaged(exc) from exc
        except BaseException:
            self.file.close()
            raise

    def damaged(self, exc: BaseException, where: str | None = None) -> InputError:
        detail = str(exc).strip() or type(exc).__name__
        return InputError(
            self.path, f"not a readable XLSX workbook (damaged or truncated: {detail})", where
        )

    def close(self) -> None:
        try:
            self.book.close()
        finally:
            self.file.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def sheet(self, name: str) -> ReadOnlyWorksheet:
        sheet = self.book[name]
        if not isinstance(sheet, ReadOnlyWorksheet):  # a chartsheet
            raise InputError(self.path, f"sheet '{name}' is a chart, not a table of rows")
        return sheet

    def rows(self, sheet: ReadOnlyWorksheet, where: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) for every row, blank ones included; ragged rows as stored."""
        sheet.reset_dimensions()  # a wrong stored dimension would cut rows off
        # the stubs type iter_rows for ordinary worksheets only
        cells: Iterator[tuple[Any, ...]] = cast(Any, sheet).iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(cells, None)
            except self.DAMAGE as exc:
                raise self.damaged(exc, f"{where} after row {number}") from exc
            if values is None:
                return
            number += 1
            yield number, tuple(values)


def _find_header(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
) -> tuple[Layout | None, list[str], list[str]]:
    """The header among the first rows: (layout, missing required fields, its headers).

    A row with every required column is the header. Failing that, the row that names the most
    known columns (at least two) is taken to be the header, to say what it lacks."""
    best: tuple[int, Layout, list[str], list[str]] | None = None
    for number, values in rows:
        headers = _headers(values)
        layout, missing = _layout(headers, number)
        if not missing:
            return layout, [], headers
        known = len(layout.fields)
        if known >= 2 and (best is None or known > best[0]):
            best = (known, layout, missing, headers)
        if number >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        return None, [], []
    return best[1], best[2], best[3]


def _sheet_locator(name: str, row: int | None = None) -> str:
    return f"sheet '{name}'" + (f" row {row}" if row is not None else "")


@register
class KielReader(Reader):
    """The Kiel Institute Ukraine Support Tracker's bilateral aid sheet (XLSX)."""

    kind = "transfers"
    format = "kiel-xlsx"
    table = "arms_aid"
    schema = AID
    default_grade = KIEL_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head.startswith(ZIP_MAGIC) or path.is_dir():
            return False
        try:
            with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
                workbook = part.read(1 << 22)
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
            return False
        names = re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', workbook)
        wanted = _fold(SHEET)
        if any(_fold(html.unescape(n.decode("utf-8", "replace"))) == wanted for n in names):
            return True
        try:
            book = _Workbook(path)
        except InputError:
            return False
        try:
            return self._sheet_with_header(book) is not None
        except InputError:
            return False
        finally:
            book.close()

    @staticmethod
    def _sheet_with_header(book: _Workbook) -> str | None:
        """The first sheet whose first rows hold a complete header."""
        for name in book.sheet_names:
            sheet = book.book[name]
            if not isinstance(sheet, ReadOnlyWorksheet):
                continue
            layout, missing, _ = _find_header(book.rows(sheet, _sheet_locator(name)))
            if layout is not None and not missing:
                return name
        return None

    def _choose_sheet(self, path: Path, book: _Workbook) -> str:
        wanted = _fold(SHEET)
        for name in book.sheet_names:
            if _fold(name) == wanted:
                return name
        fallback = self._sheet_with_header(book)
        if fallback is not None:
            log.info("%s: no sheet %r; reading %r, which has the header", path, SHEET, fallback)
            return fallback
        listed = ", ".join(f"'{name}'" for name in book.sheet_names)
        raise InputError(
            path,
            f"no sheet '{SHEET}' and no sheet with a donor, announcement date and measure"
            f" header in its first {HEADER_SEARCH_ROWS} rows; sheets: {listed}",
        )

    def read(self, path: Path) -> Iterator[Chunk]:
        size = path.stat().st_size
        book = _Workbook(path)
        try:
            name = self._choose_sheet(path, book)
            sheet = book.sheet(name)
            stated_rows = sheet.max_row or 0  # for progress only
            rows = book.rows(sheet, _sheet_locator(name))
            layout, missing, headers = _find_header(rows)
            if layout is None:
                raise InputError(
                    path,
                    f"no header row with donor, announcement date and measure columns in the"
                    f" first {HEADER_SEARCH_ROWS} rows",
                    _sheet_locator(name),
                )
            if missing:
                found = ", ".join(h for h in headers if h)
                raise InputError(
                    path,
                    f"missing column(s) {', '.join(_WHAT[m] for m in missing)}"
                    f" (looked for {'; '.join(' / '.join(_ALIASES[m][:4]) for m in missing)});"
                    f" found: {found}",
                    _sheet_locator(name, layout.row),
                )
            self._check_currency(path, layout, _sheet_locator(name, layout.row))
            builder = ChunkBuilder(AID)
            for number, values in rows:
                if not any(_text(v) for v in values):
                    continue
                where = _sheet_locator(name, number)
                try:
                    self._add(builder, layout, values, where)
                except Invalid as exc:
                    builder.reject(where, str(exc))
                if builder.full:
                    done = min(size, size * number // stated_rows) if stated_rows else 0
                    yield builder.take(done)
            yield builder.take(size)
        finally:
            book.close()

    @staticmethod
    def _check_currency(path: Path, layout: Layout, where: str) -> None:
        """Money columns whose currency nothing states spoil the file, not each row."""
        if layout.value is None and layout.delivered is None:
            log.warning("%s: %s has no value column; no money is stored", path, where)
        if "currency" in layout.fields:
            return
        value_currency = layout.value.currency if layout.value is not None else None
        for money in (layout.value, layout.delivered):
            if money is not None and money.currency is None and value_currency is None:
                raise InputError(
                    path,
                    f"the column '{money.header}' names no currency and there is no currency"
                    " column",
                    where,
                )

    @staticmethod
    def _add(builder: ChunkBuilder, layout: Layout, values: tuple[Any, ...], where: str) -> None:
        def cell(field: str) -> Any:
            index = layout.fields.get(field)
            return values[index] if index is not None and index < len(values) else None

        def at(money: Money | None) -> Any:
            if money is None or money.index >= len(values):
                return None
            return values[money.index]

        donor_name = _text(cell("donor"))
        if donor_name is None:
            raise Invalid("no donor")
        measure_name = _text(cell("measure"))
        if measure_name is None:
            raise Invalid("no measure")
        measure = _measure(measure_name)
        announced = _date(cell("announced"))
        value = delivered = None
        if layout.value is not None:
            value = _money(at(layout.value), f"value ({layout.value.header})", layout.value.scale)
        if layout.delivered is not None:
            delivered = _money(
                at(layout.delivered),
                f"delivered value ({layout.delivered.header})",
                layout.delivered.scale,
            )
        stated = _currency(_text(cell("currency")))
        value_currency = delivered_currency = None
        if layout.value is not None:
            value_currency = layout.value.currency or stated
        if layout.delivered is not None:
            delivered_currency = layout.delivered.currency or value_currency or stated
        if value is not None and value_currency is None:
            raise Invalid(f"value {_text(at(layout.value))} has no currency (its cell is empty)")
        if delivered is not None and delivered_currency is None:
            raise Invalid(
                f"delivered value {_text(at(layout.delivered))} has no currency (its cell is empty)"
            )
        if value is not None and delivered is not None and value_currency != delivered_currency:
            raise Invalid(
                f"the value is in {value_currency} and the delivered value in"
                f" {delivered_currency}; money is never converted"
            )
        if value is not None or delivered is None:
            currency = value_currency or delivered_currency
        else:
            currency = delivered_currency
        quantity = _count(cell("quantity"), "quantity")
        quantity_delivered = _count(cell("quantity_delivered"), "quantity delivered")
        donor = countries.party(donor_name)
        recipient_name = _text(cell("recipient"))
        recipient = countries.party(recipient_name or DEFAULT_RECIPIENT)
        item = _text(cell("item"))
        system, system_key, category = _system(item)
        builder.add(
            _text(cell("aid_key")),
            donor.code,
            donor.kind,
            donor_name,
            recipient.code,
            recipient.kind,
            recipient_name or recipient.name,
            announced.date if announced else None,
            announced.precision if announced else None,
            announced.text if announced else None,
            _text(cell("aid_type")),
            _text(cell("aid_type_specific")),
            measure,
            measure_name,
            system,
            system_key,
            category,
            item,
            quantity,
            quantity_delivered,
            value,
            currency,
            delivered,
            layout.value.header if layout.value is not None and value is not None else None,
            _text(cell("sources")),
            _text(cell("note")),
            where,
        )
