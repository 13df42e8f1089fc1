"""Segmentation, airports and identity on tracks with known truth, and on the real samples."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from hybridwatch.case import Case
from hybridwatch.demo import bundled
from hybridwatch.flights import query
from hybridwatch.flights.pipeline import build
from hybridwatch.ingest import ingest
from hybridwatch.reference.airports import haversine_km
from hybridwatch.reference.airports import table as airport_table
from hybridwatch.reference.state_callsigns import table as callsign_table
from tests.flights.synth import EDDF, LBBG, LFPG, UBBB, at, flight, write_records

AIRPORTS = {row["icao"]: row for row in airport_table().to_pylist()}


def flights_of(case: Case, tmp_path: Path, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ingest(case, "flights", write_records(tmp_path / "tracks.json.gz", records))
    return query.list_flights(case)


def test_a_cruise_coverage_gap_over_the_black_sea_stays_one_flight(
    case: Case, tmp_path: Path
) -> None:
    track = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"), unseen=[(2400, 7800)])
    [one] = flights_of(case, tmp_path, track)
    assert one["departure"]["airport"] == "LBBG" and one["departure"]["method"] == "ground"
    assert one["arrival"]["airport"] == "UBBB" and one["arrival"]["method"] == "ground"
    assert not one["departure"]["inferred"] and not one["arrival"]["inferred"]


def test_landing_and_takeoff_unseen_on_the_ground_are_two_flights(
    case: Case, tmp_path: Path
) -> None:
    out = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    back = flight("600881", "AZAF02", UBBB, LBBG, at("2024-02-15T11:00"))
    # no reception on the ground at Baku, nor low around it
    hidden_out = [r for r in out if not (r["onground"] or (r["altitude"] or 0) < 9000)]
    seen_out = out[: len(out) // 2] + [r for r in hidden_out if r in out[len(out) // 2 :]]
    seen_back = [r for r in back if not r["onground"] and (r["altitude"] or 0) > 9000]
    seen_back += [r for r in back if r["onground"] and r["latitude"] == LBBG.lat]
    first, second = flights_of(case, tmp_path, seen_out + seen_back)
    assert first["departure"]["airport"] == "LBBG"
    assert first["arrival"] is None and "left coverage" in first["arrival_unknown_reason"]
    assert second["departure"] is None and "entered coverage" in second["departure_unknown_reason"]
    assert second["arrival"]["airport"] == "LBBG"


def test_unseen_arrival_is_inferred_from_the_next_departure(case: Case, tmp_path: Path) -> None:
    out = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    back = flight("600881", "AZAF02", UBBB, LBBG, at("2024-02-15T11:00"))
    # coverage lost at cruise 300 km before Baku; seen again on the ground there at departure
    cut = next(i for i, r in enumerate(out) if r["longitude"] > 46.5)
    first, second = flights_of(case, tmp_path, out[:cut] + back)
    assert first["arrival"] == {
        "airport": "UBBB",
        "time": None,
        "method": "next-flight",
        "distance_km": pytest.approx(first["arrival"]["distance_km"]),
        "inferred": True,
    }
    assert 250 < first["arrival"]["distance_km"] < 400
    assert second["departure"]["airport"] == "UBBB" and not second["departure"]["inferred"]


def test_no_airport_for_a_flight_seen_only_at_cruise(case: Case, tmp_path: Path) -> None:
    track = flight("3c6444", "DLH4AB", LFPG, EDDF, at("2024-03-01T10:00"), cruise_ft=36_000)
    [only] = flights_of(case, tmp_path, [r for r in track if (r["altitude"] or 0) >= 30_000])
    assert only["departure"] is None and only["arrival"] is None
    assert only["departure_unknown_reason"].startswith("entered coverage at 3")
    assert only["arrival_unknown_reason"].startswith("left coverage at 3")


def test_climb_and_descent_give_airports_without_ground_points(case: Case, tmp_path: Path) -> None:
    track = flight("3c6444", "DLH4AB", LFPG, EDDF, at("2024-03-01T10:00"))
    [only] = flights_of(case, tmp_path, [r for r in track if not r["onground"]])
    assert (only["departure"]["airport"], only["departure"]["method"]) == ("LFPG", "climb")
    assert (only["arrival"]["airport"], only["arrival"]["method"]) == ("EDDF", "descent")


def test_identity_with_reasons(case: Case, tmp_path: Path) -> None:
    ingest(case, "aircraft", bundled("aircraft.csv"))
    il76 = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    c17 = flight("ae0676", "RCH123", LBBG, UBBB, at("2024-02-16T06:00"))
    unknown = flight("4ca7b1", "EIN12A", LFPG, EDDF, at("2024-02-17T06:00"))
    by_icao = {f["icao24"]: f for f in flights_of(case, tmp_path, il76 + c17 + unknown)}
    azaf = by_icao["600881"]
    assert (azaf["registration"], azaf["typecode"], azaf["country"]) == ("4K-78129", "IL76", "AZ")
    assert azaf["military"] is True
    assert azaf["reasons"]["military"].startswith("registry flags it military (source 1")
    assert "allocated to Azerbaijan" in azaf["reasons"]["country"]
    assert azaf["operator"] == "Azerbaijan Air Force"
    reach = by_icao["ae0676"]
    assert reach["military"] is True and reach["country"] == "US"
    assert by_icao["4ca7b1"]["military"] is False
    assert by_icao["4ca7b1"]["reasons"]["identity"] == "address not in any ingested registry"
    assert by_icao["4ca7b1"]["country"] == "IE"


def test_duplicate_rows_from_two_sources_do_not_double_flights(case: Case, tmp_path: Path) -> None:
    track = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    ingest(case, "flights", write_records(tmp_path / "a.json.gz", track))
    ingest(case, "flights", write_records(tmp_path / "b.json.gz", list(reversed(track))[:-1]))
    [one] = query.list_flights(case)
    assert one["points"] == sum(1 for r in track if not r["onground"])
    assert len(one["source_ids"]) == 2


def test_batches_of_aircraft_give_the_same_flights(case: Case, tmp_path: Path) -> None:
    records = []
    for n, address in enumerate(["600881", "4b1805", "3c6444", "4ca7b1", "a1b2c3"]):
        start = at("2024-02-15T06:00") + timedelta(minutes=7 * n)
        records += flight(address, f"TEST{n}1", LBBG, UBBB, start)
        records += flight(address, f"TEST{n}2", UBBB, LBBG, start + timedelta(hours=5))
    ingest(case, "flights", write_records(tmp_path / "tracks.json.gz", records))
    whole = build(case, force=True)
    rows = case.con.execute("SELECT * FROM flights ORDER BY id").fetchall()
    batched = build(case, force=True, batch_rows=len(records) // 4)
    assert case.con.execute("SELECT * FROM flights ORDER BY id").fetchall() == rows
    assert whole.flights == batched.flights == 10


def test_filters_show_and_rebuild_only_when_inputs_change(case: Case, tmp_path: Path) -> None:
    out = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    other = flight("3c6444", "DLH4AB", LFPG, EDDF, at("2024-02-20T06:00"))
    flights_of(case, tmp_path, out + other)
    assert build(case).rebuilt is False
    assert [f["icao24"] for f in query.list_flights(case, airport="ubbb")] == ["600881"]
    assert [f["icao24"] for f in query.list_flights(case, since="2024-02-18")] == ["3c6444"]
    assert query.list_flights(case, until="2024-02-14") == []
    detail = query.show(case, query.list_flights(case, icao24="600881")[0]["id"])
    assert len(detail["track"]) == detail["points"] == sum(1 for r in out if not r["onground"])
    assert {p["locator"].split()[0] for p in detail["track"]} == {"record"}
    takeoff = at("2024-02-15T06:00") + timedelta(minutes=10)  # after the synthetic taxi
    assert detail["track"][0]["time"] == takeoff.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert detail["departure"]["time"] == detail["first_seen"] == detail["track"][0]["time"]


def write_states_csv(path: Path, records: list[dict[str, Any]]) -> Path:
    """Records as an OpenSky states CSV (seconds, metres, m/s): record i on line i + 2."""
    lines = [
        "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,squawk,baroaltitude,"
        "geoaltitude"
    ]
    for r in records:
        altitude = "" if r["altitude"] is None else str(r["altitude"] * 0.3048)
        values = (
            r["timestamp"] // 1000,
            r["icao24"],
            r["latitude"],
            r["longitude"],
            r["groundspeed"] * 1852 / 3600,
            r["track"],
            r["vertical_rate"] * 0.3048 / 60,
            r["callsign"],
            str(r["onground"]).lower(),
            "",
            altitude,
            "",
        )
        lines.append(",".join(str(v) for v in values))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_show_names_each_point_by_its_line_or_record(case: Case, tmp_path: Path) -> None:
    """Numbered rows store only their number; the track shows it with its source's unit."""
    records = flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00"))
    half = len(records) // 2
    ingest(case, "flights", write_states_csv(tmp_path / "states.csv", records[:half]))
    ingest(case, "flights", write_records(tmp_path / "rest.json.gz", records[half:]))
    [one] = query.list_flights(case)
    track = query.show(case, one["id"])["track"]
    expected = {
        datetime.fromtimestamp(r["timestamp"] / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): (
            f"line {n + 2}" if n < half else f"record {n - half + 1}"
        )
        for n, r in enumerate(records)
    }
    assert len(track) == one["points"] == sum(1 for r in records if not r["onground"])
    assert [p["locator"] for p in track] == [expected[p["time"]] for p in track]
    assert {p["locator"].split()[0] for p in track} == {"line", "record"}


