"""Flightradar24 readers: the real flight-detail JSON samples, and small files written here."""

from __future__ import annotations

import copy
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import hybridwatch.sources.fr24  # noqa: F401 (registers the readers)
from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import ingest


def rows(case: Case, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return case.con.execute(sql, list(params)).fetchall()


def utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def count(case: Case, table: str) -> int:
    return int(rows(case, f"SELECT count(*) FROM {table}")[0][0])


# ------------------------------------------------------------------------------ real JSON


def real_files(shared_data: Path) -> list[Path]:
    files = sorted((shared_data / "adsb" / "fr24").glob("*.json"))
    assert len(files) == 4
    return files


def test_real_flight_details_store_every_point_and_the_flight(
    case: Case, shared_data: Path
) -> None:
    for path in real_files(shared_data):
        flight = json.loads(path.read_bytes())["result"]["response"]["data"]["flight"]
        track = flight["track"]
        result = ingest(case, "flights", path)
        assert result.format == "fr24-json"
        assert result.rejected == 0
        assert result.tables == {"state_vectors": len(track), "reported_flights": 1}

        address = flight["aircraft"]["identification"]["modes"].lower()
        [reported] = rows(
            case,
            "SELECT callsign, registration, typecode, origin, destination, first_seen,"
            " last_seen, locator FROM reported_flights WHERE source_id = ?",
            result.source_id,
        )
        assert reported == (
            flight["identification"]["callsign"],
            flight["aircraft"]["identification"]["registration"],
            flight["aircraft"]["model"]["code"],
            flight["airport"]["origin"]["code"]["icao"],
            flight["airport"]["destination"]["code"]["icao"],
            utc(min(p["timestamp"] for p in track)),
            utc(max(p["timestamp"] for p in track)),
            "flight",
        )
        assert rows(
            case,
            "SELECT DISTINCT icao24, callsign FROM state_vectors_readable WHERE source_id = ?",
            result.source_id,
        ) == [(address, flight["identification"]["callsign"])]
        ground = sum(1 for p in track if p["altitude"]["feet"] == 0 and p["speed"]["kts"] < 50)
        assert ground > 0
        assert rows(
            case,
            "SELECT count(*) FILTER (on_ground), count(*) FILTER (on_ground IS NULL)"
            " FROM state_vectors WHERE source_id = ?",
            result.source_id,
        ) == [(ground, len(track) - ground)]

    origins = rows(case, "SELECT origin, destination FROM reported_flights ORDER BY origin")
    assert origins == [("LSZH", "MMUN"), ("LTFM", "ENGM"), ("RJCC", "RJTT"), ("WMSA", "RCSS")]


def test_real_flight_units_match_the_raw_points(case: Case, shared_data: Path) -> None:
    path = shared_data / "adsb" / "fr24" / "3376ab31.json"
    track = json.loads(path.read_bytes())["result"]["response"]["data"]["flight"]["track"]
    ingest(case, "flights", path)
    for index in (0, 150, len(track) - 1):
        point = track[index]
        [row] = rows(
            case,
            "SELECT time, lat, lon, altitude_ft, groundspeed_kt, track_deg, vertical_rate_fpm,"
            " squawk FROM state_vectors WHERE locator = ?",
            f"track[{index}]",
        )
        squawk = None if point["squawk"] == "0" else point["squawk"].zfill(4)
        assert row == (
            utc(point["timestamp"]),
            point["latitude"],
            point["longitude"],
            point["altitude"]["feet"],  # feet, as given
            point["speed"]["kts"],  # knots, as given
            point["heading"],
            point["verticalSpeed"]["fpm"],  # ft/min, as given
            squawk,
        )
    # FR24 drops the squawk's leading zero: "416" is stored as 0416.
    assert rows(case, "SELECT DISTINCT squawk FROM state_vectors ORDER BY 1") == [
        ("0416",),
        (None,),
    ]


# ----------------------------------------------------------------------------- small JSON


def flight_detail(track: list[object], **changes: object) -> dict[str, Any]:
    flight: dict[str, Any] = {
        "identification": {"id": "3a1b2c3d", "number": {"default": "J2123"}, "callsign": "AHY123"},
        "aircraft": {
            "model": {"code": "a320", "text": "Airbus A320-214"},
            "identification": {"modes": "60084D", "registration": "4K-AZ77"},
        },
        "airport": {
            "origin": {"code": {"iata": "GYD", "icao": "UBBB"}},
            "destination": {"code": {"iata": "IST", "icao": "LTFM"}},
            "real": None,
        },
        "track": track,
    }
    flight.update(changes)
    return {"result": {"request": {}, "response": {"data": {"flight": flight}}}}


def point(
    seconds: int, lat: float | None, lon: float | None, feet: int, kts: int
) -> dict[str, Any]:
    return {
        "latitude": lat,
        "longitude": lon,
        "altitude": {"feet": feet, "meters": round(feet * 0.3048)},
        "speed": {"kmh": kts * 1.852, "kts": kts, "mph": kts * 1.15},
        "verticalSpeed": {"fpm": 0, "ms": 0},
        "heading": 90,
        "squawk": "1000",
        "timestamp": seconds,
        "ems": None,
    }


T0 = 1_712_400_000


def test_flight_detail_rejects_malformed_points_with_their_index(
    case: Case, tmp_path: Path
) -> None:
    good = point(T0, 40.46, 50.05, 0, 12)
    bad_altitude = {**point(T0 + 20, 40.5, 50.1, 0, 0), "altitude": 1500}
    bad_latitude = {**point(T0 + 30, 40.5, 50.1, 0, 0), "latitude": "40.5"}
    no_time = {**point(T0 + 40, 40.5, 50.1, 0, 0), "timestamp": None}
    track: list[object] = [
        good,
        "not a point",
        bad_altitude,
        bad_latitude,
        no_time,
        point(T0 + 50, None, None, 3000, 180),  # no position: kept
        point(T0 + 60, 40.6, 191.0, 3500, 190),  # impossible longitude
        point(T0 + 70, 40.7, 50.3, 0, 120),  # altitude 0 at speed: not said to be on ground
    ]
    path = tmp_path / "3a1b2c3d.json"
    path.write_text(json.dumps(flight_detail(track)))
    result = ingest(case, "flights", path)
    assert result.format == "fr24-json"
    assert result.rejections == [
        "track[1]: point 'not a point' is not an object",
        "track[2]: altitude 1500 is not an object of units",
        "track[3]: latitude '40.5' is not a number",
        "track[4]: no timestamp",
        "track[6]: longitude 191.0 is outside ±180°",
    ]
    assert result.tables == {"state_vectors": 3, "reported_flights": 1}
    assert rows(case, "SELECT locator, lat, on_ground FROM state_vectors ORDER BY time") == [
        ("track[0]", 40.46, True),
        ("track[5]", None, None),
        ("track[7]", 40.7, None),
    ]
    assert rows(case, "SELECT icao24, typecode, first_seen, last_seen FROM reported_flights") == [
        ("60084d", "A320", utc(T0), utc(T0 + 70))
    ]


def test_diverted_flight_reports_where_fr24_says_it_went(case: Case, tmp_path: Path) -> None:
    doc = flight_detail([point(T0, 40.46, 50.05, 0, 0)])
    airports = doc["result"]["response"]["data"]["flight"]["airport"]
    airports["real"] = {"code": {"iata": "ESB", "icao": "LTAC"}, "name": "Ankara Esenboga"}
    path = tmp_path / "diverted.json"
    path.write_text(json.dumps(doc))
    ingest(case, "flights", path)
    assert rows(case, "SELECT origin, destination FROM reported_flights") == [("UBBB", "LTAC")]


def test_flight_detail_with_missing_parts(case: Case, tmp_path: Path) -> None:
    doc = flight_detail([], airport={"origin": None, "destination": None, "real": None})
    del doc["result"]["response"]["data"]["flight"]["track"]
    path = tmp_path / "sparse.json"
    path.write_text(json.dumps(doc))
    result = ingest(case, "flights", path)
    assert result.tables == {"reported_flights": 1}
    assert rows(case, "SELECT origin, destination, first_seen FROM reported_flights") == [
        (None, None, None)
    ]


def test_flight_detail_without_address_is_refused(case: Case, tmp_path: Path) -> None:
    doc = flight_detail([point(T0, 40.46, 50.05, 0, 0)])
    flight = copy.deepcopy(doc)["result"]["response"]["data"]["flight"]
    flight["aircraft"]["identification"]["modes"] = None
    path = tmp_path / "nomodes.json"
    path.write_text(json.dumps({"result": {"response": {"data": {"flight": flight}}}}))
    with pytest.raises(InputError, match=r"flight: no ICAO address in aircraft\.identification"):
        ingest(case, "flights", path)
    assert count(case, "state_vectors") == count(case, "reported_flights") == 0


def test_truncated_flight_detail_stores_nothing(case: Case, tmp_path: Path) -> None:
    track = [point(T0 + i, 40.0 + i / 1e4, 50.0, 30000, 450) for i in range(3000)]
    body = gzip.compress(json.dumps(flight_detail(track)).encode())
    path = tmp_path / "3a1b2c3d.json.gz"
    path.write_bytes(body[: len(body) // 2])
    with pytest.raises(InputError, match="damaged or truncated compressed data"):
        ingest(case, "flights", path, fmt="fr24-json")
    assert count(case, "state_vectors") == count(case, "reported_flights") == 0


# ------------------------------------------------------------------------------------ CSV

CSV_HEADER = "Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n"


def test_csv_export_named_with_the_address(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "2ce4f83f_AE503D.csv"
    path.write_text(
        CSV_HEADER
        + '1659425766,2022-08-02T07:36:06Z,SPAR19,"3.123632,101.553513",0,23,329\n'
        + '1659425900,2022-08-02T07:38:20Z,SPAR19,"3.130000,101.540000",0,140,329\n'
        + '1659426200,2022-08-02T07:43:20Z,SPAR19,"3.300000,101.400000",5200,250,330\n'
        + '1659426300,2022-08-02T07:45:00Z,SPAR19,"3.3,101.4,7",5300,250,330\n'  # bad Position
        + '1659426400,2022-08-02T07:46:40Z,SPAR19,"3.400000,101.300000",high,250,330\n'
        + "1659426500,2022-08-02T07:48:20Z,SPAR19,,6000,260,331\n"  # no position: kept
        + ',2022-08-02T07:50:00Z,SPAR19,"3.500000,101.200000",6500,265,331\n'  # UTC only
        + "1659426700,2022-08-02T07:51:40Z,SPAR19\n"  # too few fields
        + '1659426800,2022-08-02T07:53:20Z,SPAR19,"95.0,101.1",7000,270,331\n'  # impossible
        + "\n"
    )
    result = ingest(case, "flights", path)
    assert result.format == "fr24-csv"
    assert result.rejections == [
        "line 5: Position '3.3,101.4,7' is not \"lat,lon\"",
        "line 6: Altitude 'high' is not a number",
        "line 9: expected 7 fields, found 3",
        "line 10: latitude 95.0 is outside ±90°",
    ]
    assert result.accepted == 5
    assert rows(
        case,
        "SELECT locator, time, icao24, callsign, lat, lon, altitude_ft, groundspeed_kt,"
        " track_deg, on_ground FROM state_vectors_readable ORDER BY time",
    ) == [
        (
            "line 2",
            utc(1659425766),
            "ae503d",
            "SPAR19",
            3.123632,
            101.553513,
            0.0,
            23.0,
            329.0,
            True,
        ),
        ("line 3", utc(1659425900), "ae503d", "SPAR19", 3.13, 101.54, 0.0, 140.0, 329.0, None),
        ("line 4", utc(1659426200), "ae503d", "SPAR19", 3.3, 101.4, 5200.0, 250.0, 330.0, None),
        ("line 7", utc(1659426500), "ae503d", "SPAR19", None, None, 6000.0, 260.0, 331.0, None),
        ("line 8", utc(1659426600), "ae503d", "SPAR19", 3.5, 101.2, 6500.0, 265.0, 331.0, None),
    ]


def test_csv_export_without_the_address_in_its_name_is_refused(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "2ce4f83f.csv"
    path.write_text(CSV_HEADER + '1659425766,2022-08-02T07:36:06Z,SPAR19,"3.1,101.5",0,23,329\n')
    with pytest.raises(InputError, match=r"2ce4f83f\.csv: .*rename the file to end in _<icao24>"):
        ingest(case, "flights", path)
    assert count(case, "state_vectors") == 0


def test_truncated_gzip_csv_stores_nothing(case: Case, tmp_path: Path) -> None:
    lines = [f'{1659425766 + i},,SPAR19,"3.1,101.5",{i},300,90\n' for i in range(100_000)]
    body = gzip.compress((CSV_HEADER + "".join(lines)).encode())
    path = tmp_path / "2ce4f83f_ae503d.csv.gz"
    path.write_bytes(body[: len(body) - 2000])
    with pytest.raises(InputError, match="damaged or truncated compressed data"):
        ingest(case, "flights", path)
    assert count(case, "state_vectors") == 0
    assert count(case, "sources") == 0
