"""Sentence boundaries in cleaned text, as character spans.

A rule-based splitter: a sentence ends at `.`, `!` or `?` (with any closing quotes or brackets)
followed by space and a capital, digit or opening quote — unless the word before is a known
abbreviation (U.S., Mr., e.g.) or an initial. Paragraph breaks always end a sentence.

A "sentence" longer than `MAX_SENTENCE_CHARS` is not prose (a text without punctuation, a table
flattened into one line): `cut_long` cuts it at spaces into pieces no longer than that, so that
the stages reading sentences one at a time (claims, events) work on pieces of bounded size.
Everything here is linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

# Real sentences stay far below this (the longest in the evaluation documents and the reference
# article is under 900 characters); a longer one would make every claim and event summary in it
# as long, and attribution search grows with its square.
MAX_SENTENCE_CHARS = 2_000

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
# Starts only at the first mark of a run ("...", "?!"): a match starting further in would end at
# the same place, and trying one at every mark of a long run ("....") takes its square in time.
_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-ÞА-Я])")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
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


def cut_long(
    text: str, spans: list[Span], limit: int = MAX_SENTENCE_CHARS
) -> tuple[list[Span], int]:
    """`spans` with every span longer than `limit` cut at spaces (hard, inside a word with no
    space in the second half of the limit) into pieces of at most `limit`; and how many spans
    were cut."""
    if all(s.end - s.start <= limit for s in spans):
        return spans, 0
    out: list[Span] = []
    cut = 0
    for span in spans:
        if span.end - span.start <= limit:
            out.append(span)
            continue
        cut += 1
        position = span.start
        while span.end - position > limit:
            low, high = position + limit // 2, position + limit
            at = max(text.rfind(" ", low, high), text.rfind("\n", low, high))
            at = at if at > position else high
            piece = _trimmed(text, position, at)
            if piece.end > piece.start:
                out.append(piece)
            position = at
            while position < span.end and text[position].isspace():
                position += 1
        if position < span.end:
            out.append(_trimmed(text, position, span.end))
    return out, cut


def containing(spans: list[Span], offset: int) -> Span | None:
    """The sentence a position belongs to: the one it is inside or right after."""
    for span in spans:
        if span.start <= offset <= span.end:
            return span
    before = [s for s in spans if s.end <= offset]
    return before[-1] if before else None


class Index:
    """Spans as `split` gives them (in text order, not overlapping), for `containing` lookups in
    logarithmic time; the answers are those of `containing(spans, offset)`."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]

    def containing(self, offset: int) -> Span | None:
        """The sentence a position belongs to: the one it is inside or right after."""
        first = bisect_left(self.ends, offset)  # the first span ending at or after offset
        if first < len(self.spans) and self.starts[first] <= offset:
            return self.spans[first]
        before = bisect_right(self.ends, offset)  # spans ending at or before offset
        return self.spans[before - 1] if before else None
