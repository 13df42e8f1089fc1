"""The demo case's report in headless Chromium with the network off: it loads nothing, raises
nothing, shows the airlift on the map, every evidence link lands, hostile text stays text."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pdfminer.high_level import extract_text

from hybridwatch import case as case_mod
from hybridwatch.analyze import analyze
from hybridwatch.ingest import ingest
from hybridwatch.report import model, render
from tests import browser as harness
from tests.sources import test_sipri as sipri


@pytest.fixture(scope="module")
def written(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> render.Written:
    with case_mod.open_case(demo_dir) as case:
        return render.write(case, tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture
def page(
    written: render.Written, open_offline: Callable[[Path], harness.PageReport]
) -> harness.PageReport:
    return open_offline(written.html)


def test_the_report_loads_nothing_and_raises_nothing(page: harness.PageReport) -> None:
    assert page.problems() == []
    assert page.page.eval_on_selector_all("script", "els => els.length") == 0


def test_no_address_outside_the_file_is_referenced(written: render.Written) -> None:
    text = written.html.read_text(encoding="utf-8")
    linked = re.findall(r"""(?:src|href|xlink:href|action)\s*=\s*["']?([^"'\s>]+)""", text)
    assert linked and all(target.startswith("#") for target in linked)
    assert all(target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", text))
    assert "@import" not in text


def test_the_map_shows_the_airlift(page: harness.PageReport) -> None:
    airlift = page.page.locator("#map svg g.track.airlift")
    assert airlift.count() == 10  # the ten observed legs of the five round trips
    box = airlift.first.bounding_box()
    assert box is not None and box["width"] > 50
    title = airlift.first.locator("title").text_content() or ""
    assert "4K-78129" in title and "LBBG" in title
    assert page.page.locator("#map svg .place").count() >= 2


def test_every_evidence_link_resolves(page: harness.PageReport) -> None:
    assert harness.broken_fragment_links(page.page) == []
    links = page.page.eval_on_selector_all(
        "#claims a[href^='#rec-'], #findings a[href^='#rec-']", "els => els.length"
    )
    assert links >= 20  # the claims and findings do cite records


ECHO = (
    "France behaves as a colonial power in New Caledonia and must stop repressing the Kanak"
    " people <script>alert('x')</script>"
)
HOSTILE_STATEMENTS = [
    ("Ministry of Foreign Affairs of Azerbaijan", "2024-05-16", ECHO, "javascript:alert(1)"),
    ("Russian MFA", "2024-05-18", ECHO, 'https://example.org/a"><img src=x onerror=alert(2)>'),
]
HOSTILE_NOTE = """# Note <script>alert(3)</script>

Baku and Moscow said the same thing about France in May 2024 <img src=x onerror=alert(4)>.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case whose statements and note carry markup and script: they must show as text."""
    root = tmp_path_factory.mktemp("hostile")
    with (root / "statements.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("actor", "date", "text", "url"), *HOSTILE_STATEMENTS])
    (root / "note.md").write_text(HOSTILE_NOTE, encoding="utf-8")
    with case_mod.init(root / "case", "hostile <b>case</b>") as case:
        ingest(case, "statements", root / "statements.csv")
        ingest(case, "documents", root / "note.md")
        analyze(case)
        return render.write(case, root / "report.html").html


def test_hostile_sources_show_as_text(
    hostile: Path, open_offline: Callable[[Path], harness.PageReport]
) -> None:
    report = open_offline(hostile)
    dialogs: list[str] = []
    report.page.on("dialog", lambda d: dialogs.append(d.message))
    body = report.page.inner_text("body")
    assert "France behaves as a colonial power" in report.page.inner_text("#narratives")
    assert "<script>alert('x')</script>" in body
    assert "<img src=x onerror=alert(4)>" in body
    assert "hostile <b>case</b>" in report.page.inner_text("h1")
    assert "javascript:alert(1)" in report.page.inner_text("#evidence")  # shown, not linked
    assert report.page.eval_on_selector_all("script, img", "els => els.length") == 0
    assert report.problems() == [] and dialogs == []
    assert harness.broken_fragment_links(report.page) == []


def test_claims_with_verdicts_and_footnotes(page: harness.PageReport) -> None:
    claims = page.page.inner_text("#claims")
    assert "partly supported" in claims
    assert "5 round trips observed where 6 are claimed" in claims
    assert "Flightradar24" in claims  # footnote 1's text, beside the claim it supports


def test_estimative_words_and_confidence_are_separate_sentences(page: harness.PageReport) -> None:
    judgements = page.page.locator("#summary .judgement").all_inner_texts()
    confidences = page.page.locator("#summary .confidence").all_inner_texts()
    assert judgements and len(judgements) == len(confidences)
    words = ("almost no chance", "unlikely", "roughly even", "likely", "almost certain")
    assert all(any(w in j for w in words) for j in judgements)
    assert all("onfidence" not in j for j in judgements)
    assert all(c.startswith("Confidence is ") for c in confidences)


def test_sources_are_listed_with_grades(page: harness.PageReport, written: Any) -> None:
    rows = page.page.locator("#sources tr[id^='source-']")
    assert rows.count() == 5
    assert re.search(r"\b[A-F][1-6]\b", rows.first.inner_text())


def test_the_pdf_is_made_by_a_real_engine(demo_dir: Path, tmp_path: Path) -> None:
    with case_mod.open_case(demo_dir) as case:
        again = render.write(case, tmp_path / "r.html", tmp_path / "r.pdf")
    assert again.pdf is not None and again.pdf.read_bytes().startswith(b"%PDF-")
    text = extract_text(again.pdf)
    assert "Claims checked against the data" in text and "4K-78129" in text


def test_the_entity_network_shows_the_case_s_subject(page: harness.PageReport) -> None:
    labels = page.page.locator("#network svg text").all_text_contents()
    for name in ("Azerbaijan", "4K-78129", "Russian Federation", "Zuzana 2"):
        assert name in labels, labels
    assert "Ordu–Giresun Airport" not in labels  # background traffic stays out of the picture
    rows = page.page.locator("#network tr[id^='entity-']")
    assert rows.count() > 10


def test_register_rows_and_claims_on_them(case: Any, tmp_path: Path) -> None:
    """A case holding the arms register (rows of another shape than the analyst's ledger) and a
    note whose claim the register supports: the register row comes first, its deal linked."""
    register = tmp_path / "register.csv"
    register.write_bytes(sipri.register_file(sipri.ZUZANA))
    ingest(case, "transfers", register)
    note = tmp_path / "note.md"
    note.write_text(
        "# Note\n\nBy Anna Analyst\n\n10 June 2024\n\n"
        "Slovakia earmarked 16 Zuzana 2 howitzers for Ukraine in 2022.\n\n"
        "Nothing else in this note is checkable by the data at hand.\n",
        encoding="utf-8",
    )
    ingest(case, "documents", note)
    written = render.write(case, tmp_path / "r.html")
    page = written.html.read_text(encoding="utf-8")
    deal = model.record_anchor("arms_deals", "1")
    assert f'id="{deal}"' in page and f'href="#{deal}"' in page
    ledger = page[page.index('<section id="ledger">') : page.index('<section id="narratives">')]
    assert "Zuzana 2" in ledger and "register" in ledger
    assert written.claims == 1
