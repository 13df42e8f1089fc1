"""`hybridwatch extract`: a document read the way a careful analyst does, with offsets.

Stages (each its own module): format to text and stated metadata (`formats.py`: HTML through
trafilatura, Markdown, scraped text; `pdf.py`: a PDF's text layer and footnote texts), cleanup of
chrome and line-wrap damage with footnote markers taken out (`clean.py`), sentences
(`sentences.py`). Every offset indexes `text`, the cleaned body.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hybridwatch.documents import sentences
from hybridwatch.documents.claims import find_claims
from hybridwatch.documents.clean import clean_text
from hybridwatch.documents.dates import Readings, context_year_of, find_dates
from hybridwatch.documents.dates import scan as scan_dates
from hybridwatch.documents.entities import Mentions, find_entities
from hybridwatch.documents.formats import PDF_SIGNATURE, Converted, convert
from hybridwatch.documents.quantities import find_quantities
from hybridwatch.errors import InputError

MAX_BYTES = 200 * 1024 * 1024

# A handful of very common function words per language: enough to tell the language of an
# article, and to warn when it is one the extractors do not handle.
_STOPWORDS = {
    "en": "the of and to in is that for with as by on was are from this have it not be",
    "fr": "le la les des et une est dans que pour qui sur par pas au du avec ce",
    "de": "der die das und ist nicht mit den von zu sich des auf für ein eine",
    "ru": "и в не на что с по как это из он к за от то его для",
    "tr": "ve bir bu da de ile için olarak daha çok gibi en ne ama olan",
    "az": "və bir bu ilə üçün da də olan kimi daha çox amma ki",
}
_STOPWORD_SETS = {code: frozenset(listed.split()) for code, listed in _STOPWORDS.items()}
SUPPORTED_LANGUAGES = frozenset({"en"})


@dataclass
class Extraction:
    title: str | None
    author: str | None
    site: str | None
    published: str | None
    language: str
    text: str
    sections: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, int]] = field(default_factory=list)
    footnotes: list[dict[str, Any]] = field(default_factory=list)  # number, start, end (, note)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "site": self.site,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "sections": self.sections,
            "sentences": self.sentences,
            "footnotes": self.footnotes,
            "entities": self.entities,
            "events": self.events,
            "quantities": self.quantities,
            "claims": self.claims,
            "warnings": self.warnings,
        }


def language_of(text: str) -> str:
    """The language whose function words are most frequent, or "und" when none stands out."""
    words = re.findall(r"\w+", text[:20000].lower())
    if not words:
        return "und"
    scores = {code: sum(1 for w in words if w in listed) for code, listed in _STOPWORD_SETS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= max(3, len(words) // 50) else "und"


def extract_text(raw: str, suffix: str = "") -> Extraction:
    """Extract from a document's content; `suffix` (".html", ".md") helps tell its format."""
    return extract_converted(convert(raw, suffix))


def extract_converted(converted: Converted) -> Extraction:
    """Extract from a document already converted to text (`formats.convert`, `pdf.from_pdf`)."""
    cleaned = clean_text(converted.text)
    text = cleaned.text
    headings = {h.start for h in cleaned.headings}
    spans, cut = sentences.cut_long(text, sentences.split(text, headings))
    index = sentences.Index(spans)
    footnotes: list[dict[str, Any]] = []
    for note in cleaned.footnotes:
        supported = index.containing(note.at)
        if supported is not None:
            footnotes.append(
                {"number": note.number, "start": supported.start, "end": supported.end}
            )
            if note.number in converted.notes:
                footnotes[-1]["note"] = converted.notes[note.number]
    language = language_of(text)
    warnings = []
    if language not in SUPPORTED_LANGUAGES:
        warnings.append(
            f"language {language!r} is not one the extractors are built for;"
            " entities, dates and claims will be incomplete"
        )
    if converted.format == "pdf" and not converted.text.strip():
        warnings.append("no text layer (scanned PDF?)")
    if not text.strip():
        warnings.append("no body text found")
    if cut:
        warnings.append(
            f"{cut:,} sentence{'s' if cut > 1 else ''} longer than"
            f" {sentences.MAX_SENTENCE_CHARS:,} characters (text without sentence punctuation?)"
            " cut at spaces into pieces no longer than that"
        )
    found = find_entities(text, warnings) if language == "en" else []
    entities = [e.as_json() for e in found]
    mentions = Mentions(found)
    sentence_spans = [{"start": s.start, "end": s.end} for s in spans]
    readings = scan_dates(text)
    context_year = context_year_of(text, readings)
    return Extraction(
        title=converted.title or cleaned.title,
        author=converted.author or cleaned.author,
        # a Markdown heading is the title, never the site the cleanup takes a first line for
        site=converted.site or (cleaned.site if cleaned.site != converted.title else None),
        published=converted.published or cleaned.published,
        language=language,
        text=text,
        sections=[{"heading": h.text, "start": h.start} for h in cleaned.headings],
        sentences=sentence_spans,
        footnotes=footnotes,
        entities=entities,
        events=_events(text, index, mentions, context_year, readings),
        quantities=[asdict(q) for q in find_quantities(text, readings)],
        claims=_claims(text, sentence_spans, footnotes, mentions),
        warnings=warnings,
    )


def _entity_ids(mentions: Mentions, start: int, end: int) -> list[str]:
    """Ids of the entities mentioned inside [start, end)."""
    return mentions.within(start, end)


def _events(
    text: str,
    spans: sentences.Index,
    mentions: Mentions,
    context_year: int | None,
    readings: Readings,
) -> list[dict[str, Any]]:
    """Dated events: each date with the sentence it dates and the entities in it."""
    events = []
    for mention in find_dates(text, context_year, readings):
        sentence = spans.containing(mention.start)
        start, end = (sentence.start, sentence.end) if sentence else (mention.start, mention.end)
        events.append(
            {
                "date": mention.date,
                "end_date": mention.end_date,
                "precision": mention.precision,
                "summary": text[start:end],
                "start": start,
                "end": end,
                "date_start": mention.start,
                "date_end": mention.end,
                "entities": _entity_ids(mentions, start, end),
            }
        )
    return events


def _claims(
    text: str,
    spans: list[dict[str, int]],
    footnotes: list[dict[str, int]],
    mentions: Mentions,
) -> list[dict[str, Any]]:
    return [
        {
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "hedges": list(claim.hedges),
            "likelihood": claim.likelihood,
            "attributed_to": claim.attributed_to,
            "anonymous": claim.anonymous,
            "footnotes": list(claim.footnotes),
            "entities": _entity_ids(mentions, claim.start, claim.end),
        }
        for claim in find_claims(text, spans, footnotes)
    ]


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "empty file")
    if size > MAX_BYTES:
        raise InputError(path, f"{size:,} bytes is over the {MAX_BYTES:,}-byte document limit")
    return path.read_bytes()


def read_document(path: Path) -> str:
    """The text of a document file; refuses what is not text with a one-line reason."""
    return _decoded(path, _read_bytes(path))


def _decoded(path: Path, data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise InputError(path, "binary data, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def extract_file(path: Path) -> Extraction:
    """Extract from a document file: a PDF (by its `%PDF-` signature) or a text document."""
    data = _read_bytes(path)
    if data.startswith(PDF_SIGNATURE):
        from hybridwatch.documents.pdf import PDFError, from_pdf  # pdfminer: only for PDFs

        try:
            converted = from_pdf(data)
        except PDFError as exc:
            raise InputError(path, str(exc)) from exc
        return extract_converted(converted)
    return extract_text(_decoded(path, data), path.suffix)
