"""SIPRI Arms Transfers Database: the trade register (one line per deal) and the
per-delivery-year export (one line per deal and year), both to `arms_deals`, one row per deal.

Trade register (`sipri-trade-register`): Latin-1 text, a preamble, then the header
`Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,…` with three unnamed
columns holding `?` where the value before them is uncertain. SIPRI does not quote fields (it
writes ';' where a comma would be), but a line break inside a comment splits a deal over two or
more physical lines: the first ends after the comment, the rest start with the comment's
remainder (empty in the 2025 register) and hold the fields after it. Such continuation lines
are merged back into their deal — a short line continues the short line before while the
fields of both add up to at most 16 — and the deal's locator names every line ("lines
5432-5433").

Per-delivery-year export (`sipri-deliveries`): `SIPRI AT Database ID, Supplier, Recipient,
Designation, …, Delivery year, …, TIV delivery values, Local production`. The rows of one deal
id are summed into one deal: delivered and TIV over its years, the years as a list. A year
given twice for the same deal is rejected rather than counted twice. The export has no number
ordered, so `ordered` stays NULL.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from hybridwatch.arms import comments, countries, systems
from hybridwatch.errors import InputError
from hybridwatch.grading import Grade
from hybridwatch.sources.base import (
    Chunk,
    ChunkBuilder,
    Reader,
    numbered_lines,
    open_maybe_gzip,
    register,
)

log = logging.getLogger(__name__)

DEALS = pa.schema(
    [
        ("deal_key", pa.string()),
        ("supplier", pa.string()),
        ("supplier_kind", pa.string()),
        ("supplier_name", pa.string()),
        ("recipient", pa.string()),
        ("recipient_kind", pa.string()),
        ("recipient_name", pa.string()),
        ("financiers", pa.list_(pa.string())),
        ("via", pa.list_(pa.string())),
        ("system", pa.string()),
        ("system_key", pa.string()),
        ("designation", pa.string()),
        ("description", pa.string()),
        ("category", pa.string()),
        ("order_year", pa.int16()),
        ("order_year_uncertain", pa.bool_()),
        ("ordered", pa.int32()),
        ("ordered_uncertain", pa.bool_()),
        ("delivered", pa.int32()),
        ("delivered_uncertain", pa.bool_()),
        ("delivery_years", pa.list_(pa.int16())),
        ("delivery_years_uncertain", pa.bool_()),
        ("status", pa.string()),
        ("comments", pa.string()),
        ("local_production", pa.bool_()),
        ("sipri_estimate", pa.bool_()),
        ("tiv_unit", pa.float64()),
        ("tiv_order", pa.float64()),
        ("tiv_delivered", pa.float64()),
        ("fragments", pa.int16()),
        ("locator", pa.string()),
    ]
)
# SIPRI: an established research institute's curated register, from open sources.
SIPRI_GRADE = Grade("B", 2)

REGISTER_COLUMNS = (
    "recipient",
    "supplier",
    "year of order",
    "",
    "number ordered",
    "",
    "weapon designation",
    "weapon description",
    "number delivered",
    "",
    "year(s) of delivery",
    "status",
    "comments",
    "sipri tiv per unit",
    "sipri tiv for total order",
    "sipri tiv of delivered weapons",
)
REGISTER_HEADER = b"Recipient,Supplier,Year of order"
HEADER_SEARCH_LINES = 40
_YEAR = re.compile(r"\d{4}")
_COUNT = re.compile(r"\d+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class Invalid(ValueError):
    """A field that makes its deal unusable; the message says which and why."""


def lines_locator(numbers: Sequence[int]) -> str:
    """ "line 7", "lines 7-8", "lines 3, 7-9": the physical lines a record came from."""
    ordered = sorted(set(numbers))
    if len(ordered) == 1:
        return f"line {ordered[0]}"
    runs: list[str] = []
    start = previous = ordered[0]
    for number in [*ordered[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return "lines " + ", ".join(runs)


def _year(text: str, what: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not _YEAR.fullmatch(value) or not 1900 <= int(value) <= 2100:
        raise Invalid(f"{what} {text!r} is not a year")
    return int(value)


def _count(text: str, what: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not _COUNT.fullmatch(value):
        raise Invalid(f"{what} {text!r} is not a whole number")
    return int(value)


def _tiv(text: str, what: str) -> float | None:
    value = text.strip()
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise Invalid(f"{what} {text!r} is not a number")
    return float(value)


def _flag(text: str, what: str) -> bool:
    value = text.strip()
    if value not in ("", "?"):
        raise Invalid(f"the uncertainty column after {what} holds {text!r}, not '?' or empty")
    return value == "?"


def _years(text: str) -> list[int]:
    years = []
    for part in text.split(";"):
        if part.strip():
            year = _year(part, "year of delivery")
            assert year is not None
            years.append(year)
    return sorted(set(years))


def _party(text: str, what: str) -> countries.Party:
    if not text.strip():
        raise Invalid(f"no {what}")
    return countries.party(text)


@dataclass
class _Deal:
    """One deal's values, shared by both SIPRI formats, in DEALS column order."""

    supplier: countries.Party
    supplier_name: str  # as written
    recipient: countries.Party
    recipient_name: str
    designation: str
    description: str | None
    category: str
    order_year: int | None
    order_year_uncertain: bool
    ordered: int | None
    ordered_uncertain: bool
    delivered: int | None
    delivered_uncertain: bool
    delivery_years: list[int]
    delivery_years_uncertain: bool | None
    status: str | None
    comments: str | None
    tiv_unit: float | None
    tiv_order: float | None
    tiv_delivered: float | None
    deal_key: str | None = None
    local_production: bool | None = None
    sipri_estimate: bool | None = None
    fragments: int = 0

    def add_to(self, rows: ChunkBuilder, locator: str) -> None:
        exclude = (self.supplier.code, self.recipient.code)
        parties = comments.parse(self.comments, exclude=exclude)
        system = systems.canonical(self.designation)
        rows.add(
            self.deal_key,
            self.supplier.code,
            self.supplier.kind,
            self.supplier_name,
            self.recipient.code,
            self.recipient.kind,
            self.recipient_name,
            parties.financiers,
            parties.via,
            system,
            systems.fold(system),
            self.designation,
            self.description,
            self.category,
            self.order_year,
            self.order_year_uncertain,
            self.ordered,
            self.ordered_uncertain,
            self.delivered,
            self.delivered_uncertain,
            self.delivery_years,
            self.delivery_years_uncertain,
            self.status,
            self.comments,
            self.local_production,
            self.sipri_estimate,
            self.tiv_unit,
            self.tiv_order,
            self.tiv_delivered,
            self.fragments,
            locator,
        )


