"""`extract` on the reference text and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hybridwatch.cli import app
from hybridwatch.documents.extract import extract_file, extract_text, language_of
from hybridwatch.errors import InputError

REFERENCE = "documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt"


def test_reference_text_structure(shared_data: Path) -> None:
    result = extract_file(shared_data / REFERENCE)
    text = result.text
    assert result.language == "en" and not result.warnings
    assert result.title and "Azerbaijan Undermines Ukraine" in result.title
    assert [s["heading"] for s in result.sections] == [
        "Bulgaria-Azerbaijan Defense Partnership",
        "Tapping Slovakia: Diversion of Arms to Ukraine",
        "Azerbaijan and Russia Collaborate in the Indo-Pacific",
        "conclusion and recommendations",
    ]
    for section in result.sections:
        assert text[section["start"] :].startswith(section["heading"])
    by_number = {f["number"]: text[f["start"] : f["end"]] for f in result.footnotes}
    assert sorted(by_number) == [*range(1, 7), *range(8, 20), 21, 22]
    assert by_number[1].endswith(
        "February 22, 2022, two days prior to Russia’s invasion of Ukraine."
    )
    assert by_number[10].endswith("largest order of Czech/Slovak artillery systems since 1989.")
    assert "toward full liquidation of colonialism.”" in by_number[15]
    assert by_number[21].startswith("The noteworthy decision is likely attributable")
    sentences = [text[s["start"] : s["end"]] for s in result.sentences]
    assert "(six confirmed round flights)" in next(s for s in sentences if "Flightradar24" in s)
    assert all(s.strip() == s and s for s in sentences)
    headings = {s["heading"] for s in result.sections}
    assert not headings & set(sentences)


def test_cli_extract_json_works_without_a_case(shared_data: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(shared_data / REFERENCE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "author", "site", "published", "language", "text", "sections"} <= set(data)
    assert {"sentences", "footnotes"} <= set(data)
    assert all(set(f) == {"number", "start", "end"} for f in data["footnotes"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02garbage\xff" * 50, "binary data"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        extract_file(path)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1


def test_unknown_language_degrades_with_a_warning() -> None:
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20
    result = extract_text(text)
    assert result.language == "und" and result.warnings
    assert language_of("Le gouvernement français a condamné les violences dans la région.") == "fr"
    assert result.sentences  # still split


HOSTILE_HTML = """<!doctype html><html><head><title>Statement by the Ministry</title>
<meta name="author" content="Jane Doe"><script>fetch('http://203.0.113.9/steal')</script></head>
<body><nav><a href="/">Home</a> » <a href="/news">News</a></nav>
<article><h1>Statement by the Ministry</h1>
<p onclick="alert(1)">The minister said on 7 May 2024 that sixteen howitzers earmarked for the
army had been delayed by the producer, which served another customer first.</p>
<p>The ministry added that deliveries would resume in the summer, according to officials who
spoke on condition of anonymity about the contracts and their schedules.</p>
<img src="x" onerror="alert(2)"></article>
<footer>Leave a reply <form><input name="email"></form></footer>
<script>document.write('<p>injected</p>')</script></body></html>"""


def test_html_main_content_without_scripts_or_chrome(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HOSTILE_HTML)
    result = extract_file(path)
    assert "sixteen howitzers" in result.text and "resume in the summer" in result.text
    for inert in ("alert", "fetch", "injected", "Leave a reply", "Home"):
        assert inert not in result.text
    assert result.title == "Statement by the Ministry"
    assert result.author == "Jane Doe"


def test_markdown_headings_and_links(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Analyst note\n\n## Flights\n\nSix **round trips** were seen, per"
        " [Flightradar24](https://example.org). The aircraft was an Il-76MD.\n"
    )
    result = extract_file(path)
    assert result.title == "Analyst note"
    assert "Six round trips were seen, per Flightradar24." in result.text
    assert "https://" not in result.text


def test_reference_entities(shared_data: Path) -> None:
    result = extract_file(shared_data / REFERENCE)
    by_name = {e["name"]: e for e in result.entities}
    assert by_name["Zuzana 2"]["type"] == "equipment"
    assert by_name["DITA"]["type"] == "equipment"
    assert by_name["Il-76MD"]["type"] == "aircraft"
    assert by_name["Azerbaijan"]["type"] == "country"
    assert {"Azeri", "Azerbaijani"} <= set(by_name["Azerbaijan"]["aliases"])
    assert by_name["Baku Initiative Group"]["type"] == "organization"
    assert "BIG" in by_name["Baku Initiative Group"]["aliases"]
    people = {e["name"] for e in result.entities if e["type"] == "person"}
    assert {"Ilham Aliyev", "Robert Fico", "Emmanuel Macron", "Volodymyr Zelensky"} <= people
    assert "Aliyev" in by_name["Ilham Aliyev"]["aliases"]  # the surname alone is the same man
    assert not people & {"Azerbaijan", "Kyiv", "Zuzana 2", "Politico"}
    text = result.text
    for entity in result.entities:
        for mention in entity["mentions"]:
            surface = text[mention["start"] : mention["end"]]
            assert surface in entity["aliases"] or surface == entity["name"]


def test_reference_events_quantities_and_claims(shared_data: Path) -> None:
    result = extract_file(shared_data / REFERENCE)
    text = result.text
    airlift = next(
        e for e in result.events if e["precision"] == "approximate" and "Burgas" in e["summary"]
    )
    assert (airlift["date"], airlift["end_date"]) == ("2024-02-15", "2024-03-15")
    assert {"place:burgas", "place:baku", "aircraft:il-76md"} <= set(airlift["entities"])
    visit = next(e for e in result.events if e["date"] == "2024-05-07")
    assert "person:robert-fico" in visit["entities"]
    for event in result.events:
        assert text[event["start"] : event["end"]] == event["summary"]
    counted = {(q["value"], q["item"]) for q in result.quantities}
    assert {
        (16.0, "Zuzana 2 howitzers"),
        (6.0, "round flights"),
        (30.0, "artillery shells"),
    } <= counted
    likely = next(c for c in result.claims if c["likelihood"] == "likely" and 21 in c["footnotes"])
    assert "Azeri-Russian operation" in likely["text"]
    anonymous = [c for c in result.claims if c["anonymous"]]
    assert any("Ukrainian Defense Ministry" in (c["attributed_to"] or "") for c in anonymous)
    assert all(text[c["start"] : c["end"]] == c["text"] for c in result.claims)
