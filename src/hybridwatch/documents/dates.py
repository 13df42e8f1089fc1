"""Date mentions in an analyst's prose, with offsets into the text.

Rules, not a parser: explicit day/month/year forms, month and year ranges, early/mid/late
modifiers and bare years. A mention without its own year takes `context_year` (never today's
date); where there is none it is left out. `context_year_of` gives the latest year a text states.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

__all__ = ["DateMention", "Readings", "context_year_of", "find_dates", "scan"]

# Every match of every date pattern in a text, with its pattern's kind (`scan`).
Readings = list[tuple[str, re.Match[str]]]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    date: str  # ISO yyyy-mm-dd; first day for month/year precision
    end_date: str | None  # last day covered, for ranges and early/late windows
    precision: str  # day | month | year | approximate
    text: str


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?:{_FULL}|{_ABBR})(?![A-Za-z])"
BARE_YEAR = r"(?:19\d\d|20\d\d|2100)(?![\w/]|[.,]\d)"
YEAR = rf"(?<![\w./-]){BARE_YEAR}"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w/]|[.,:]\d)"
MOD = r"(?:early|mid|late|Early|Mid|Late)"
DASH = r"\s*[-–—]\s*"
RANGE_SEP = rf"(?:{DASH}|\s+(?:to|through|until|till|and)\s+)"
PREP = r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter|[Tt]hrough)"
# A four-digit number followed by one of these counts things; it is not a year.
_COUNT_AFTER = re.compile(
    r"\s*-?\s*(?:mm|cm|km|kg|%|percent|per cent|units?|people|persons|troops|soldiers|men|"
    r"tons|tonnes|rounds|shells|times|vehicles|aircraft|flights|dollars|euros|metres|meters)\b",
)


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _last(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day_num(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _month_edge(mod: str | None, year: int, month: int, *, start: bool) -> int:
    """The day a modified month begins (start) or ends: early 1–10, mid 15, late 21–last."""
    mod = (mod or "").lower()
    if mod == "mid":
        return 15
    if mod == "early":
        return 1 if start else 10
    if mod == "late":
        return 21 if start else _last(year, month)
    return 1 if start else _last(year, month)


_YEAR_WINDOWS = {"early": ((1, 1), (3, 31)), "mid": ((4, 1), (9, 30)), "late": ((10, 1), (12, 31))}

# Each pattern: (regex, handler name). Group "d" is the span when present, else the match.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?P<y>19\d\d|20\d\d)-(?P<m>[01]\d)-(?P<dd>[0-3]\d)\b"), "iso"),
    (
        re.compile(
            rf"\b(?P<mo>{MONTH})\s+(?P<d1>{DAY})(?:{DASH}(?P<d2>{DAY}))?(?:,?\s+(?P<y>{YEAR}))?"
        ),
        "mdy",
    ),
    (
        re.compile(
            rf"(?<![\w.,-])(?P<d1>{DAY})(?:{DASH}(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<mo>{MONTH})"
            rf"(?:,?\s+(?P<y>{YEAR}))?"
        ),
        "mdy",
    ),
    (
        re.compile(
            rf"\b(?:(?P<mod1>{MOD})[-\s]?)?(?P<mo1>{MONTH})(?:,?\s+(?P<y1>{YEAR}))?{RANGE_SEP}"
            rf"(?:(?P<mod2>{MOD})[-\s]?)?(?P<mo2>{MONTH})(?:,?\s+(?P<y2>{YEAR}))?"
        ),
        "month_range",
    ),
    (re.compile(rf"\b(?:(?P<mod>{MOD})[-\s]?)?(?P<mo>{MONTH}),?\s+(?P<y>{YEAR})"), "month"),
    (re.compile(rf"\b(?P<mod>{MOD})[-\s]?(?P<mo>{MONTH})"), "month"),
    (re.compile(rf"\b{PREP}\s+(?P<d>(?P<mo>{MONTH}))"), "month"),
    (
        re.compile(rf"(?P<y1>{YEAR}){DASH}(?P<y2>19\d\d|20\d\d|2100|\d\d)(?![\w/]|[.,]\d)"),
        "year_range",
    ),
    (re.compile(rf"\b(?P<mod>{MOD})[-\s]?(?P<y>{BARE_YEAR})"), "year_mod"),
    (re.compile(r"(?<![\w./-])(?P<y>19\d0|20\d0)s\b"), "decade"),
    (re.compile(rf"(?P<y>{YEAR})"), "year"),
]  # fmt: skip


def _build(
    kind: str, m: re.Match[str], context_year: int | None
) -> tuple[str, str | None, str] | None:
    g = m.groupdict()
    if kind == "iso":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["dd"])
        if not 1 <= mo <= 12 or not 1 <= d <= _last(y, mo):
            return None
        return _iso(y, mo, d), None, "day"
    if kind == "mdy":
        year = int(g["y"]) if g.get("y") else context_year
        if year is None:
            return None
        mo = _month(g["mo"])
        d1 = _day_num(g["d1"])
        d2 = _day_num(g["d2"]) if g.get("d2") else None
        if d1 > _last(year, mo) or (d2 is not None and not d1 < d2 <= _last(year, mo)):
            return None
        return _iso(year, mo, d1), _iso(year, mo, d2) if d2 else None, "day"
    if kind == "month_range":
        m1, m2 = _month(g["mo1"]), _month(g["mo2"])
        y2 = int(g["y2"]) if g.get("y2") else None
        y1 = int(g["y1"]) if g.get("y1") else None
        if y2 is None:
            y2 = y1 if y1 is not None and m1 <= m2 else context_year
        if y2 is None:
            return None
        if y1 is None:
            y1 = y2 if m1 <= m2 else y2 - 1
        if (y1, m1) >= (y2, m2):
            return None
        start = _iso(y1, m1, _month_edge(g["mod1"], y1, m1, start=True))
        end = _iso(y2, m2, _month_edge(g["mod2"], y2, m2, start=False))
        approx = g["mod1"] or g["mod2"]
        return start, end, "approximate" if approx else "month"
    if kind == "month":
        year = int(g["y"]) if g.get("y") else context_year
        if year is None:
            return None
        mo = _month(g["mo"])
        mod = g.get("mod")
        if not mod:
            return _iso(year, mo, 1), None, "month"
        first = _month_edge(mod, year, mo, start=True)
        last = _month_edge(mod, year, mo, start=False)
        return _iso(year, mo, first), _iso(year, mo, last) if last != first else None, "approximate"
    if kind == "year_range":
        y1, raw2 = int(g["y1"]), g["y2"]
        y2 = int(raw2) if len(raw2) == 4 else y1 // 100 * 100 + int(raw2)
        if not y1 < y2 <= y1 + 50:
            return None
        return _iso(y1, 1, 1), _iso(y2, 12, 31), "year"
    if kind == "year_mod":
        y = int(g["y"])
        (m1, d1), (m2, d2) = _YEAR_WINDOWS[g["mod"].lower()]
        return _iso(y, m1, d1), _iso(y, m2, d2), "approximate"
    if kind == "decade":
        y = int(g["y"])
        return _iso(y, 1, 1), _iso(y + 9, 12, 31), "year"
    y = int(g["y"])
    if _COUNT_AFTER.match(m.string, m.end()):
        return None
    return _iso(y, 1, 1), None, "year"


def scan(text: str) -> Readings:
    """Every match of every date pattern in `text`, for `find_dates` and `context_year_of` to
    read the text once when they look at it several times (with other context years)."""
    return [(kind, m) for pattern, kind in _PATTERNS for m in pattern.finditer(text)]


def find_dates(
    text: str, context_year: int | None, readings: Readings | None = None
) -> list[DateMention]:
    """Date mentions in `text`, in order, none overlapping; the longest reading wins.
    `readings`: `scan(text)`, when the caller has it already."""
    candidates: list[DateMention] = []
    for kind, m in scan(text) if readings is None else readings:
        built = _build(kind, m, context_year)
        if built is None:
            continue
        start, end = m.span("d") if m.groupdict().get("d") is not None else m.span()
        date, end_date, precision = built
        candidates.append(DateMention(start, end, date, end_date, precision, text[start:end]))
    # Only overlapping readings compete: the longest first is chosen within each run of
    # readings linked by overlaps, which keeps this linear in the number of readings.
    chosen: list[DateMention] = []
    for group in _overlapping(candidates):
        group.sort(key=lambda c: (-(c.end - c.start), c.start))
        kept: list[DateMention] = []
        for c in group:
            if all(c.end <= o.start or c.start >= o.end for o in kept):
                kept.append(c)
        chosen.extend(kept)
    return sorted(chosen, key=lambda c: c.start)


def _overlapping(candidates: list[DateMention]) -> list[list[DateMention]]:
    """The candidates in groups linked by overlaps, in text order (stable within a group)."""
    groups: list[list[DateMention]] = []
    reach = -1
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start < reach:
            groups[-1].append(c)
            reach = max(reach, c.end)
        else:
            groups.append([c])
            reach = c.end
    return groups


def context_year_of(text: str, readings: Readings | None = None) -> int | None:
    """The latest year (1900–2100) the text states as a date, or None."""
    years = [
        int(d[:4])
        for mention in find_dates(text, None, readings)
        for d in (mention.date, mention.end_date)
        if d is not None
    ]
    return max(years, default=None)