def _clean(text: str) -> str | None:
    value = " ".join(text.split())
    return value or None


def _register_deal(fields: list[str], fragments: int) -> _Deal:
    (
        recipient,
        supplier,
        order_year,
        order_flag,
        ordered,
        ordered_flag,
        designation,
        description,
        delivered,
        delivered_flag,
        years,
        status,
        comment,
        tiv_unit,
        tiv_order,
        tiv_delivered,
    ) = fields
    if not designation.strip():
        raise Invalid("no weapon designation")
    return _Deal(
        supplier=_party(supplier, "supplier"),
        recipient=_party(recipient, "recipient"),
        supplier_name=supplier.strip(),
        recipient_name=recipient.strip(),
        designation=" ".join(designation.split()),
        description=_clean(description),
        category=systems.category(description),
        order_year=_year(order_year, "year of order"),
        order_year_uncertain=_flag(order_flag, "year of order"),
        ordered=_count(ordered, "number ordered"),
        ordered_uncertain=_flag(ordered_flag, "number ordered"),
        delivered=_count(delivered, "number delivered"),
        delivered_uncertain=_flag(delivered_flag, "number delivered"),
        delivery_years=_years(years),
        delivery_years_uncertain=None,
        status=_clean(status),
        comments=_clean(comment),
        tiv_unit=_tiv(tiv_unit, "TIV per unit"),
        tiv_order=_tiv(tiv_order, "TIV for total order"),
        tiv_delivered=_tiv(tiv_delivered, "TIV of delivered weapons"),
        fragments=fragments,
    )


def _join_comment(head: str, tail: str) -> str:
    """A field broken by a line break: its two halves, the break as one space."""
    return " ".join(part for part in (head.rstrip("\r\n "), tail.strip()) if part)


@dataclass
class _Pending:
    fields: list[str]
    lines: list[int] = field(default_factory=list)


