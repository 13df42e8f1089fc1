"""`ingest documents` and `docs list|show|claims` through the CLI: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from hybridwatch.documents.extract import extract_file
from tests.cli.test_cli import run, run_json
from tests.sources.test_documents import MARKDOWN, REFERENCE

LIST_KEYS = {
    "id",
    "title",
    "author",
    "site",
    "published",
    "language",
    "grade",
    "path",
    "sentences",
    "entities",
    "events",
    "quantities",
    "claims",
}
CLAIM_KEYS = {
    "document_id",
    "document_title",
    "text",
    "start",
    "end",
    "hedges",
    "likelihood",
    "attributed_to",
    "anonymous",
    "footnotes",
    "entities",
    "locator",
}


def _case(tmp_path: Path) -> str:
    run("init", str(tmp_path / "c"), "--name", "documents")
    return str(tmp_path / "c")


def _markdown(tmp_path: Path) -> Path:
    path = tmp_path / "cargo.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def test_ingest_list_show_claims(tmp_path: Path, shared_data: Path) -> None:
    case = _case(tmp_path)
    reference = shared_data / REFERENCE
    markdown = _markdown(tmp_path)
    results = run_json("ingest", "documents", str(reference), str(markdown), "-C", case)
    assert [r["format"] for r in results] == ["document", "document"]
    assert results[0]["tables"]["documents"] == 1
    assert results[0]["tables"]["document_claims"] == len(extract_file(reference).claims)
    again = run_json("ingest", "documents", str(reference), str(markdown), "-C", case)
    assert all(r["already_ingested"] for r in again)

    listed = run_json("docs", "list", "-C", case)
    assert [d["id"] for d in listed] == [r["source_id"] for r in results]
    assert set(listed[0]) == LIST_KEYS
    assert listed[0]["author"] == "Eduard Abrahamyan" and listed[0]["grade"] == "C3"

    extracted = extract_file(reference).as_json()
    doc = run_json("docs", "show", str(listed[0]["id"]), "-C", case)
    assert set(extracted) | {"id", "grade", "path"} == set(doc)
    assert doc["text"] == extracted["text"]
    assert len(doc["entities"]) == len(extracted["entities"])
    assert set(doc["entities"][0]) == {"id", "name", "type", "aliases", "mentions"}
    assert set(doc["events"][0]) >= {"date", "precision", "summary", "start", "end", "entities"}
    assert set(doc["quantities"][0]) >= {"value", "unit", "item", "qualifier", "start", "end"}

    claims = run_json("docs", "claims", str(listed[0]["id"]), "-C", case)
    assert len(claims) == len(extracted["claims"])
    assert set(claims[0]) == CLAIM_KEYS
    for claim in claims:
        assert doc["text"][claim["start"] : claim["end"]] == claim["text"]
    everything = run_json("docs", "claims", "-C", case)
    assert {c["document_id"] for c in everything} == {d["id"] for d in listed}

    for command in (["list"], ["show", str(listed[1]["id"])], ["claims"]):
        assert run("docs", *command, "-C", case).stdout.strip()


def test_grade_bad_file_and_missing_id(tmp_path: Path) -> None:
    case = _case(tmp_path)
    [result] = run_json(
        "ingest", "documents", str(_markdown(tmp_path)), "--grade", "B2", "-C", case
    )
    assert result["grade"] == "B2"
    before = run_json("status", "-C", case)["tables"]

    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    [failed] = json.loads(run("ingest", "documents", str(bad), "-C", case, "--json", code=1).stdout)
    assert "error" in failed
    forced = run("ingest", "documents", str(bad), "--format", "document", "-C", case, code=1)
    assert "binary data, not a text document" in forced.output
    assert run_json("status", "-C", case)["tables"] == before

    missing = run("docs", "show", "99", "-C", case, code=1)
    assert "no document with id 99" in missing.output
    assert len(missing.output.strip().splitlines()) == 1
    run("docs", "claims", "99", "-C", case, code=1)
    run("docs", "show", "one", "-C", case, code=2)
    assert run_json("docs", "list", "-C", case)[0]["grade"] == "B2"