def test_exports(case: Case, tmp_path: Path) -> None:
    flights_of(case, tmp_path, flight("600881", "AZAF01", LBBG, UBBB, at("2024-02-15T06:00")))
    assert query.export(case, "csv", tmp_path / "f.csv") == 1
    [row] = list(csv.DictReader((tmp_path / "f.csv").open()))
    assert (row["departure_airport"], row["arrival_airport"]) == ("LBBG", "UBBB")
    query.export(case, "geojson", tmp_path / "f.geojson")
    [feature] = json.loads((tmp_path / "f.geojson").read_text())["features"]
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) > 100
    query.export(case, "parquet", tmp_path / "f.parquet")
    assert pq.read_table(tmp_path / "f.parquet").num_rows == 1


# --- real samples -------------------------------------------------------------------------


def real_flights(case: Case, path: Path) -> list[dict[str, Any]]:
    ingest(case, "flights", path)
    return query.list_flights(case)


def end_point(case: Case, flight_: dict[str, Any], side: str) -> tuple[float, float, float]:
    """Position and altitude (ft, 0 on the ground) where the track shows that end."""
    order = "ASC" if side == "departure" else "DESC"
    row = case.con.execute(
        f"""SELECT lat, lon, coalesce(altitude_ft, 0) FROM state_vectors_readable
        WHERE icao24 = ? AND lat IS NOT NULL
          AND time BETWEEN ?::TIMESTAMP - INTERVAL 30 MINUTE AND ?::TIMESTAMP + INTERVAL 30 MINUTE
        ORDER BY abs(epoch(time) - epoch(?::TIMESTAMP)) ASC, time {order} LIMIT 1""",
        [
            flight_["icao24"],
            flight_["first_seen"][:-1],
            flight_["last_seen"][:-1],
            (flight_["first_seen"] if side == "departure" else flight_["last_seen"])[:-1],
        ],
    ).fetchone()
    assert row is not None
    return row


