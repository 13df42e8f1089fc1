"""Readers of the `traffic` library's JSON and Parquet, on small files and the real samples."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

# Importing reader modules registers them (the OpenSky ones for the comparisons).
import hybridwatch.sources.opensky
import hybridwatch.sources.traffic_formats  # noqa: F401
from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest

SAMPLES = {"quickstart": 284_505, "switzerland": 139_098, "savan": 193_447}


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "timestamp": 1633608773000,
        "icao24": "0101DE",
        "callsign": "MSR799",
        "latitude": 48.4824371338,
        "longitude": 3.8288057767,
        "altitude": 13650.0,
        "groundspeed": 325.0,
        "track": 311.1362180242,
        "vertical_rate": -896.0,
        "onground": False,
        "squawk": "1000",
    }
    base.update(changes)
    return base


def load_records(path: Path) -> Any:
    return json.loads(gzip.decompress(path.read_bytes()))


def count(case: Case, sql: str, params: list[object] | None = None) -> int:
    row = case.con.execute(sql, params or []).fetchone()
    assert row is not None
    return int(row[0])


def units(case: Case) -> list[tuple[object, ...]]:
    return case.con.execute("SELECT format, position_unit FROM sources ORDER BY id").fetchall()


def test_json_records_keep_traffic_units(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "flight.json"
    path.write_text(
        json.dumps(
            [
                record(),
                record(timestamp="2021-10-07T12:13:04Z", squawk=4720.0, geoaltitude=14000.0),
                record(timestamp="2021-10-07 12:13:05", squawk=7.0, latitude=None),
            ]
        )
    )
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted, result.rejected) == ("traffic-json", 3, 0)
    rows = case.con.execute(
        "SELECT position, time, icao24, callsign, lat, altitude_ft, geoaltitude_ft,"
        " groundspeed_kt, vertical_rate_fpm, on_ground, squawk"
        " FROM state_vectors_readable ORDER BY position"
    ).fetchall()
    assert rows[0] == (
        1,
        datetime(2021, 10, 7, 12, 12, 53),
        "0101de",
        "MSR799",
        48.4824371338,
        13650.0,
        None,
        325.0,
        -896.0,
        False,
        "1000",
    )
    assert rows[1][1] == datetime(2021, 10, 7, 12, 13, 4)
    assert (rows[1][6], rows[1][10]) == (14000.0, "4720")
    assert (rows[2][1], rows[2][4], rows[2][10]) == (datetime(2021, 10, 7, 12, 13, 5), None, "0007")
    assert units(case) == [("traffic-json", "record")]
    assert count(case, "SELECT count(*) FROM state_vectors WHERE locator IS NOT NULL") == 0


def test_odd_values_are_rejected_by_record(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "odd.json.gz"
    records: list[Any] = [
        record(),
        record(latitude="abc"),  # 2
        record(latitude=True),  # 3
        "not an object",  # 4
        record(icao24="12345"),  # 5
        record(timestamp="soon"),  # 6
        record(groundspeed=1500.0),  # 7
        record(altitude={"value": 1}),  # 8
        record(latitude=None, longitude=None),  # 9: kept without position
        record(timestamp=1633608773),  # 10: seconds, told apart from milliseconds
    ]
    path.write_bytes(gzip.compress(json.dumps(records).encode()))
    result = ingest(case, "flights", path)
    assert (result.accepted, result.rejected) == (3, 7)
    assert result.rejections == [
        "record 2: latitude 'abc' is not a number",
        "record 3: latitude 'true' is not a number",
        "record 4: not a JSON object",
        "record 5: ICAO address '12345' is not six hex digits",
        "record 6: timestamp 'soon' is not a unix time or ISO 8601 date",
        "record 7: ground speed 1500.0 kt is impossible",
        "record 8: altitude '{\"value\": 1}' is not a number",
    ]
    kept = case.con.execute(
        "SELECT position, lat, time FROM state_vectors ORDER BY position"
    ).fetchall()
    assert [k[0] for k in kept] == [1, 9, 10]
    assert kept[2][2] == datetime(2021, 10, 7, 12, 12, 53)
    assert kept[1][1] is None


def test_json_lines_are_numbered_by_line(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "flight.jsonl"
    lines = [
        json.dumps(record()),
        "",
        json.dumps(record(timestamp=1633608774000)),
        '{"timestamp": 1633608775000, "icao24": ',
        "[1, 2]",
        json.dumps(record(timestamp=1633608776000, icao24="zzzzzz")),
    ]
    path.write_text("\n".join(lines) + "\n")
    assert choose_reader("flights", path).format == "traffic-json"
    result = ingest(case, "flights", path)
    assert (result.accepted, result.rejected) == (2, 3)
    assert [r.split(":")[0] for r in result.rejections] == ["record 4", "record 5", "record 6"]
    numbers = case.con.execute("SELECT position FROM state_vectors ORDER BY position").fetchall()
    assert numbers == [(1,), (3,)]


def test_pandas_column_layout(case: Case, tmp_path: Path) -> None:
    records = [record(), record(timestamp=1633608774000, altitude=None)]
    columns = {key: {str(i): r[key] for i, r in enumerate(records)} for key in records[0]}
    path = tmp_path / "columns.json"
    path.write_text(json.dumps(columns))
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted) == ("traffic-json", 2)
    assert count(case, "SELECT count(*) FROM state_vectors WHERE altitude_ft IS NULL") == 1


def test_missing_column_and_bad_json_fail_the_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "no-altitude.json"
    path.write_text(json.dumps([{k: v for k, v in record().items() if k != "altitude"}]))
    with pytest.raises(InputError, match=r"missing column\(s\) altitude"):
        ingest(case, "flights", path, fmt="traffic-json")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"timestamp": 1, "icao24": "abcdef"},\n{"timestamp": ')
    with pytest.raises(InputError, match=r"broken.json: line 2: not valid JSON"):
        ingest(case, "flights", broken, fmt="traffic-json")
    assert count(case, "SELECT count(*) FROM sources") == 0


def test_truncated_gzip_json_stores_nothing(case: Case, shared_data: Path, tmp_path: Path) -> None:
    data = (shared_data / "adsb" / "traffic-samples" / "switzerland.json.gz").read_bytes()
    path = tmp_path / "switzerland.json.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"switzerland.json.gz: damaged or truncated compressed"):
        ingest(case, "flights", path)
    assert count(case, "SELECT count(*) FROM state_vectors") == 0


@pytest.mark.parametrize("timestamp", ["timestamp", "milliseconds"])
def test_parquet_from_a_real_slice(
    case: Case, shared_data: Path, tmp_path: Path, timestamp: str
) -> None:
    records = load_records(shared_data / "adsb" / "traffic-samples" / "savan.json.gz")[:3000]
    table = pa.Table.from_pylist(records)
    if timestamp == "timestamp":  # as traffic writes it from pandas: a UTC timestamp column
        table = table.set_column(
            table.schema.get_field_index("timestamp"),
            "timestamp",
            table["timestamp"].cast(pa.timestamp("ms", "UTC")),
        )
    path = tmp_path / "savan.parquet"
    pq.write_table(table, path)
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted + result.rejected) == ("traffic-parquet", 3000)
    row = case.con.execute(
        "SELECT epoch_ms(time), altitude_ft, geoaltitude_ft, squawk FROM state_vectors"
        " WHERE position = 1"
    ).fetchone()
    first = records[0]
    assert row == (first["timestamp"], first["altitude"], first["geoaltitude"], "4720")
    assert units(case) == [("traffic-parquet", "row")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "quickstart",
        "switzerland",
        "savan",
        "noisy_ground",
        "noisy_landing",
        "noisy_spoofing",
        "noisy_takeoff",
        "noisy_time_issue",
        "military/aircraft_carrier",
        "military/inflight_refuelling",
    ],
)
def test_real_samples_are_stored_or_rejected(case: Case, shared_data: Path, name: str) -> None:
    path = shared_data / "adsb" / "traffic-samples" / f"{name}.json.gz"
    content = load_records(path)
    if isinstance(content, dict):  # pandas' column layout
        records = [
            dict(zip(content, row, strict=True))
            for row in zip(*(c.values() for c in content.values()), strict=True)
        ]
    else:
        records = content
    if name in SAMPLES:
        assert len(records) == SAMPLES[name]
    result = ingest(case, "flights", path)
    assert result.format == "traffic-json"
    assert result.accepted + result.rejected == len(records)
    assert result.rejected < 20
    # rows without a position are kept
    no_position = sum(1 for r in records if r.get("latitude") is None)
    stored = count(case, "SELECT count(*) FROM state_vectors WHERE lat IS NULL")
    assert stored == no_position
    if name == "military/aircraft_carrier":
        assert stored == 1689


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_opensky_csv_and_traffic_json_agree(case: Case, shared_data: Path, name: str) -> None:
    adsb = shared_data / "adsb"
    csv = ingest(case, "flights", adsb / "opensky-states" / f"{name}.csv.gz")
    js = ingest(case, "flights", adsb / "traffic-samples" / f"{name}.json.gz")
    assert (csv.accepted, csv.rejected) == (js.accepted, js.rejected)
    matched = case.con.execute(
        "SELECT count(*), max(abs(a.altitude_ft - b.altitude_ft)),"
        " max(abs(a.groundspeed_kt - b.groundspeed_kt)), max(abs(a.lat - b.lat)),"
        " count(*) FILTER (WHERE a.squawk IS DISTINCT FROM b.squawk)"
        " FROM state_vectors a JOIN state_vectors b"
        " ON a.address = b.address AND a.time = b.time AND a.position = 2"
        " WHERE a.source_id = ? AND b.source_id = ?",
        [csv.source_id, js.source_id],
    ).fetchone()
    assert matched is not None and matched[0] >= 1
    assert matched[1] < 0.1 and matched[2] < 0.05 and matched[3] < 1e-5
    assert matched[4] == 0
    # and over every row, within float precision of the unit conversions
    worst = case.con.execute(
        "SELECT count(*), max(abs(a.altitude_ft - b.altitude_ft))"
        " FROM state_vectors a JOIN state_vectors b ON a.address = b.address AND a.time = b.time"
        " WHERE a.source_id = ? AND b.source_id = ?",
        [csv.source_id, js.source_id],
    ).fetchone()
    assert worst is not None and worst[0] >= csv.accepted and worst[1] < 0.1
