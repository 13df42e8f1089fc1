"""Documents (articles, reports; scraped text, Markdown, HTML or PDF) as `hybridwatch extract`
reads them: the cleaned text and metadata, with sentences, sections, footnotes, entities, events,
quantities and claims, each with its character span in the stored text.

One document per file, so the source id is the document's id. Each part goes to its own table;
every offset indexes `documents.text`, and each row's locator is that span ("chars 120-245").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from hybridwatch.documents.extract import Extraction, extract_file
from hybridwatch.documents.formats import PDF_SIGNATURE
from hybridwatch.grading import Grade
from hybridwatch.sources.base import Chunk, Reader, register

_STRINGS = pa.list_(pa.string())

DOCUMENTS = pa.schema(
    [
        ("title", pa.string()),
        ("author", pa.string()),
        ("site", pa.string()),
        ("published", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("warnings", _STRINGS),
        ("locator", pa.string()),
    ]
)
SECTIONS = pa.schema(
    [
        ("number", pa.int32()),
        ("heading", pa.string()),
        ("char_start", pa.int32()),
        ("locator", pa.string()),
    ]
)
SENTENCES = pa.schema(
    [
        ("number", pa.int32()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("locator", pa.string()),
    ]
)
FOOTNOTES = SENTENCES.insert(3, pa.field("note", pa.string()))  # a sentence's span + the note
ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", _STRINGS),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("locator", pa.string()),
    ]
)
EVENTS = pa.schema(
    [
        ("date", pa.string()),
        ("end_date", pa.string()),
        ("precision", pa.string()),
        ("summary", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("date_start", pa.int32()),
        ("date_end", pa.int32()),
        ("entities", _STRINGS),
        ("locator", pa.string()),
    ]
)
QUANTITIES = pa.schema(
    [
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("item", pa.string()),
        ("qualifier", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("locator", pa.string()),
    ]
)
CLAIMS = pa.schema(
    [
        ("text", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("hedges", _STRINGS),
        ("likelihood", pa.string()),
        ("attributed_to", pa.string()),
        ("anonymous", pa.bool_()),
        ("footnotes", pa.list_(pa.int32())),
        ("entities", _STRINGS),
        ("locator", pa.string()),
    ]
)

# Analysts' documents until graded otherwise: fairly reliable, possibly true.
DOCUMENT_GRADE = Grade("C", 3)

_HTML_STARTS = (b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<article", b"<div", b"<p")


def chars(start: int, end: int | None = None) -> str:
    """A locator for a span of the stored text."""
    return f"chars {start}-{end}" if end is not None else f"char {start}"


def _chunk(table: str, schema: pa.Schema, rows: Sequence[Sequence[Any]]) -> Chunk:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)]
    return Chunk(pa.Table.from_arrays(arrays, schema=schema), table=table)


def chunks(doc: Extraction, position: int = 0) -> list[Chunk]:
    """One chunk per table for an extracted document."""
    parts = [
        _chunk(
            "documents",
            DOCUMENTS,
            [
                (
                    doc.title,
                    doc.author,
                    doc.site,
                    doc.published,
                    doc.language,
                    doc.text,
                    list(doc.warnings),
                    "document",
                )
            ],
        ),
        _chunk(
            "document_sections",
            SECTIONS,
            [
                (n, s["heading"], s["start"], chars(s["start"]))
                for n, s in enumerate(doc.sections, 1)
            ],
        ),
        _chunk(
            "document_sentences",
            SENTENCES,
            [
                (n, s["start"], s["end"], chars(s["start"], s["end"]))
                for n, s in enumerate(doc.sentences, 1)
            ],
        ),
        _chunk(
            "document_footnotes",
            FOOTNOTES,
            [
                (f["number"], f["start"], f["end"], f.get("note"), chars(f["start"], f["end"]))
                for f in doc.footnotes
            ],
        ),
        _chunk(
            "document_entities",
            ENTITIES,
            [
                (
                    e["id"],
                    e["name"],
                    e["type"],
                    list(e.get("aliases") or []),
                    m["start"],
                    m["end"],
                    chars(m["start"], m["end"]),
                )
                for e in doc.entities
                for m in e["mentions"]
            ],
        ),
        _chunk(
            "document_events",
            EVENTS,
            [
                (
                    _text(e["date"]),
                    _text(e["end_date"]),
                    e["precision"],
                    e["summary"],
                    e["start"],
                    e["end"],
                    e["date_start"],
                    e["date_end"],
                    list(e["entities"]),
                    chars(e["date_start"], e["date_end"]),
                )
                for e in doc.events
            ],
        ),
        _chunk(
            "document_quantities",
            QUANTITIES,
            [
                (
                    None if q["value"] is None else float(q["value"]),
                    q["unit"],
                    q["item"],
                    q["qualifier"],
                    q["start"],
                    q["end"],
                    chars(q["start"], q["end"]),
                )
                for q in doc.quantities
            ],
        ),
        _chunk(
            "document_claims",
            CLAIMS,
            [
                (
                    c["text"],
                    c["start"],
                    c["end"],
                    list(c["hedges"]),
                    c["likelihood"],
                    c["attributed_to"],
                    bool(c["anonymous"]),
                    list(c["footnotes"]),
                    list(c["entities"]),
                    chars(c["start"], c["end"]),
                )
                for c in doc.claims
            ],
        ),
    ]
    for part in parts:
        part.position = position
    return parts


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@register
class DocumentReader(Reader):
    """A document: scraped text, Markdown or HTML in UTF-8, or a PDF with a text layer."""

    kind = "documents"
    format = "document"
    table = "documents"
    schema = DOCUMENTS
    default_grade = DOCUMENT_GRADE

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.is_file() and head.startswith(PDF_SIGNATURE):
            return True
        if not path.is_file() or not head or b"\x00" in head:
            return False
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith(_HTML_STARTS):
            return True
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut off at the end of the head is still text.
            return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
        return True

    def read(self, path: Path) -> Iterator[Chunk]:
        yield from chunks(extract_file(path), path.stat().st_size)
