"""Sentence boundaries in cleaned text, as character spans.

A rule-based splitter: a sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
followed by space and a capital, digit or opening quote — unless the word before is a known
abbreviation (U.S., Mr., e.g.) or an initial. Paragraph breaks always end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "fig",
        "figs",
        "vol",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
    ]
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-ÞА-Я])")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)\.?$", text[max(0, dot - 12) : dot + 1])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split(text: str, skip: set[int] | None = None) -> list[Span]:
    """Sentence spans of `text`, trimmed of surrounding space; paragraphs starting at an
    offset in `skip` (headings) are left out."""
    spans: list[Span] = []
    position = 0
    for paragraph in [*_PARAGRAPH.split(text)]:
        start = text.index(paragraph, position) if paragraph else position
        position = start + len(paragraph)
        if not paragraph.strip() or (skip and start in skip):
            continue
        cursor = start
        for match in _END.finditer(paragraph):
            end = start + match.end()
            if match.group(0).startswith(".") and _is_abbreviation(text, start + match.start()):
                continue
            spans.append(_trimmed(text, cursor, end))
            cursor = end
        if text[cursor:position].strip():
            spans.append(_trimmed(text, cursor, position))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def containing(spans: list[Span], offset: int) -> Span | None:
    """The sentence a position belongs to: the one it is inside or right after."""
    for span in spans:
        if span.start <= offset <= span.end:
            return span
    before = [s for s in spans if s.end <= offset]
    return before[-1] if before else None