@register
class SipriTradeRegisterReader(Reader):
    """SIPRI's trade register CSV (Latin-1, preamble, unnamed `?` columns, broken comments)."""

    kind = "transfers"
    format = "sipri-trade-register"
    table = "arms_deals"
    schema = DEALS
    default_grade = SIPRI_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        return REGISTER_HEADER in head

    def read(self, path: Path) -> Iterator[Chunk]:
        rows = ChunkBuilder(DEALS)
        width = len(REGISTER_COLUMNS)
        merged = 0

        def finish(record: _Pending, problem: str = "") -> None:
            locator = lines_locator(record.lines)
            if len(record.fields) != width:
                rows.reject(locator, f"{len(record.fields)} fields, expected {width}{problem}")
                return
            try:
                deal = _register_deal(record.fields, len(record.lines) - 1)
            except Invalid as exc:
                rows.reject(locator, str(exc))
                return
            deal.add_to(rows, locator)

        with path.open("rb") as raw:
            lines = numbered_lines(path, open_maybe_gzip(raw))
            self._header(path, lines)
            pending: _Pending | None = None
            for number, raw_line in lines:
                text = raw_line.decode("latin-1").rstrip("\r")
                if not text.strip():
                    continue
                fields = text.split(",")
                continues = len(fields) < width  # a whole deal on one line continues nothing
                if (
                    pending is not None
                    and continues
                    and len(pending.fields) + len(fields) <= width + 1
                ):
                    # the rest of a deal whose comment held a line break
                    pending.fields[-1] = _join_comment(pending.fields[-1], fields[0])
                    pending.fields.extend(fields[1:])
                    pending.lines.append(number)
                    merged += 1
                    if len(pending.fields) == width:
                        finish(pending)
                        pending = None
                    continue
                if pending is not None:
                    finish(pending, f", and line {number} does not continue it")
                    pending = None
                if not fields[0].strip() and len(fields) < width:
                    rows.reject(f"line {number}", "continues no deal (empty recipient)")
                elif len(fields) < width:
                    pending = _Pending(fields, [number])
                else:
                    finish(_Pending(fields, [number]))
                if rows.full:
                    yield rows.take(raw.tell())
            if pending is not None:
                finish(pending, " (the file ends inside this deal)")
            log.info("%s: %d continuation lines merged back into their deals", path, merged)
            last = rows.take(raw.tell())
            last.notes["continuation lines merged back into their deals"] = merged
            yield last

    def _header(self, path: Path, lines: Iterator[tuple[int, bytes]]) -> None:
        for number, raw_line in lines:
            if raw_line.startswith(REGISTER_HEADER):
                names = tuple(
                    name.strip().casefold() for name in raw_line.decode("latin-1").split(",")
                )
                if names != REGISTER_COLUMNS:
                    raise InputError(
                        path,
                        "not the trade register's 16 columns (Recipient, Supplier, Year of order,"
                        f" ?, Number ordered, ?, …); found {len(names)}: {', '.join(names)}",
                        f"line {number}",
                    )
                return
            if number >= HEADER_SEARCH_LINES:
                break
        raise InputError(
            path,
            f"no trade-register header (Recipient,Supplier,Year of order,…) in the first"
            f" {HEADER_SEARCH_LINES} lines",
        )


