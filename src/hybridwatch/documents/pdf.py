"""PDF to text: the text layer read page by page, the way an analyst reads the printed brief.

pdfminer.six's layout analysis gives the lines of each page with every character's font, size and
position. From them, in this order:

1. Page furniture. A line at the top or bottom edge of a page whose text recurs at the same edge
   on several pages (digits masked, so "Page 2" and "Page 3" are the same line) is a running
   header or footer and goes; so does a bare page number ("3", "- 3 -", "Page 3 of 9") there.
2. Footnotes. The lines at the bottom of a page set in a font smaller than the body are the
   footnote block when it starts with a number (`1.`, `1)`, `1 `, a superscript 1). The block is
   taken out of the body; each note's text is kept by its number (`Converted.notes`). Small lines
   before the first number continue the previous page's last note.
3. Footnote markers. Digits smaller than the line's text and raised above its baseline are
   superscript markers: they become plain digits glued to what precedes them (`Baku.3`,
   `Army,4`), the form `clean.py` finds markers in.
4. Paragraphs. Lines are read top to bottom; on a page set in columns (several left edges shared
   by many lines), column by column within each band between lines spanning the columns. Pieces
   of one printed line (layout analysis cuts justified lines at wide spaces) are put back
   together. A paragraph ends at a gap wider than the line spacing, a first-line indent, a change
   of font size or weight (headings stand alone) or a short line ending a sentence; it goes on
   across a column or page break (past that page's footnotes) when the column ends in a full or
   unfinished line. A word hyphenated at a line end is rejoined (`Bul-` + `garia`) unless the
   hyphen is the word's own: the next part starts with a capital or a digit (`Il-` + `76MD`,
   `mid-` + `March`), or the document writes the word with that hyphen elsewhere, or the first
   part is a prefix and the second a word of the document (`self-` + `propelled`). A line-end
   hyphen that is not the character the document uses inside words (WeasyPrint's U+2010, a soft
   hyphen) is always hyphenation. A compound the document writes only once, broken at its own
   hyphen with the same character (`end-` + `user`), loses the hyphen.
5. Metadata. Title, author and creation date come from the document information dictionary;
   without a usable title there, a large-type paragraph at the top of the first page is the title.
   The title paragraph is taken out of the body (it is metadata, as an HTML page's `<title>`).

Only the page content streams and the fonts inside the file are read: nothing the PDF refers to
is fetched, and links, JavaScript, forms, annotations and attachments are ignored. A PDF that
needs a password, or is damaged or truncated, raises `PDFError` with a one-line reason. A PDF
without a text layer (a scan) gives empty text.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTChar,
    LTContainer,
    LTItem,
    LTPage,
    LTTextLine,
)

from hybridwatch.documents.formats import Converted

__all__ = ["PDFError", "from_pdf"]


class PDFError(Exception):
    """A PDF that cannot be read (needs a password, damaged, truncated); the message is one line."""


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    size: float  # font size of the line's text (superscripts left out)
    bold: bool
    text: str
    lead: str = ""  # superscript digits opening the line: a note's number, or a wrapped marker


@dataclass
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)

    @property
    def last(self) -> _Line:
        return self.lines[-1]


_DIGITS = frozenset("0123456789")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_CID = re.compile(r"\(cid:\d+\)")
_SPACES = re.compile(r"\s+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# A bare page number at a page edge: "3", "- 3 -", "[3]", "Page 3", "Page 3 of 9", "3 / 9".
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|\[\](){}]*(?:(?:page|p\.|seite|стр\.?|sayfa)\s*)?(?:\d{1,4}|[ivx]{1,5})"
    r"(?:\s*(?:/|of|von|из|de)\s*\d{1,4})?[\s\-–—|\[\](){}]*$",
    re.IGNORECASE,
)
_NOTE_START = re.compile(r"^(\d{1,3})(?:[.)]\s*|\s+)(?=\S)")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\d{0,3}$")
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_TAIL = re.compile(r"([^\W\d_]+)([-‐\u00ad])$")
_HEAD = re.compile(r"\w+")
_PREFIXES = frozenset(
    {
        "mid", "anti", "non", "pro", "post", "pre", "neo", "co", "ex", "pan", "semi", "sub",
        "counter", "multi", "inter", "intra", "trans", "ultra", "super", "extra", "pseudo",
        "quasi", "self", "cross", "euro", "well", "long", "short", "high", "low", "full",
    }
)  # fmt: skip
_BAD_TITLES = re.compile(
    r"^(?:untitled|document\d*|microsoft word\b.*|.*\.(?:docx?|odt|pdf|indd|tex|dvi|rtf|pages))$",
    re.IGNORECASE,
)


def _ends_sentence(text: str) -> bool:
    return _ENDS_SENTENCE.search(text[-12:]) is not None


# --- reading the file ---------------------------------------------------------------------------


def _decode(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        text = decode_text(value)
    elif isinstance(value, PSLiteral):
        text = str(value.name)
    elif isinstance(value, str):
        text = value
    else:
        return None
    text = _SPACES.sub(" ", text.replace("\x00", "")).strip()
    return text or None


def _iso_date(raw: str | None) -> str | None:
    """`D:20240315093000+01'00'` → `2024-03-15`; None when it is not a date."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", (raw or "").strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _pages(data: bytes) -> tuple[dict[str, str | None], Iterator[LTPage]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if b"%%EOF" not in data[-2048:]:
        raise PDFError("truncated PDF: no end-of-file marker")
    parser = PDFParser(io.BytesIO(data))
    try:
        document = PDFDocument(parser, password="")
    except PDFPasswordIncorrect as exc:
        raise PDFError("encrypted PDF: a password is needed to open it") from exc
    except PDFEncryptionError as exc:
        raise PDFError(f"encrypted PDF: {_one_line(exc) or 'unsupported encryption'}") from exc
    info: dict[str, Any] = {}
    for entry in document.info:
        if isinstance(entry, dict):
            info.update(entry)
    meta = {key: _decode(info.get(key)) for key in ("Title", "Author", "CreationDate")}
    pages = list(PDFPage.create_pages(document))
    if not pages:
        raise PDFError("damaged PDF: no pages found")

    def layouts() -> Iterator[LTPage]:
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        for page in pages:
            interpreter.process_page(page)
            yield device.get_result()

    return meta, layouts()


def _one_line(exc: BaseException) -> str:
    return _SPACES.sub(" ", str(exc)).strip()[:160]


def _text_lines(item: LTItem) -> Iterator[LTTextLine]:
    if isinstance(item, LTTextLine):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _text_lines(child)


def _read_line(line: LTTextLine, page: int, height: float) -> _Line | None:
    items = list(line)
    chars = [c for c in items if isinstance(c, LTChar) and c.get_text().strip()]
    if not chars:
        return None
    size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
    base = statistics.median(c.y0 for c in chars if round(c.size, 1) == size)
    lead = ""
    out: list[str] = []
    run: list[str] = []  # superscript digits being read

    def flush_run() -> None:
        nonlocal lead
        if not run:
            return
        if "".join(out).strip():
            while out and out[-1].isspace():
                out.pop()
            out.append("".join(run))  # glued to what it marks: "Baku.3"
        else:
            lead += "".join(run)
        run.clear()

    for item in items:
        if isinstance(item, LTChar):
            text = item.get_text()
            if text in _DIGITS and item.size < 0.85 * size and item.y0 > base + 0.15 * size:
                run.append(text)
                continue
            flush_run()
            out.append(text)
        elif isinstance(item, LTAnno):
            flush_run()
            out.append(" " if item.get_text().isspace() else item.get_text())
    flush_run()
    text = _SPACES.sub(" ", _CID.sub("", "".join(out)).translate(_LIGATURES)).strip()
    if not text and not lead:
        return None
    bold = sum(bool(_BOLD.search(c.fontname)) for c in chars) * 2 > len(chars)
    top, bottom = height - line.y1, height - line.y0
    return _Line(page, line.x0, line.x1, top, bottom, size, bold, text, lead)


def _full_text(line: _Line) -> str:
    """The line as a note reads it: its leading superscript number spelled out."""
    return f"{line.lead} {line.text}" if line.lead else line.text


# --- furniture and footnotes --------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", _SPACES.sub(" ", text).strip().casefold())


def _edge_rows(lines: list[_Line], height: float) -> tuple[list[list[_Line]], ...]:
    """The two outermost rows of lines at the top and at the bottom of a page, outermost first."""

    def rows(ordered: list[_Line], near: Any) -> list[list[_Line]]:
        found: list[list[_Line]] = []
        for line in ordered:
            if not near(line):
                break
            row = next((r for r in found if abs(r[0].top - line.top) < 0.6 * line.size), None)
            if row is None:
                if len(found) == 2:
                    break
                found.append([line])
            else:
                row.append(line)
        return found

    by_top = sorted(lines, key=lambda ln: ln.top)
    return (
        rows(by_top, lambda ln: ln.top < 0.2 * height),
        rows(by_top[::-1], lambda ln: ln.bottom > 0.8 * height),
    )


def _drop_furniture(pages: list[list[_Line]], heights: list[float]) -> list[list[_Line]]:
    """The pages without running headers, footers and page numbers."""
    edges = [_edge_rows(lines, height) for lines, height in zip(pages, heights, strict=True)]
    counts: Counter[tuple[int, str]] = Counter()
    for sides in edges:
        for side, rows in enumerate(sides):
            for key in {_key(_full_text(line)) for row in rows for line in row}:
                counts[side, key] += 1
    needed = max(2, round(0.4 * len(pages)))
    kept = []
    for lines, sides in zip(pages, edges, strict=True):
        drop: set[int] = set()
        for side, rows in enumerate(sides):
            for row in rows:  # from the edge inwards, while the rows are furniture
                furniture = [
                    line
                    for line in row
                    if counts[side, _key(_full_text(line))] >= needed
                    or _PAGE_NUMBER.match(_full_text(line))
                ]
                if not furniture:
                    break
                drop.update(id(line) for line in furniture)
        kept.append([line for line in lines if id(line) not in drop])
    return kept


def _split_notes(
    lines: list[_Line], body_size: float, last: int | None
) -> tuple[list[_Line], dict[int, list[_Line]], list[_Line]]:
    """A page's body lines; its footnote lines by note number; and small lines at the top of its
    footnote block before the first number (the rest of the note `last`, when there is one)."""
    by_top = sorted(lines, key=lambda ln: ln.top)
    start = len(by_top)
    while start > 0 and by_top[start - 1].size < 0.92 * body_size:
        start -= 1
    block = by_top[start:]
    found: dict[int, list[_Line]] = {}
    current: int | None = None
    first: int | None = None
    previous = ""
    for i, line in enumerate(block):
        match = _NOTE_START.match(_full_text(line))
        number = int(match.group(1)) if match else None
        before = current if current is not None else last
        if number is not None and (
            before is None
            or number == before + 1
            or (before < number <= before + 3 and _ends_sentence(previous))
        ):
            current = number
            first = i if first is None else first
            found[number] = [line]
        elif current is not None:
            found[current].append(line)
        previous = _full_text(line)
    if first is None:
        return lines, {}, []
    continued = block[:first] if last is not None else []
    taken = {id(line) for group in [*found.values(), continued] for line in group}
    return [line for line in lines if id(line) not in taken], found, continued


# --- paragraphs ---------------------------------------------------------------------------------


class _Joiner:
    """Joins a paragraph's lines, undoing hyphenation with the document's own vocabulary."""

    def __init__(self, lines: Iterable[_Line]) -> None:
        self.words: Counter[str] = Counter()
        self.hyphenated: set[str] = set()
        inner: Counter[str] = Counter()
        previous_hyphen = False
        for line in lines:
            tokens = line.text.split()
            if previous_hyphen and tokens:
                tokens = tokens[1:]  # the rest of a word broken at the previous line's end
            previous_hyphen = _TAIL.search(line.text) is not None
            if previous_hyphen and tokens:
                tokens = tokens[:-1]
            for token in tokens:
                for word in _WORD.findall(token):
                    if "-" in word or "‐" in word:
                        self.hyphenated.add(word.replace("‐", "-").casefold())
                        inner.update(ch for ch in word if ch in "-‐")
                    for part in re.split(r"[-‐]", word):
                        self.words[part.casefold()] += 1
        # The hyphen the document writes inside words; any other line-end hyphen is hyphenation.
        self.inner_hyphen = inner.most_common(1)[0][0] if inner else None

    def keeps_hyphen(self, left: str, hyphen: str, right: str) -> bool:
        if hyphen == "\u00ad" or (self.inner_hyphen is not None and hyphen != self.inner_hyphen):
            return False
        if not right[:1].islower():
            return True  # Il-76MD, mid-March, Azeri-Russian
        pair = f"{left}-{right}".casefold()
        if pair in self.hyphenated:
            return True
        if self.words[(left + right).casefold()] > 0:
            return False
        return left.casefold() in _PREFIXES and self.words[right.casefold()] > 0

    def join(self, lines: list[str]) -> str:
        out = ""
        for line in lines:
            if not out:
                out = line
                continue
            tail = _TAIL.search(out[-60:])
            head = _HEAD.match(line)
            if tail and head:
                left, hyphen = tail.group(1), tail.group(2)
                keep = self.keeps_hyphen(left, hyphen, head.group(0))
                out = out[:-1] + ("-" if keep else "") + line
            elif out[-1] in "-‐–—/" and not out[-2:-1].isspace():
                out += line  # 2023-24, Burgas–Baku, a URL
            else:
                out += " " + line
        return out.replace("‐", "-")


def _runs(lines: list[_Line], body_size: float) -> list[list[_Line]]:
    """A page's lines as runs read top to bottom, in reading order: the page itself, or on a page
    set in columns each column of each band between lines that span the columns."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    starts: list[float] = []  # left edges shared by many lines: the columns
    for x0, n in Counter(round(ln.x0 / body_size) for ln in ordered).most_common():
        edge = x0 * body_size
        if n >= 0.15 * len(ordered) and all(abs(edge - s) > 4 * body_size for s in starts):
            starts.append(edge)
    starts.sort()
    if len(starts) < 2:
        return [_rows(ordered)]

    def column(line: _Line) -> int:
        return max(i for i, s in enumerate(starts) if s <= line.x0 + body_size or i == 0)

    def spans(line: _Line) -> bool:
        return any(line.x0 < s - body_size and line.x1 > s + body_size for s in starts[1:])

    runs: list[list[_Line]] = []
    band: list[_Line] = []

    def flush() -> None:
        for index in sorted({column(ln) for ln in band}):
            runs.append(_rows([ln for ln in band if column(ln) == index]))
        band.clear()

    for line in ordered:
        if spans(line):
            flush()
            runs.append([line])
        else:
            band.append(line)
    flush()
    return runs


def _rows(lines: list[_Line]) -> list[_Line]:
    """Lines (top to bottom, in one column) with the pieces of one printed line merged: layout
    analysis may cut a justified line at its widest spaces."""
    rows: list[_Line] = []
    for line in lines:
        last = rows[-1] if rows else None
        if last is None or abs(line.top - last.top) > 0.3 * last.size or line.x0 < last.x1:
            rows.append(line)
            continue
        head = f"{last.text}{line.lead}" if line.lead else last.text
        text = f"{head} {line.text}".strip()
        size = last.size if len(last.text) >= len(line.text) else line.size
        rows[-1] = _Line(
            last.page,
            last.x0,
            line.x1,
            min(last.top, line.top),
            max(last.bottom, line.bottom),
            size,
            last.bold and line.bold,
            text,
            last.lead,
        )
    return rows


def _paragraphs(pages: list[list[_Line]], body_size: float) -> list[_Paragraph]:
    runs = [run for lines in pages if lines for run in _runs(lines, body_size)]
    pitches: dict[int, list[float]] = {}
    for run in runs:
        for a, b in pairwise(run):
            if round(a.size) == round(b.size) and 0 < b.top - a.top < 3 * a.size:
                pitches.setdefault(round(a.size), []).append(b.top - a.top)
    pitch = {size: statistics.median(values) for size, values in pitches.items()}

    paragraphs: list[_Paragraph] = []
    previous_right = 0.0
    for run in runs:
        text_lines = [ln for ln in run if abs(ln.size - body_size) < 0.1 * body_size]
        left = min(ln.x0 for ln in text_lines or run)
        right = max(ln.x1 for ln in text_lines or run)
        width = max(right - left, 1.0)
        for i, line in enumerate(run):
            if i == 0:
                if paragraphs and _continues(paragraphs[-1].last, line, left, previous_right):
                    paragraphs[-1].lines.append(line)
                else:
                    paragraphs.append(_Paragraph([line]))
                continue
            prev = run[i - 1]
            normal = pitch.get(round(line.size), line.size * 1.2)
            new = (
                round(line.size) != round(prev.size)
                or line.bold != prev.bold
                or line.top - prev.top > 1.25 * normal
                or line.x0 - prev.x0 > 0.8 * line.size  # first-line indent
                or (prev.x1 < right - 0.12 * width and _ends_sentence(prev.text))
            )
            if new:
                paragraphs.append(_Paragraph([line]))
            else:
                paragraphs[-1].lines.append(line)
        previous_right = right
    return paragraphs


def _continues(last: _Line, first: _Line, left: float, right: float) -> bool:
    """Whether the first line of a page (or column) goes on with the paragraph the previous one
    ended: same type, not indented, and that paragraph's last line is unfinished or full."""
    same = round(last.size) == round(first.size) and last.bold == first.bold
    indented = first.x0 - left > 0.8 * first.size
    full = last.x1 >= right - 1.5 * last.size
    return same and not indented and (full or not _ends_sentence(last.text))


def _texts(lines: list[_Line]) -> list[str]:
    """A paragraph's line texts, a marker wrapped to the start of a line glued back on."""
    texts: list[str] = []
    for line in lines:
        if line.lead:
            if texts:
                texts[-1] += line.lead
            else:
                texts.append(line.lead)
        if line.text:
            texts.append(line.text)
    return texts


# --- the whole ----------------------------------------------------------------------------------


def _body_size(pages: list[list[_Line]]) -> float:
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def _convert(data: bytes) -> Converted:
    meta, layouts = _pages(data)
    pages: list[list[_Line]] = []
    heights: list[float] = []
    for number, layout in enumerate(layouts, 1):
        lines = [
            line
            for raw in _text_lines(layout)
            if (line := _read_line(raw, number, layout.height)) is not None
        ]
        pages.append(lines)
        heights.append(layout.height)
    title = meta["Title"] if meta["Title"] and not _BAD_TITLES.match(meta["Title"]) else None
    author = meta["Author"]
    published = _iso_date(meta["CreationDate"])
    if not any(pages):
        return Converted(format="pdf", text="", title=title, author=author, published=published)

    body_size = _body_size(pages)
    pages = _drop_furniture(pages, heights)
    notes_lines: dict[int, list[_Line]] = {}
    last: int | None = None
    body_pages = []
    for lines in pages:
        body, found, continued = _split_notes(lines, body_size, last)
        if continued and last is not None:
            notes_lines[last].extend(continued)
        notes_lines.update(found)
        last = max(found, default=last)
        body_pages.append(body)

    joiner = _Joiner(
        [ln for lines in body_pages for ln in lines]
        + [ln for group in notes_lines.values() for ln in group]
    )
    paragraphs = _paragraphs(body_pages, body_size)
    texts = [joiner.join(_texts(p.lines)) for p in paragraphs]

    # The title: from the information dictionary, else a large-type paragraph opening page 1;
    # that paragraph is metadata, not body.
    if texts and paragraphs[0].lines[0].page == 1:
        opening, large = _norm(texts[0]), paragraphs[0].last.size >= 1.3 * body_size
        if title is None and large:
            title, texts = texts[0], texts[1:]
        elif title is not None and (
            opening == _norm(title)
            or (large and (opening in _norm(title) or _norm(title) in opening))
        ):
            texts = texts[1:]

    notes = {}
    for number, group in sorted(notes_lines.items()):
        text = joiner.join([_full_text(ln) for ln in group])
        notes[number] = _NOTE_START.sub("", text, count=1).strip()
    return Converted(
        format="pdf",
        text="\n\n".join(texts),
        title=title,
        author=author,
        published=published,
        notes=notes,
    )


def from_pdf(data: bytes) -> Converted:
    """Text, footnotes and metadata of a PDF's text layer; `PDFError` when it cannot be read."""
    try:
        return _convert(data)
    except PDFError:
        raise
    except RecursionError as exc:
        raise PDFError("damaged PDF: objects nested too deeply") from exc
    except Exception as exc:  # pdfminer raises many kinds on damaged input: report, never crash
        reason = _one_line(exc)
        detail = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
        raise PDFError(f"damaged PDF ({detail})") from exc
