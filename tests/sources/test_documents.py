"""Documents ingested into a case: every part of the extraction stored, with spans that index
the stored text, as one all-or-nothing transaction per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybridwatch.case import Case
from hybridwatch.documents import stored
from hybridwatch.documents.extract import extract_file
from hybridwatch.errors import HybridwatchError, InputError
from hybridwatch.ingest import choose_reader, ingest

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"
DOCUMENT_TABLES = (
    "documents",
    "document_sections",
    "document_sentences",
    "document_footnotes",
    "document_entities",
    "document_events",
    "document_quantities",
    "document_claims",
)

MARKDOWN = """\
# Cargo flights to Baku

By Jane Analyst

Silk Way West Airlines flew 12 Il-76 cargo flights from Baku to Ovda on 3 March 2023.
According to a source familiar with the matter, the flights probably carried ammunition.
The aircraft returned to Azerbaijan on 5 March 2023.

## Background

Azerbaijan and Israel signed an arms deal in 2016.
"""


def _counts(case: Case) -> dict[str, int]:
    counts = {}
    for table in (*DOCUMENT_TABLES, "sources"):
        row = case.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        counts[table] = int(row[0])
    return counts


@pytest.fixture
def markdown(tmp_path: Path) -> Path:
    path = tmp_path / "cargo.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def _check_stored_like_extracted(case: Case, path: Path) -> int:
    extracted = extract_file(path)
    result = ingest(case, "documents", path)
    assert result.format == "document" and result.grade == "C3"
    doc = stored.show(case, result.source_id)
    assert doc["text"] == extracted.text
    for key in ("title", "author", "site", "published", "language", "warnings"):
        assert doc[key] == getattr(extracted, key), key
    assert [(s["heading"], s["start"]) for s in doc["sections"]] == [
        (s["heading"], s["start"]) for s in extracted.sections
    ]
    assert [(s["start"], s["end"]) for s in doc["sentences"]] == [
        (s["start"], s["end"]) for s in extracted.sentences
    ]
    assert len(doc["footnotes"]) == len(extracted.footnotes)
    assert len(doc["events"]) == len(extracted.events)
    assert len(doc["quantities"]) == len(extracted.quantities)
    assert {e["id"]: len(e["mentions"]) for e in doc["entities"]} == {
        e["id"]: len(e["mentions"]) for e in extracted.entities
    }
    claims = stored.claims(case, result.source_id)
    assert [(c["text"], c["start"], c["end"]) for c in claims] == [
        (c["text"], c["start"], c["end"]) for c in extracted.claims
    ]
    text = doc["text"]
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]
        assert claim["locator"] == f"chars {claim['start']}-{claim['end']}"
    for event in doc["events"]:
        assert text[event["start"] : event["end"]] == event["summary"]
    for entity in doc["entities"]:
        for mention in entity["mentions"]:
            assert mention["end"] > mention["start"]
    [listed] = [d for d in stored.list_documents(case) if d["id"] == result.source_id]
    assert listed["sentences"] == len(extracted.sentences)
    assert listed["entities"] == len(extracted.entities)
    assert listed["events"] == len(extracted.events)
    assert listed["claims"] == len(extracted.claims)
    return result.source_id


def test_reference_document_is_stored_whole(case: Case, shared_data: Path) -> None:
    path = shared_data / REFERENCE
    document_id = _check_stored_like_extracted(case, path)
    doc = stored.show(case, document_id)
    assert doc["author"] == "Eduard Abrahamyan"
    assert len(doc["claims"]) > 10 and doc["entities"] and doc["events"]
    assert any(c["footnotes"] for c in doc["claims"])


def test_markdown_document_is_stored_whole(case: Case, markdown: Path) -> None:
    document_id = _check_stored_like_extracted(case, markdown)
    doc = stored.show(case, document_id)
    assert doc["title"] == "Cargo flights to Baku"
    assert doc["author"] == "Jane Analyst"
    assert [s["heading"] for s in doc["sections"]] == ["Background"]
    [hedged] = [c for c in doc["claims"] if c["hedges"]]
    assert hedged["hedges"] == ["probably"] and hedged["anonymous"] is True
    assert hedged["attributed_to"] == "a source familiar with the matter"
    assert doc["quantities"][0]["value"] == 12.0


def test_html_document_is_sniffed_and_stored(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Arms to Ukraine</title></head><body><article>"
        "<h1>Arms to Ukraine</h1><p>Bulgaria sold artillery shells to Azerbaijan in 2022."
        " Officials said 40 tons were shipped from Burgas.</p></article></body></html>",
        encoding="utf-8",
    )
    assert choose_reader("documents", path).format == "document"
    _check_stored_like_extracted(case, path)


def test_reingest_is_a_no_op(case: Case, markdown: Path) -> None:
    first = ingest(case, "documents", markdown)
    before = _counts(case)
    again = ingest(case, "documents", markdown)
    assert again.already_ingested and again.source_id == first.source_id
    assert _counts(case) == before
    assert before["documents"] == 1


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), b"caf\xe9 au lait " * 10, b""],
)
def test_non_documents_fail_and_leave_the_case_unchanged(
    case: Case, tmp_path: Path, markdown: Path, content: bytes
) -> None:
    ingest(case, "documents", markdown)
    before = _counts(case)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError):
        ingest(case, "documents", bad)
    with pytest.raises(InputError):
        ingest(case, "documents", bad, fmt="document")
    assert _counts(case) == before


def test_missing_document_is_an_error(case: Case) -> None:
    with pytest.raises(HybridwatchError, match="no document with id 42"):
        stored.show(case, 42)
    with pytest.raises(HybridwatchError, match="no document with id 42"):
        stored.claims(case, 42)
    assert stored.claims(case) == [] and stored.list_documents(case) == []