DELIVERY_COLUMNS = (
    "sipri at database id",
    "supplier",
    "recipient",
    "designation",
    "description",
    "armament category",
    "order date",
    "order date is estimate",
    "numbers delivered",
    "numbers delivered is estimate",
    "delivery year",
    "delivery year is estimate",
    "status",
    "sipri estimate",
    "tiv deal unit",
    "tiv delivery values",
    "local production",
)
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def _yes_no(text: str, what: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise Invalid(f"{what} {text!r} is not yes or no")


def _order_year(text: str) -> int | None:
    value = text.strip()
    if len(value) >= 10 and value[4] == "-":  # a full date: the year is what a deal keeps
        value = value[:4]
    return _year(value, "order date")


@dataclass
class _Aggregate:
    """The rows of one SIPRI AT Database ID seen so far."""

    deal: _Deal
    first_line: int
    identity: tuple[str, ...]
    lines: list[int] = field(default_factory=list)
    years: dict[int, int] = field(default_factory=dict)  # delivery year -> its line


@register
class SipriDeliveriesReader(Reader):
    """SIPRI's per-delivery-year export: one row per deal and delivery year."""

    kind = "transfers"
    format = "sipri-deliveries"
    table = "arms_deals"
    schema = DEALS
    default_grade = SIPRI_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        lowered = head.lower()
        return b"sipri at database id" in lowered and b"delivery year" in lowered

    def read(self, path: Path) -> Iterator[Chunk]:
        with path.open("rb") as raw:
            data = open_maybe_gzip(raw).read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")  # SIPRI's other exports are Latin-1
        rows = ChunkBuilder(DEALS)
        deals: dict[str, _Aggregate] = {}
        reader = csv.reader(io.StringIO(text, newline=""))
        index: dict[str, int] | None = None
        width = 0
        try:
            for fields in reader:
                number = reader.line_num
                if index is None:
                    if number > HEADER_SEARCH_LINES:
                        break
                    names = [name.strip().rstrip(";").strip().casefold() for name in fields]
                    if "sipri at database id" in names:
                        index, width = self._columns(path, names, number)
                    continue
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) == width + 1 and not fields[-1].strip():
                    fields = fields[:-1]  # a separator after the last column
                if len(fields) != width:
                    rows.reject(f"line {number}", f"{len(fields)} fields, expected {width}")
                    continue
                fields[-1] = fields[-1].rstrip().rstrip(";")
                try:
                    self._add({name: fields[i] for name, i in index.items()}, number, deals)
                except Invalid as exc:
                    rows.reject(f"line {number}", str(exc))
        except csv.Error as exc:
            raise InputError(path, f"malformed CSV ({exc})", f"line {reader.line_num}") from exc
        if index is None:
            raise InputError(
                path,
                f"no header with 'SIPRI AT Database ID' in the first {HEADER_SEARCH_LINES} lines",
            )
        for aggregate in deals.values():
            aggregate.deal.delivery_years = sorted(aggregate.years)
            aggregate.deal.add_to(rows, lines_locator(aggregate.lines))
            if rows.full:
                yield rows.take(len(data))
        yield rows.take(len(data))

    @staticmethod
    def _columns(path: Path, names: list[str], number: int) -> tuple[dict[str, int], int]:
        """Where each needed column is, and how many fields a row has."""
        missing = [name for name in DELIVERY_COLUMNS if name not in names]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}", f"line {number}")
        while names and not names[-1]:
            names.pop()
        return {name: names.index(name) for name in DELIVERY_COLUMNS}, len(names)

    @staticmethod
    def _add(values: dict[str, str], number: int, deals: dict[str, _Aggregate]) -> None:
        deal_id = values["sipri at database id"].strip()
        if not deal_id:
            raise Invalid("no SIPRI AT Database ID")
        identity = tuple(
            " ".join(values[name].split())
            for name in ("supplier", "recipient", "designation", "order date")
        )
        year = _year(values["delivery year"], "delivery year")
        delivered = _count(values["numbers delivered"], "numbers delivered")
        tiv = _tiv(values["tiv delivery values"], "TIV delivery values")
        delivered_estimate = _yes_no(
            values["numbers delivered is estimate"], "numbers delivered is estimate"
        )
        year_estimate = _yes_no(values["delivery year is estimate"], "delivery year is estimate")
        aggregate = deals.get(deal_id)
        if aggregate is None:
            description = values["description"]
            deal = _Deal(
                supplier=_party(values["supplier"], "supplier"),
                recipient=_party(values["recipient"], "recipient"),
                supplier_name=values["supplier"].strip(),
                recipient_name=values["recipient"].strip(),
                designation=" ".join(values["designation"].split()),
                description=_clean(description),
                category=systems.category(description, values["armament category"]),
                order_year=_order_year(values["order date"]),
                order_year_uncertain=_yes_no(
                    values["order date is estimate"], "order date is estimate"
                ),
                ordered=None,
                ordered_uncertain=False,
                delivered=None,
                delivered_uncertain=False,
                delivery_years=[],
                delivery_years_uncertain=False,
                status=_clean(values["status"]),
                comments=None,
                tiv_unit=_tiv(values["tiv deal unit"], "TIV deal unit"),
                tiv_order=None,
                tiv_delivered=None,
                deal_key=deal_id,
                local_production=_yes_no(values["local production"], "local production"),
                sipri_estimate=_yes_no(values["sipri estimate"], "SIPRI estimate"),
            )
            if not deal.designation:
                raise Invalid("no designation")
            aggregate = _Aggregate(deal, number, identity)
            deals[deal_id] = aggregate
        elif identity != aggregate.identity:
            raise Invalid(
                f"deal {deal_id}: supplier, recipient, designation or order date differ from"
                f" line {aggregate.first_line}"
            )
        if year is not None and year in aggregate.years:
            raise Invalid(
                f"deal {deal_id}: delivery year {year} already given at line"
                f" {aggregate.years[year]} (not counted twice)"
            )
        deal = aggregate.deal
        aggregate.lines.append(number)
        if year is not None:
            aggregate.years[year] = number
        if delivered is not None:
            deal.delivered = (deal.delivered or 0) + delivered
        if tiv is not None:
            deal.tiv_delivered = (deal.tiv_delivered or 0.0) + tiv
        deal.delivered_uncertain = deal.delivered_uncertain or delivered_estimate
        deal.delivery_years_uncertain = bool(deal.delivery_years_uncertain) or year_estimate
