"""Airlift detection on synthetic shuttles with known truth, decoys included."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hybridwatch.analyze import analyze
from hybridwatch.case import Case, open_case
from hybridwatch.demo import bundled
from hybridwatch.findings import list_findings
from hybridwatch.flights import airlifts
from hybridwatch.ingest import ingest
from hybridwatch.settings import AirliftSettings
from tests.flights.synth import EDDF, LBBG, LFPG, UBBB, at, flight, write_records

OUTBOUND_DAYS = ["2024-02-15", "2024-02-20", "2024-02-26", "2024-03-02", "2024-03-08", "2024-03-13"]


def shuttle(icao24: str, callsign: str, days: list[str], hour: int = 6) -> list[dict[str, Any]]:
    records = []
    for n, day in enumerate(days):
        out = at(f"{day}T{hour:02d}:00") + timedelta(minutes=37 * n)
        records += flight(icao24, f"{callsign}{2 * n + 1:02d}", UBBB, LBBG, out, step_s=30)
        back = out + timedelta(hours=8)
        records += flight(icao24, f"{callsign}{2 * n + 2:02d}", LBBG, UBBB, back, step_s=30)
    return records


def daily_service(icao24: str, callsign: str, first: str, days: int) -> list[dict[str, Any]]:
    records = []
    for n in range(days):
        out = at(f"{first}T09:30") + timedelta(days=n)
        records += flight(icao24, f"{callsign}01", UBBB, LBBG, out, step_s=30)
        records += flight(icao24, f"{callsign}02", LBBG, UBBB, out + timedelta(hours=5), step_s=30)
    return records


def ingest_records(case: Case, tmp_path: Path, name: str, records: list[dict[str, Any]]) -> None:
    ingest(case, "flights", write_records(tmp_path / f"{name}.json.gz", records))


def test_military_shuttle_found_with_exact_round_trips_and_airline_ranks_below(
    case: Case, tmp_path: Path
) -> None:
    ingest(case, "aircraft", bundled("aircraft.csv"))
    ingest_records(
        case, tmp_path, "baseline", flight("3c6444", "DLH4AB", LFPG, EDDF, at("2024-01-20T06:00"))
    )
    ingest_records(case, tmp_path, "il76", shuttle("600881", "AZAF", OUTBOUND_DAYS))
    ingest_records(case, tmp_path, "azal", daily_service("60084d", "AHY1", "2024-02-14", 25))
    ingest_records(
        case, tmp_path, "visit", flight("4b820f", "HVK201", LBBG, UBBB, at("2024-02-22T10:00"))
    )
    everything = airlifts.detect(case, AirliftSettings(min_score=0.0))
    top = everything[0]
    assert [a.icao24 for a in top.aircraft] == ["600881"]
    assert top.airports == ("LBBG", "UBBB") and top.round_trips == 6
    factors = {f["factor"]: f for f in top.factors}
    assert factors["military_or_state"]["applies"] and factors["heavy_transport"]["applies"]
    assert factors["irregular"]["applies"] and factors["new_on_pair"]["applies"]
    airline = next(a for a in everything if a.aircraft[0].icao24 == "60084d")
    assert airline.round_trips == 25 and airline.score < top.score
    assert not {f["factor"]: f for f in airline.factors}["irregular"]["applies"]
    # with the case's defaults only the military airlift is reported; the visit never is
    reported = airlifts.detect(case)
    assert [a.id for a in reported] == [top.id]
    assert top.id == "airlift-azerbaijan-air-force-heavy-transport-LBBG-UBBB-20240215"
    assert "4K-78129 flew 6 round trips LBBG (Burgas)–UBBB (Baku)" in top.summary()


def test_an_unseen_arrival_still_counts_when_the_next_departure_shows_it(
    case: Case, tmp_path: Path
) -> None:
    records = shuttle("600881", "AZAF", OUTBOUND_DAYS[:4])
    # drop the last 40 minutes of the second outbound leg, landing included
    legs_start = [r for r in records if r["callsign"] == "AZAF03"]
    landing = max(r["timestamp"] for r in legs_start)
    records = [
        r
        for r in records
        if not (r["callsign"] == "AZAF03" and r["timestamp"] > landing - 40 * 60 * 1000)
    ]
    ingest(case, "aircraft", bundled("aircraft.csv"))
    ingest_records(case, tmp_path, "il76", records)
    [lift] = airlifts.detect(case)
    assert lift.round_trips == 4
    assert sum(leg.inferred for leg in lift.legs) == 1


def test_watchlisted_aircraft_raises_a_finding_for_one_trip(case: Case, tmp_path: Path) -> None:
    toml = case.root / "case.toml"
    toml.write_text(toml.read_text().replace("aircraft = []", 'aircraft = ["4K-78129"]'))
    with open_case(case.root) as watched:
        ingest(watched, "aircraft", bundled("aircraft.csv"))
        ingest_records(watched, tmp_path, "once", shuttle("600881", "AZAF", OUTBOUND_DAYS[:1]))
        [lift] = airlifts.detect(watched)
        assert lift.round_trips == 1
        assert (
            "aircraft 4K-78129"
            in {f["factor"]: f for f in lift.factors}["watchlist"]["explanation"]
        )


def test_analyze_stores_findings_with_their_evidence(case: Case, tmp_path: Path) -> None:
    ingest(case, "aircraft", bundled("aircraft.csv"))
    ingest_records(case, tmp_path, "il76", shuttle("600881", "AZAF", OUTBOUND_DAYS))
    assert analyze(case).counts == {"airlift": 1, "arms": 0, "narrative": 0}
    [finding] = list_findings(case)
    assert finding["kind"] == "airlift" and finding["details"]["round_trips"] == 6
    assert len(finding["evidence"]) == 12
    flight_ids = {row[0] for row in case.con.execute("SELECT id FROM flights").fetchall()}
    assert {e["id"] for e in finding["evidence"]} <= flight_ids
    assert analyze(case).counts == {
        "airlift": 1,
        "arms": 0,
        "narrative": 0,
    }  # rerun replaces, does not duplicate
    assert len(list_findings(case)) == 1


def test_no_false_airlifts_in_the_real_samples(case: Case, shared_data: Path) -> None:
    adsb = shared_data / "adsb"
    samples = [
        *sorted((adsb / "opensky-states").glob("*.csv.gz")),
        *sorted((adsb / "traffic-samples").glob("noisy_*.json.gz")),
        *sorted((adsb / "traffic-samples" / "military").glob("*.json.gz")),
        adsb / "readsb" / "trace_full_ac671b.json",
        *sorted((adsb / "fr24").glob("*.json")),
    ]
    for path in samples:
        ingest(case, "flights", path)
    assert analyze(case).counts == {"airlift": 0, "arms": 0, "narrative": 0}
    # even with every threshold at its lowest, nothing military or heavy shuttles in them
    loose = airlifts.detect(case, AirliftSettings(min_round_trips=3, min_score=0.0))
    assert all(a.score < 0.35 for a in loose), [a.summary() for a in loose]
