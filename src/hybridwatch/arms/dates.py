"""Dates in the analyst's ledger, with how precisely they are known.

A date is stored as the first day of the period it names, beside its precision and the text as
written: "2024-03-15" (day), "2024-03" or "March 2024" (month), "2024" (year), and approximate
forms — "mid-2024", "early 2024", "late 2024", "Q2 2024", "H1 2024", "spring 2024", "c. 2024",
"~2024", "2024?" — at the start of the part of the year they name (mid = 1 July).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "approximate")  # finest first

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_PART_OF_YEAR = {
    "early": 1,
    "beginning of": 1,
    "start of": 1,
    "mid": 7,
    "middle of": 7,
    "late": 10,
    "end of": 10,
    "q1": 1,
    "q2": 4,
    "q3": 7,
    "q4": 10,
    "h1": 1,
    "h2": 7,
    "spring": 3,
    "summer": 6,
    "autumn": 9,
    "fall": 9,
    "winter": 12,
}
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_WORDS = re.compile(r"(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})")
_PARTS = "|".join(sorted(map(re.escape, _PART_OF_YEAR), key=len, reverse=True))
_PART = re.compile(rf"({_PARTS})[\s-]*(\d{{4}})")
_CIRCA = re.compile(
    r"(?:c\.|ca\.|circa|about|around|approx\.?|approximately|~)\s*(\d{4})|(\d{4})\s*\?"
)


@dataclass(frozen=True)
class LedgerDate:
    date: date
    precision: str  # one of PRECISIONS
    text: str


def _checked(year: int, month: int = 1, day: int = 1) -> date:
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} is out of range (1900–2100)")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a calendar date ({exc})") from None


def parse_date(text: str) -> LedgerDate:
    """The date a ledger cell gives, with the precision its form implies; ValueError if none."""
    written = " ".join(text.split())
    lowered = written.casefold()
    if found := _ISO.fullmatch(lowered):
        year, month, day = found.groups()
        precision = "day" if day else "month" if month else "year"
        return LedgerDate(_checked(int(year), int(month or 1), int(day or 1)), precision, written)
    if (found := _WORDS.fullmatch(lowered)) and found.group(2) in _MONTHS:
        day_text, month_name, year = found.groups()
        parsed = _checked(int(year), _MONTHS[month_name], int(day_text or 1))
        return LedgerDate(parsed, "day" if day_text else "month", written)
    if found := _PART.fullmatch(lowered):
        return LedgerDate(
            _checked(int(found.group(2)), _PART_OF_YEAR[found.group(1)]), "approximate", written
        )
    if found := _CIRCA.fullmatch(lowered):
        return LedgerDate(_checked(int(found.group(1) or found.group(2))), "approximate", written)
    raise ValueError(
        f"date {written!r} is not YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024' or an approximate"
        " form such as 'mid-2024'"
    )


def with_precision(parsed: LedgerDate, precision: str | None) -> LedgerDate:
    """The date with the analyst's stated precision, which may be coarser than the date's form
    ("2024-03-15" known only to the month) but never finer ("day" for "2024")."""
    if not precision:
        return parsed
    stated = precision.strip().casefold()
    if stated not in PRECISIONS:
        raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if PRECISIONS.index(stated) < PRECISIONS.index(parsed.precision):
        raise ValueError(
            f"precision {stated!r} is finer than the date {parsed.text!r} gives"
            f" ({parsed.precision})"
        )
    return LedgerDate(parsed.date, stated, parsed.text)
