"""The demo case built from the bundled files: flights, the analyst's note, the ledger and the
statements each give what the reference case needs. One build is shared by the module (it
simulates the airlift and embeds the statements: seconds, not minutes)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hybridwatch import case as case_mod
from hybridwatch import demo
from hybridwatch.arms import query as arms_query
from hybridwatch.case import Case
from hybridwatch.documents import stored
from hybridwatch.evidence import claims
from hybridwatch.narratives import framing
from hybridwatch.narratives import query as narratives_query


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> demo.DemoResult:
    return demo.build(tmp_path_factory.mktemp("demo") / "case")


@pytest.fixture
def opened(built: demo.DemoResult) -> Iterator[Case]:
    with case_mod.open_case(built.root) as case:
        yield case


def _source(built: demo.DemoResult, name: str) -> Any:
    return next(r for r in built.ingested if Path(r.path).name == name)


def test_every_bundled_file_is_ingested_without_rejections(built: demo.DemoResult) -> None:
    kinds = {Path(r.path).name: (r.kind, r.format, r.grade) for r in built.ingested}
    assert kinds[demo.LEDGER] == ("transfers", "ledger-yaml", "B2")
    assert kinds[demo.NOTE] == ("documents", "document", "C3")
    assert kinds[demo.STATEMENTS] == ("statements", "statements-csv", "A6")
    assert all(r.rejected == 0 and r.accepted > 0 for r in built.ingested)
    assert built.analysis.counts["airlift"] >= 1
    assert built.analysis.counts["narrative"] >= 1


def test_rebuilding_ingests_nothing_new(built: demo.DemoResult) -> None:
    again = demo.build(built.root)
    assert [r.source_id for r in again.ingested] == [r.source_id for r in built.ingested]
    assert all(r.already_ingested for r in again.ingested)


def test_the_airlift_is_still_the_first_finding(opened: Case) -> None:
    first = opened.con.execute("SELECT kind FROM findings ORDER BY score DESC, id LIMIT 1")
    assert first.fetchone() == ("airlift",)


def _quantities(case: Case) -> list[tuple[float, str | None, str, str | None]]:
    return case.con.execute(
        """SELECT q.value, q.unit, q.item, q.qualifier FROM document_quantities q
        JOIN sources s ON s.id = q.source_id WHERE s.path LIKE '%analyst-note.md'
        ORDER BY q.char_start"""
    ).fetchall()


def test_the_note_states_the_reference_figures(opened: Case) -> None:
    found = _quantities(opened)

    def one(value: float, words: tuple[str, ...]) -> tuple[float, str | None, str, str | None]:
        matches = [q for q in found if q[0] == value and any(w in q[2] for w in words)]
        assert len(matches) == 1, (value, found)
        return matches[0]

    assert one(6, ("round flights", "round trips"))[1:] == (None, "round flights", None)
    assert "Zuzana 2" in one(16, ("Zuzana 2", "howitzers"))[2]
    assert one(70, ("DITA",))[3] in ("more than", "over")
    assert one(30, ("shells",))[1] == "percent"


def test_the_notes_claims_carry_hedges_attributions_and_footnotes(opened: Case) -> None:
    claims = stored.claims(opened)
    assert all(c["document_title"].startswith("Shells, howitzers") for c in claims)

    def claim(words: str) -> dict[str, Any]:
        return next(c for c in claims if words in c["text"])

    flights = claim("six round flights between Burgas and Baku")
    assert flights["footnotes"] == [1]
    assert "Flightradar24" in flights["attributed_to"]
    assert claim("only 30 percent")["attributed_to"] == "President Volodymyr Zelensky"
    assert claim("16 Zuzana 2 howitzers")["footnotes"] == [3]
    assert claim("more than 70 DITA howitzers")["footnotes"] == [5]
    colonial = claim("framed France as a colonial power")
    assert colonial["footnotes"] == [7]
    assert claim("Baku Initiative Group amplified")["footnotes"] == [8]
    assert any("appear to" in " ".join(c["hedges"]) for c in claims)
    assert any(c["likelihood"] == "likely" for c in claims)
    footnotes = opened.con.execute("SELECT count(*) FROM document_footnotes").fetchone()
    assert footnotes == (9,)


def test_the_ledger_gives_fulfilment_per_supplier(built: demo.DemoResult, opened: Case) -> None:
    ledger = _source(built, demo.LEDGER)
    assert (ledger.accepted, ledger.rejected) == (15, 0)
    rows = {
        (r["supplier"], r["recipient"], r["system"]): r
        for r in arms_query.fulfilment(opened)
        if r["basis"] == "ledger"
    }
    zuzana = rows[("SK", "UA", "Zuzana 2")]
    assert (zuzana["ordered"], zuzana["delivered"]) == (24, 10)
    dita = rows[("CZ", "UA", "DITA")]
    assert (dita["ordered"], dita["delivered"]) == (15, 9)
    to_baku = rows[("CZ", "AZ", "DITA")]
    assert (to_baku["ordered"], to_baku["delivered"]) == (70, 0)
    shells = rows[("BG", "UA", "artillery shells")]
    assert shells["ratio"] is None  # nothing quantified: no ratio is made up
    assert [e["quantity"] for e in shells["events"]] == [None, None]
    financiers = opened.con.execute(
        "SELECT list(party ORDER BY party) FROM arms_events WHERE event = 'financed'"
        " AND system = 'Zuzana 2'"
    ).fetchone()
    assert financiers == (["DE", "DK", "NO"],)


def _countries(case: Case) -> dict[str, str | None]:
    return dict(case.con.execute("SELECT id, country FROM actors").fetchall())


def test_baku_speaks_first_and_moscow_echoes(opened: Case) -> None:
    country = _countries(opened)
    aligned = [
        a
        for a in narratives_query.alignments(opened)
        if country.get(a["actor_a"]) == "AZ" and country.get(a["actor_b"]) == "RU"
    ]
    on_new_caledonia = [
        a
        for a in aligned
        if all("New Caledonia" in p["a"]["text"] + p["b"]["text"] for p in a["pairs"])
    ]
    assert on_new_caledonia, aligned
    best = max(on_new_caledonia, key=lambda a: len(a["pairs"]))
    assert 0 < best["lag_days"] <= 3
    assert best["similarity"] >= 0.92  # well above the echo threshold (0.90), not by a hair
    # no French actor is reported as echoing either side: they reject the framing
    assert not any(
        "FR" in (country.get(a["actor_a"]), country.get(a["actor_b"]))
        for a in narratives_query.alignments(opened)
    )


def test_the_colonial_frame_is_counted_for_both_capitals(opened: Case) -> None:
    country = _countries(opened)
    framed = {
        country.get(r["actor"])
        for r in framing.counts(opened)
        if r["frame"] == "colonialism" and r["month"] == "2024-05"
    }
    assert {"AZ", "RU"} <= framed


def test_the_hostile_statement_is_stored_verbatim(opened: Case) -> None:
    with demo.bundled(demo.STATEMENTS).open(encoding="utf-8", newline="") as stream:
        written = [row["text"] for row in csv.DictReader(stream) if "<script>" in row["text"]]
    assert len(written) == 1 and '<script>alert("x")</script>' in written[0]
    stored_texts = opened.con.execute(
        "SELECT text FROM statements WHERE text LIKE '%<script>%'"
    ).fetchall()
    assert stored_texts == [(written[0],)]


def test_statements_are_marked_as_written_for_the_demo(opened: Case) -> None:
    rows = opened.con.execute("SELECT url, extra FROM statements").fetchall()
    assert all(url.startswith("https://example.org/demo/") for url, _ in rows)
    assert all("fictional paraphrase" in extra for _, extra in rows)


def _verdicts(case: Case) -> dict[str, dict[str, Any]]:
    return {v["claim"]["text"]: v for v in claims.check(case)}


def _about(verdicts: dict[str, dict[str, Any]], *words: str) -> dict[str, Any]:
    found = [v for text, v in verdicts.items() if all(w in text for w in words)]
    assert len(found) == 1, (words, list(verdicts))
    return found[0]


def test_the_notes_claims_get_their_verdicts(opened: Case) -> None:
    verdicts = _verdicts(opened)
    # the deliberate mismatch: on 2 March Baku hears nothing, so five round trips are seen
    airlift = _about(verdicts, "six round flights", "Burgas")
    assert (airlift["check"], airlift["verdict"]) == ("airlift", "partly supported")
    assert airlift["differences"][0] == "5 round trips observed where 6 are claimed"
    zuzana = _about(verdicts, "16 Zuzana 2")
    assert (zuzana["check"], zuzana["verdict"]) == ("ledger", "supported")
    dita = _about(verdicts, "70 DITA")
    assert (dita["check"], dita["verdict"]) == ("ledger", "supported")
    shells = _about(verdicts, "30 percent")
    assert (shells["check"], shells["verdict"]) == ("fulfilment", "no data")
    framing_claim = _about(verdicts, "colonial power")
    assert (framing_claim["check"], framing_claim["verdict"]) == ("alignment", "supported")
    assert "AZ → RU" in framing_claim["observed"]
    assert "redirected" not in " ".join(verdicts)  # an inference no data stream can check
