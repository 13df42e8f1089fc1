"""`flights …`, `analyze` and `findings` through the CLI: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run, run_json
from tests.flights.synth import LBBG, UBBB, at, flight, write_records
from tests.flights.test_airlifts import OUTBOUND_DAYS, shuttle

FLIGHT_KEYS = {
    "id",
    "icao24",
    "callsigns",
    "registration",
    "typecode",
    "operator",
    "country",
    "military",
    "first_seen",
    "last_seen",
    "points",
    "source_ids",
    "departure",
    "arrival",
    "departure_unknown_reason",
    "arrival_unknown_reason",
}


def make_case(tmp_path: Path) -> str:
    case = str(tmp_path / "c")
    run("init", case)
    registry = str(Path(__file__).resolve().parents[2] / "src/hybridwatch/demo/aircraft.csv")
    run("ingest", "aircraft", registry, "-C", case)
    tracks = write_records(tmp_path / "t.json.gz", shuttle("600881", "AZAF", OUTBOUND_DAYS))
    run("ingest", "flights", str(tracks), "-C", case)
    return case


def test_flights_list_show_export(tmp_path: Path) -> None:
    case = make_case(tmp_path)
    flights = run_json("flights", "list", "-C", case)
    assert len(flights) == 12
    assert set(flights[0]) >= FLIGHT_KEYS
    assert set(flights[0]["departure"]) == {"airport", "time", "method", "distance_km", "inferred"}
    assert flights[0]["first_seen"].endswith("Z")
    assert len(run_json("flights", "list", "--airport", "LBBG", "--military", "-C", case)) == 12
    assert run_json("flights", "list", "--icao24", "abcdef", "-C", case) == []
    detail = run_json("flights", "show", flights[0]["id"], "-C", case)
    assert detail["track"] and {"time", "lat", "lon", "source_id", "locator"} <= set(
        detail["track"][0]
    )
    run("flights", "show", "nope", "-C", case, code=1)
    run("flights", "list", "--since", "yesterday", "-C", case, code=2)
    exported = run_json(
        "flights", "export", "-f", "geojson", "-o", str(tmp_path / "x.geojson"), "-C", case
    )
    assert exported["flights"] == 12
    assert len(json.loads((tmp_path / "x.geojson").read_text())["features"]) == 12
    run("flights", "export", "-f", "xml", "-o", str(tmp_path / "x.xml"), "-C", case, code=2)


def test_airlifts_analyze_findings(tmp_path: Path) -> None:
    case = make_case(tmp_path)
    [lift] = run_json("flights", "airlifts", "-C", case)
    expected = {"id", "aircraft", "airports", "round_trips", "legs", "first", "last", "score"}
    assert expected | {"factors", "summary"} <= set(lift)
    assert lift["airports"] == ["LBBG", "UBBB"] and lift["round_trips"] == 6
    assert set(lift["aircraft"][0]) == {
        "icao24",
        "registration",
        "typecode",
        "operator",
        "country",
        "military",
    }
    assert {"flight", "inferred"} <= set(lift["legs"][0])
    assert run_json("flights", "airlifts", "--min-round-trips", "7", "-C", case) == []
    analysis = run_json("analyze", "-C", case)
    assert analysis["counts"] == {"airlift": 1, "arms": 0, "narrative": 0}
    [finding] = run_json("findings", "-C", case)
    assert finding["id"] == lift["id"] and finding["kind"] == "airlift"
    assert run("findings", "-C", case).stdout.count("military_or_state") == 1


def test_unknown_reason_printed_by_show(tmp_path: Path) -> None:
    case = str(tmp_path / "c")
    run("init", case)
    high = [
        r
        for r in flight("600881", "X1", LBBG, UBBB, at("2024-02-15T06:00"))
        if (r["altitude"] or 0) > 30000
    ]
    run("ingest", "flights", str(write_records(tmp_path / "h.json.gz", high)), "-C", case)
    [one] = run_json("flights", "list", "-C", case)
    text = run("flights", "show", one["id"], "-C", case).stdout
    assert "departure: unknown — entered coverage at" in text
