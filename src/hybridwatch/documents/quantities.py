"""Counted quantities in an analyst's prose: "over 70 units of ... howitzers", "six flights".

Rules, not a parser. A quantity is a number (digits or a number word) with an optional qualifier
before it ("over", "only", "at least") or just after it ("confirmed"), an optional unit
("percent", "units of") and the thing counted, read up to a preposition, verb, punctuation or
the word after a plural noun. Years and other dates (found by `dates.find_dates`), calibres
("122-mm", "155mm"), model designations ("Il-76", "Su-25"), ordinals and numbers glued to
letters are not quantities; neither is a bare number with nothing counted after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from hybridwatch.documents.dates import Readings, find_dates

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str | None  # "percent", "units", "km", "USD", ...
    item: str  # the thing counted ("" when a unit stands alone: "rose by 30 percent")
    qualifier: str | None  # over, only, around, at least, up to, confirmed, ...
    start: int
    end: int


_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# "dozens of X": the least the word can mean (two dozen), qualifier names the word.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}

# "a"/"an" only before dozen/hundred/thousand: a bare article is never a count ("a million" is
# not read either), and matching every article would cost a match per few words.
_WORD_NUM = (
    rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(list(_WORDS)[:9])}))?|{'|'.join(_WORDS)}"
    r"|(?:a|an)(?=\s+(?:dozen|hundred|thousand)\b))"
)
# The lookahead only skips quickly where no number can start: a currency sign, a digit, or a word
# starting as a number word does.
_NUMBER_START = "".join(sorted({w[0] for w in [*_TENS, *_WORDS, "a", *_VAGUE]}))
_NUMBER = re.compile(
    rf"(?=[$€£\d]|\b[{_NUMBER_START}])"
    r"(?P<cur>[$€£])?"
    r"(?:(?P<digits>(?<![\w./:-])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w./,:-])\d+(?:\.\d+)?)"
    rf"|(?P<word>\b{_WORD_NUM}\b(?:\s+(?:dozen|hundred|thousand)\b)?)"
    r"|(?P<vague>\b(?:dozens|scores|hundreds|thousands|millions)\s+of\b))"
    r"(?:\s+(?P<mult>hundred|thousand|million|billion|mn|bn)\b)?",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
_PRE_QUALIFIER = re.compile(
    r"(?:^|(?<=\W))(?P<q>well over|more than|less than|fewer than|at least|at most|up to|"
    r"as many as|as few as|close to|a total of|an estimated|approximately|roughly|nearly|"
    r"almost|around|about|over|only|just|exactly|some|under|below|above|estimated)\s+$",
    re.IGNORECASE,
)
_POST_QUALIFIER = re.compile(
    r"\s+(?P<q>confirmed|reported|estimated|documented|verified|recorded|known|additional)\b"
)
_UNIT = re.compile(
    r"(?:\s*(?P<pct>%)|\s+(?P<u>percent|per cent|units?|tons|tonnes|km|kilometers|kilometres|"
    r"miles|kg|kilograms|dollars|euros|sorties|batches|shipments))"
    r"(?:\s+of(?:\s+(?:the|its|their|these|those))?)?(?![\w-])",
    re.IGNORECASE,
)
_UNIT_NAMES = {
    "per cent": "percent",
    "unit": "units",
    "%": "percent",
    "dollars": "USD",
    "euros": "EUR",
}
# After the number: a calibre, a compound adjective ("three-day"), an ordinal, a time.
_NOT_A_COUNT = re.compile(r"(?:\s*-?\s*(?:mm|cm|millimet(?:er|re))\b|-[A-Za-z]|[A-Za-z]|:\d|/)")
_TOKEN = re.compile(r" (?P<t>[A-Za-z0-9][A-Za-z0-9'’/.-]*[A-Za-z0-9]|[A-Za-z0-9])")
_STOP = frozenset(
    [
        "to",
        "for",
        "from",
        "by",
        "with",
        "in",
        "on",
        "at",
        "between",
        "into",
        "onto",
        "over",
        "under",
        "against",
        "during",
        "since",
        "after",
        "before",
        "per",
        "across",
        "within",
        "among",
        "through",
        "toward",
        "towards",
        "of",
        "off",
        "via",
        "than",
        "and",
        "or",
        "but",
        "nor",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "as",
        "when",
        "where",
        "if",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "had",
        "has",
        "have",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "did",
        "do",
        "does",
        "not",
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "such",
        "each",
        "every",
        "any",
        "all",
        "some",
        "no",
        "both",
        "either",
        "more",
        "most",
        "other",
    ]
)
_NOT_AFTER_ONE = frozenset(["of", "another", "or"])
_NOT_BEFORE_ONE = frozenset(
    ["no", "any", "every", "some", "the", "this", "that", "which", "each", "anyone", "someone"]
)


def _word_value(raw: str) -> float:
    parts = raw.lower().split()
    head = parts[0]
    if head in ("a", "an"):
        value = 1.0
    elif "-" in head:
        tens, ones = head.split("-")
        value = float(_TENS[tens] + _WORDS[ones])
    else:
        value = float(_TENS.get(head) or _WORDS[head])
    if len(parts) > 1:
        value *= 12 if parts[1] == "dozen" else _MULTIPLIERS[parts[1]]
    return value


def _item(text: str, pos: int) -> tuple[str, int]:
    """The counted thing starting at `pos` (just after the number/unit) and where it ends."""
    words: list[str] = []
    end = pos
    while len(words) < 6:
        m = _TOKEN.match(text, end)
        if m is None:
            break
        token = m.group("t")
        if token.lower() in _STOP:
            break
        if token.isdigit() and not (words and words[-1][:1].isupper()):
            break  # a bare number is only part of a name: "Zuzana 2 howitzers"
        if words and _plural(words[-1]) and token[:1].islower():
            break  # "artillery shells promised by ..."
        words.append(token)
        end = m.end()
    return " ".join(words), end


def _plural(word: str) -> bool:
    return word[:1].islower() and len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def find_quantities(text: str, readings: Readings | None = None) -> list[Quantity]:
    """Quantities in `text`, in order; spans run from the qualifier to the end of the item.
    `readings`: `dates.scan(text)`, when the caller has it already."""
    # Any year: spans only. They are in order and do not overlap, so starts and ends both rise.
    dates = find_dates(text, 2000, readings)
    date_starts = [d.start for d in dates]
    date_ends = [d.end for d in dates]
    found: list[Quantity] = []
    floor = 0
    for m in _NUMBER.finditer(text):
        n_start, n_end = m.span()
        if n_start < floor:
            continue
        first = bisect_right(date_ends, n_start)  # the first date ending after the number starts
        if first < len(dates) and date_starts[first] < n_end:
            continue  # inside a date
        word = m.group("word")
        if word and word.lower() in ("a", "an"):
            continue  # a bare article
        digits_end = m.end("digits")
        if digits_end >= 0 and not m.group("mult") and _NOT_A_COUNT.match(text, digits_end):
            continue
        if m.group("word") and re.match(r"-[A-Za-z]", text[n_end : n_end + 2]):
            continue  # "three-day", "one-sided"
        qualifier: str | None = None
        if m.group("digits") is not None:
            value = float(m.group("digits").replace(",", ""))
        elif m.group("word") is not None:
            value = _word_value(m.group("word"))
            head = m.group("word").lower().split()[0]
            if head == "one":
                before = text[max(0, n_start - 12) : n_start].lower().split()
                after = text[n_end : n_end + 10].lower().split()
                if (before and before[-1] in _NOT_BEFORE_ONE) or (
                    after and after[0] in _NOT_AFTER_ONE
                ):
                    continue
        else:
            vague = m.group("vague").lower().split()[0]
            value, qualifier = float(_VAGUE[vague]), vague
        if m.group("mult"):
            mult = m.group("mult").lower()
            value *= {"mn": 1_000_000, "bn": 1_000_000_000}.get(mult) or _MULTIPLIERS[mult]
        start = n_start
        pre = _PRE_QUALIFIER.search(text, max(0, n_start - 20), n_start)
        if pre is not None:
            qualifier, start = pre.group("q").lower(), pre.start()
        pos = n_end
        post = _POST_QUALIFIER.match(text, pos)
        if post is not None:
            qualifier = qualifier or post.group("q")
            pos = post.end()
        unit: str | None = _CURRENCY.get(m.group("cur") or "")
        u = _UNIT.match(text, pos)
        if u is not None:
            raw = (u.group("pct") or u.group("u")).lower()
            unit = _UNIT_NAMES.get(raw, raw)
            pos = u.end()
        item, end = _item(text, pos)
        if not item and unit is None:
            continue
        if not item:
            end = u.end("pct") if u is not None and u.group("pct") else (u.end("u") if u else n_end)
        found.append(Quantity(value, unit, item, qualifier, start, end))
        floor = end
    return found