def test_switzerland_no_airport_at_high_ends(case: Case, shared_data: Path) -> None:
    flights = real_flights(case, shared_data / "adsb/opensky-states/switzerland.csv.gz")
    assert len(flights) > 500
    for f in flights:
        for side in ("departure", "arrival"):
            end = f[side]
            lat, lon, alt = end_point(case, f, side)
            if end is None:
                assert f[f"{side}_unknown_reason"]
                continue
            if end["inferred"]:
                continue
            airport = AIRPORTS[end["airport"]]
            assert alt - airport["elevation_ft"] < 5_000, (f["id"], side, alt)
            assert haversine_km(lat, lon, airport["lat"], airport["lon"]) < 30, (f["id"], side)
    # the sample holds nothing below 30,000 ft: no airport may be given from it
    assert all(f["departure"] is None or f["departure"]["inferred"] for f in flights)


def test_quickstart_finds_landings_at_the_paris_airports(case: Case, shared_data: Path) -> None:
    flights = real_flights(case, shared_data / "adsb/opensky-states/quickstart.csv.gz")
    arrivals = [f["arrival"]["airport"] for f in flights if f["arrival"]]
    for paris in ("LFPG", "LFPO"):
        assert arrivals.count(paris) >= 5, (paris, arrivals.count(paris))
    for f in flights:
        end = f["arrival"]
        if end and not end["inferred"] and end["method"] == "ground":
            assert end["distance_km"] <= 6


def test_savan_calibration_legs_and_repeated_airports(case: Case, shared_data: Path) -> None:
    flights = real_flights(case, shared_data / "adsb/traffic-samples/savan.json.gz")
    assert len(flights) >= 10
    ends = [f[s]["airport"] for f in flights for s in ("departure", "arrival") if f[s]]
    repeated = {a for a in ends if ends.count(a) >= 3}
    assert repeated, ends


def test_readsb_trace_legs_agree_with_its_new_leg_flags(case: Case, shared_data: Path) -> None:
    flights = real_flights(case, shared_data / "adsb/readsb/trace_full_ac671b.json")
    flagged = case.con.execute(
        "SELECT epoch(time) FROM state_vectors WHERE new_leg ORDER BY time"
    ).fetchall()
    assert len(flights) == len(flagged) + 1  # the trace starts mid-flight
    starts = [f["first_seen"] for f in flights[1:]]
    for (flag_t,), start in zip(flagged, starts, strict=True):
        begun = datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp()
        assert -1 < begun - flag_t < 3600  # times are given to the second
    assert [f["callsigns"] for f in flights] == [["DAL1812"], ["DAL2418"], ["DAL1615"], ["DAL2927"]]


def test_state_callsign_prefixes_fit_the_prefix_join() -> None:
    assert all(2 <= len(prefix) <= 5 for prefix in callsign_table()["prefix"].to_pylist())
