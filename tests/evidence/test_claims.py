"""Claims checked against the data: a simulated airlift with one round trip unseen, a small
ledger, echoing statements, and a note whose claims agree, disagree or have no data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hybridwatch import case as case_mod
from hybridwatch import demo, simulate
from hybridwatch.analyze import analyze
from hybridwatch.case import Case
from hybridwatch.evidence import claims
from hybridwatch.ingest import ingest

NOTE = """\
# Test note on the Burgas–Baku shuttle

Published 10 June 2024.

Flight data shows six round flights between Burgas and Baku by the Azerbaijani Air Force's
Il-76MD from mid-February to mid-March 2024.

The Azerbaijani Air Force flew three round flights between Burgas and Baku in February 2024.

Azerbaijani Air Force Il-76MD aircraft flew two round flights between Burgas and Baku in June 2024.

The Azerbaijani Air Force flew four round flights between Burgas and Tbilisi in March 2024.

Slovakia pledged 16 Zuzana 2 howitzers to Ukraine in 2022.

Slovakia pledged 24 Zuzana 2 howitzers to Ukraine in 2022.

Bulgaria promised artillery shells to Ukraine, but only 30 percent of them had reached Ukraine.

Poland promised artillery shells to Ukraine, but only 80 percent of them had reached Ukraine.

The weather in Sofia was mild that spring.
"""

LEDGER = """\
events:
  - {event: pledged, party: Slovakia, counterparty: Ukraine, system: Zuzana 2, quantity: 16,
     date: 2022-08, source: test}
  - {event: delivered, party: Slovakia, counterparty: Ukraine, system: Zuzana 2, quantity: 2,
     date: 2023, source: test}
  - {event: pledged, party: Poland, counterparty: Ukraine, system: 155mm artillery shell,
     quantity: 1000, date: 2023-05, source: test}
  - {event: delivered, party: Poland, counterparty: Ukraine, system: 155mm artillery shell,
     quantity: 310, date: 2024-01, source: test}
  - {event: pledged, party: Bulgaria, counterparty: Ukraine, system: 155mm artillery shell,
     date: 2023-05, source: test}
"""


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, list[Any]]]:
    root = tmp_path_factory.mktemp("claims")
    with case_mod.init(root / "case", "claims") as case:
        ingest(case, "aircraft", demo.bundled("aircraft.csv"), fmt="tar1090-csv")
        tracks = root / "tracks.csv.gz"
        simulate.write(simulate.simulate(simulate.load(demo.bundled(demo.SCENARIO))), tracks,
                       "opensky-states")  # fmt: skip
        ingest(case, "flights", tracks, fmt="opensky-states")
        (root / "note.md").write_text(NOTE, encoding="utf-8")
        ingest(case, "documents", root / "note.md")
        (root / "ledger.yaml").write_text(LEDGER, encoding="utf-8")
        ingest(case, "transfers", root / "ledger.yaml", fmt="ledger-yaml")
        analyze(case)
        yield case, claims.check(case)


def _verdict(verdicts: list[Any], start: str) -> dict[str, Any]:
    found = [v for v in verdicts if v["claim"]["text"].startswith(start)]
    assert len(found) == 1, [v["claim"]["text"] for v in verdicts]
    return found[0]


def test_fewer_round_trips_observed_than_claimed_is_partly_supported(checked: Any) -> None:
    v = _verdict(checked[1], "Flight data shows six round flights")
    assert v["check"] == "airlift"
    assert v["verdict"] == "partly supported"
    assert v["differences"][0] == "5 round trips observed where 6 are claimed"
    flights = {e["id"] for e in v["evidence"] if e["record"] == "flights"}
    assert len(flights) == 10 and all(f.startswith("600881-") for f in flights)
    assert any(e["record"] == "findings" for e in v["evidence"])
    # the airline and the one-off visitor on the same pair are not the claimed fleet
    assert "other flights on the pair are not by AZ IL76MD military" in v["differences"][1]


def test_a_month_with_as_many_round_trips_as_claimed_is_supported(checked: Any) -> None:
    v = _verdict(checked[1], "The Azerbaijani Air Force flew three round flights")
    assert v["verdict"] == "supported", v


def test_a_period_the_data_does_not_cover_has_no_data(checked: Any) -> None:
    v = _verdict(checked[1], "Azerbaijani Air Force Il-76MD aircraft flew two")
    assert v["verdict"] == "no data"
    assert "no flights" in v["observed"]


def test_no_such_flights_while_the_data_covers_the_period_is_contradicted(checked: Any) -> None:
    v = _verdict(checked[1], "The Azerbaijani Air Force flew four round flights")
    assert v["verdict"] == "contradicted"
    assert "though the case holds" in v["observed"]


def test_ledger_quantities(checked: Any) -> None:
    agrees = _verdict(checked[1], "Slovakia pledged 16 Zuzana 2")
    assert (agrees["check"], agrees["verdict"]) == ("ledger", "supported")
    assert [e["record"] for e in agrees["evidence"]] == ["arms_events"]
    differs = _verdict(checked[1], "Slovakia pledged 24 Zuzana 2")
    assert differs["verdict"] == "partly supported"
    assert differs["differences"] == ["the ledger records 16 where 24 is claimed"]


def test_shares_of_promised_items_delivered(checked: Any) -> None:
    without_numbers = _verdict(checked[1], "Bulgaria promised artillery shells")
    assert (without_numbers["check"], without_numbers["verdict"]) == ("fulfilment", "no data")
    assert "without the quantities" in without_numbers["observed"]
    wrong = _verdict(checked[1], "Poland promised artillery shells")
    assert wrong["verdict"] == "contradicted"
    assert wrong["observed"] == "310 of 1,000 delivered (31%)"
    assert wrong["differences"] == ["the ledger gives 31% where 80% is claimed"]


def test_claims_no_checker_recognises_are_left_out(checked: Any) -> None:
    case, verdicts = checked
    assert not [v for v in verdicts if "weather" in v["claim"]["text"]]
    every = claims.check(case, include_unchecked=True)
    unchecked = [v for v in every if v["verdict"] is None]
    assert any("weather" in v["claim"]["text"] for v in unchecked)
    assert {v["verdict"] for v in verdicts} <= set(claims.VERDICTS)


def test_a_case_without_documents_has_nothing_to_check(case: Case, tmp_path: Path) -> None:
    assert claims.check(case) == []
