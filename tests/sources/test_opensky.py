"""OpenSky readers (states CSV, Parquet, flight lists) on small files and on the real samples."""

from __future__ import annotations

import gzip
import random
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pv
import pyarrow.parquet as pq
import pytest

import hybridwatch.sources.opensky as opensky
from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import choose_reader, ingest

HEADER = (
    "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
    "baroaltitude,geoaltitude,lastposupdate,lastcontact"
)
# Rows per sample, from ../shared/data/README.md.
SAMPLES = {"quickstart": 284_505, "switzerland": 139_098, "savan": 193_447}


def state(
    time: int = 1533099600,
    icao24: str = "4067f2",
    lat: str = "46.679232",
    lon: str = "10.202179",
    velocity: str = "225.37",
    callsign: str = "TOM2XE  ",
    squawk: str = "1000",
    baroaltitude: str = "11582.4",
) -> str:
    return (
        f"{time},{icao24},{lat},{lon},{velocity},292.41,-5.2,{callsign},false,false,false,"
        f"{squawk},{baroaltitude},11700.0,{time}.0,{time}.0"
    )


def stored(case: Case, sql: str = "") -> list[tuple[object, ...]]:
    return case.con.execute(
        f"SELECT position, icao24, time, lat, lon, altitude_ft, groundspeed_kt, squawk, callsign "
        f"FROM state_vectors_readable {sql} ORDER BY source_id, position"
    ).fetchall()


def position_units(case: Case) -> list[tuple[object, ...]]:
    return case.con.execute("SELECT format, position_unit FROM sources ORDER BY id").fetchall()


def count(case: Case, table: str) -> int:
    row = case.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_states_csv_converts_units_and_numbers_lines(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "states.csv"
    path.write_text(HEADER + "\n" + state() + "\n" + state(squawk="200", lat="", lon="") + "\n")
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted, result.rejected) == ("opensky-states", 2, 0)
    row = case.con.execute(
        "SELECT time, icao24, callsign, altitude_ft, geoaltitude_ft, groundspeed_kt, track_deg,"
        " vertical_rate_fpm, on_ground, squawk, new_leg, locator FROM state_vectors_readable"
        " WHERE position = 2"
    ).fetchone()
    assert row is not None
    time, icao24, callsign, altitude, geoaltitude, speed, track, vrate, ground, squawk, leg, _ = row
    assert time == datetime(2018, 8, 1, 5, 0)
    assert (icao24, callsign, squawk, ground, leg) == ("4067f2", "TOM2XE", "1000", False, None)
    assert altitude == pytest.approx(38_000, abs=1)  # 11582.4 m
    assert geoaltitude == pytest.approx(11700 / 0.3048, abs=0.01)
    assert speed == pytest.approx(225.37 * 3600 / 1852, abs=0.001)
    assert track == pytest.approx(292.41, abs=0.001)
    assert vrate == pytest.approx(-5.2 * 60 / 0.3048, abs=0.01)
    # rows keep their line number, the unit is stored once for the source
    assert count(case, "state_vectors WHERE locator IS NOT NULL") == 0
    assert position_units(case) == [("opensky-states", "line")]
    # a row without lat/lon is kept; squawks are four digits
    assert stored(case, "WHERE position = 3")[0][3:5] == (None, None)
    assert stored(case, "WHERE position = 3")[0][7] == "0200"


def test_bad_lines_are_rejected_with_their_exact_line(case: Case, tmp_path: Path) -> None:
    lines = [
        HEADER.encode(),  # 1
        state().encode(),  # 2
        b"",  # 3 blank
        b"1533099601,4067f2,46.7",  # 4 short row
        state(1533099602).encode() + b",extra",  # 5 long row
        b"garbage",  # 6
        b"   ",  # 7 whitespace only: blank
        state(1533099603).encode(),  # 8
        state(1533099604, lat="abc").encode(),  # 9 not a number
        state(1533099605, lat="95.0").encode(),  # 10 impossible position
        state(1533099606, velocity="600").encode(),  # 11 1166 kt: impossible
        state(1533099607, icao24="xyz").encode(),  # 12
        state(1533099608, callsign="AB\xff").encode("latin-1"),  # 13 not UTF-8
        b",,,,,,,,,,,,,,,",  # 14 only commas: no values, skipped like a blank line
        state(1533099609, baroaltitude="inf").encode(),  # 15
        b"not-a-time" + state()[10:].encode(),  # 16
    ]
    crlf = b"\r\n".join(lines[:9]) + b"\r\n" + b"\n".join(lines[9:]) + b"\n\n"
    path = tmp_path / "bad.csv.gz"
    path.write_bytes(gzip.compress(crlf))
    result = ingest(case, "flights", path)
    assert result.accepted == 2
    assert [r.split(":")[0] for r in result.rejections] == [
        f"line {n}" for n in (4, 5, 6, 9, 10, 11, 12, 13, 15, 16)
    ]
    reasons = dict(r.split(": ", 1) for r in result.rejections)
    assert reasons["line 4"] == "expected 16 fields, found 3"
    assert reasons["line 5"] == "expected 16 fields, found 17"
    assert reasons["line 9"] == "lat 'abc' is not a number"
    assert "outside ±90°" in reasons["line 10"]
    assert "ground speed" in reasons["line 11"]
    assert "ICAO address" in reasons["line 12"]
    assert "not UTF-8" in reasons["line 13"]
    assert reasons["line 15"] == "baroaltitude 'inf' is not a finite number"
    assert "not a unix time" in reasons["line 16"]
    assert [row[0] for row in stored(case)] == [2, 8]
    assert [row[2] for row in stored(case)] == [
        datetime(2018, 8, 1, 5, 0, 0),
        datetime(2018, 8, 1, 5, 0, 3),
    ]


@pytest.mark.parametrize("compressed", [False, True])
def test_line_numbers_stay_exact_across_blocks(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    """Every stored row carries its time's offset as line number, so any drift shows."""
    monkeypatch.setattr(opensky, "CSV_BLOCK_BYTES", 4096)  # about 30 rows a block
    base = 1533099600
    rng = random.Random(7)
    lines = [HEADER]
    bad: list[int] = []
    for number in range(2, 6002):
        roll = rng.random()
        if roll < 0.03:
            lines.append("")
        elif roll < 0.06:
            lines.append("oops," * rng.choice([1, 3, 16, 30]))
            bad.append(number)
        else:
            lines.append(state(base + number))
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / ("many.csv.gz" if compressed else "many.csv")
    path.write_bytes(gzip.compress(data) if compressed else data)
    chunks = list(choose_reader("flights", path).read(path))
    rejected = [r.where for chunk in chunks for r in chunk.rejected]
    assert rejected == [f"line {n}" for n in bad]
    rows = pa.concat_tables([c.rows for c in chunks if c.rows is not None])
    assert rows.num_rows == 6000 - len(bad) - lines.count("")
    epoch = datetime(1970, 1, 1)
    seconds = [int((t - epoch).total_seconds()) - base for t in rows.column("time").to_pylist()]
    assert rows.column("position").to_pylist() == seconds


def test_small_chunks_keep_numbering(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opensky, "CSV_BLOCK_BYTES", 4096)
    monkeypatch.setattr(opensky, "CHUNK_ROWS", 50)
    lines = [HEADER] + [state(1533099600 + n) if n % 7 else "x" for n in range(2, 1002)]
    path = tmp_path / "states.csv"
    path.write_text("\n".join(lines))
    result = ingest(case, "flights", path)
    assert result.rejected == len([n for n in range(2, 1002) if n % 7 == 0])
    numbered = case.con.execute(
        "SELECT position, epoch(time)::BIGINT - 1533099600 FROM state_vectors"
    ).fetchall()
    assert len(numbered) == result.accepted
    assert all(position == offset for position, offset in numbered)


def test_missing_column_fails_on_line_1(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "states.csv"
    path.write_text(HEADER.replace(",baroaltitude", ",altitude") + "\n" + state() + "\n")
    with pytest.raises(InputError, match=r"states.csv: line 1: missing column\(s\) baroaltitude"):
        ingest(case, "flights", path)
    assert count(case, "sources") == 0


def test_truncated_gzip_fails_the_whole_file(case: Case, tmp_path: Path) -> None:
    rows = "\n".join(state(1533099600 + n) for n in range(100_000))
    path = tmp_path / "states.csv.gz"
    path.write_bytes(gzip.compress((HEADER + "\n" + rows + "\n").encode())[:-2000])
    with pytest.raises(InputError, match=r"states.csv.gz: .*damaged or truncated compressed data"):
        ingest(case, "flights", path)
    assert count(case, "state_vectors") == 0
    assert count(case, "sources") == 0


def test_parquet_from_a_real_slice(case: Case, shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "adsb" / "opensky-states" / "switzerland.csv.gz"
    table = pv.read_csv(source).slice(1000, 5000)
    path = tmp_path / "states.parquet"
    pq.write_table(table, path)
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted + result.rejected) == ("opensky-parquet", 5000)
    first = table.slice(0, 1).to_pylist()[0]
    row = case.con.execute(
        "SELECT icao24, epoch(time), altitude_ft, groundspeed_kt FROM state_vectors_readable"
        " WHERE position = 1"
    ).fetchone()
    assert row is not None
    assert row[0] == first["icao24"] and row[1] == first["time"]
    assert row[2] == pytest.approx(first["baroaltitude"] / 0.3048, abs=0.01)
    assert row[3] == pytest.approx(first["velocity"] * 3600 / 1852, abs=0.01)
    # time as a timestamp column, squawk as numbers: both read
    typed = table.set_column(0, "time", table["time"].cast(pa.timestamp("s", "UTC")))
    typed = typed.set_column(
        typed.schema.get_field_index("squawk"), "squawk", pa.array([7.0] * typed.num_rows)
    )
    other = tmp_path / "typed.parquet"
    pq.write_table(typed, other)
    again = ingest(case, "flights", other)
    assert again.accepted == result.accepted
    squawks = case.con.execute(
        "SELECT DISTINCT squawk FROM state_vectors WHERE source_id = ?", [again.source_id]
    ).fetchall()
    assert squawks == [("0007",)]
    assert position_units(case) == [("opensky-parquet", "row")] * 2


def test_parquet_with_dictionary_text_and_bad_rows(case: Case, tmp_path: Path) -> None:
    rows = 4
    table = pa.table(
        {
            "time": pa.array([1533099600, 1533099601, None, 1533099603], pa.int64()),
            "icao24": pa.array(["4067F2", "4067f2", "4067f2", "nothex"]).dictionary_encode(),
            "lat": [46.6, None, 46.7, 46.8],
            "lon": [10.2, None, 10.3, 10.4],
            "velocity": [225.37] * rows,
            "heading": [292.41] * rows,
            "vertrate": [0.0] * rows,
            "callsign": pa.array(["TOM2XE  "] * rows).dictionary_encode(),
            "onground": [False] * rows,
            "squawk": pa.array(["1000", None, "0", "1000"]),
            "baroaltitude": [11582.4] * rows,
            "geoaltitude": pa.nulls(rows, pa.float64()),
        }
    )
    path = tmp_path / "states.parquet"
    pq.write_table(table, path)
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted, result.rejected) == ("opensky-parquet", 2, 2)
    assert result.rejections[0] == "row 3: no time"
    assert result.rejections[1].startswith("row 4: ICAO address")
    assert [row[:5] for row in stored(case)] == [
        (1, "4067f2", datetime(2018, 8, 1, 5, 0, 0), 46.6, 10.2),
        (2, "4067f2", datetime(2018, 8, 1, 5, 0, 1), None, None),
    ]


def test_parquet_missing_column(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "states.parquet"
    pq.write_table(pa.table({"time": [1], "icao24": ["4067f2"], "lat": [1.0], "lon": [2.0]}), path)
    with pytest.raises(InputError, match=r"missing column\(s\) velocity"):
        ingest(case, "flights", path)


FLIGHTLIST = (
    "callsign,number,icao24,registration,typecode,origin,destination,firstseen,lastseen,day,"
    "latitude_1,longitude_1,altitude_1,latitude_2,longitude_2,altitude_2\n"
    "FAF4011,,3B7777,F-UJCG,a332,LFMI,,1593547585,1593559000,1593475200,43.6,4.87,762,,,\n"
    "AZF001 ,,600881,4K-78129,IL76,UBBB,LTBA,2020-07-01 00:10:00+00:00,"
    "2020-07-01T03:00:00Z,2020-07-01 00:00:00+00:00,,,,,,\n"
    "\n"
    "BAD,,zzzzzz,,,,,1593547585,1593559000,,,,,,,\n"
    "SHORT,,600881\n"
    '"THY5","","4baac6","TC-JJA","B77W","LTFM","EGLL","2020-07-01 12:00:00","2020-07-01 16:00",'
    '"",,,,,,\n'
    "NOTIME,,4baac7,,,,,yesterday,1593559000,,,,,,,\n"
)


def test_flight_list_in_seconds_and_iso(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "flightlist_20200701.csv.gz"
    path.write_bytes(gzip.compress(FLIGHTLIST.encode()))
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted, result.rejected) == ("opensky-flightlist", 3, 3)
    assert result.rejections == [
        "line 5: ICAO address 'zzzzzz' is not six hex digits",
        "line 6: expected 16 fields, found 3",
        "line 8: firstseen 'yesterday' is not a unix time or ISO 8601 date",
    ]
    rows = case.con.execute(
        "SELECT locator, icao24, callsign, registration, typecode, origin, destination,"
        " first_seen, last_seen FROM reported_flights ORDER BY locator"
    ).fetchall()
    assert rows == [
        (
            "line 2",
            "3b7777",
            "FAF4011",
            "F-UJCG",
            "A332",
            "LFMI",
            None,
            datetime(2020, 6, 30, 20, 6, 25),
            datetime(2020, 6, 30, 23, 16, 40),
        ),
        (
            "line 3",
            "600881",
            "AZF001",
            "4K-78129",
            "IL76",
            "UBBB",
            "LTBA",
            datetime(2020, 7, 1, 0, 10),
            datetime(2020, 7, 1, 3, 0),
        ),
        (
            "line 7",
            "4baac6",
            "THY5",
            "TC-JJA",
            "B77W",
            "LTFM",
            "EGLL",
            datetime(2020, 7, 1, 12, 0),
            datetime(2020, 7, 1, 16, 0),
        ),
    ]
    assert count(case, "state_vectors") == 0
    assert position_units(case) == [("opensky-flightlist", None)]  # locators are strings


def test_flight_list_and_states_are_told_apart(tmp_path: Path) -> None:
    flights = tmp_path / "a.csv"
    flights.write_text(FLIGHTLIST)
    states = tmp_path / "b.csv"
    states.write_text(HEADER + "\n" + state() + "\n")
    assert choose_reader("flights", flights).format == "opensky-flightlist"
    assert choose_reader("flights", states).format == "opensky-states"
    lacking = tmp_path / "c.csv"
    lacking.write_text("icao24,firstseen,lastseen,callsign\n3b7777,1,2,X\n")
    reader = choose_reader("flights", lacking)
    with pytest.raises(InputError, match=r"line 1: missing column\(s\) origin, destination"):
        list(reader.read(lacking))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_real_states_samples_are_stored_or_rejected(
    case: Case, shared_data: Path, name: str
) -> None:
    path = shared_data / "adsb" / "opensky-states" / f"{name}.csv.gz"
    result = ingest(case, "flights", path)
    assert result.format == "opensky-states"
    assert result.accepted + result.rejected == SAMPLES[name]
    assert result.rejected < 20  # a few impossible altitudes (> 80,000 ft) in the raw data
    assert count(case, "state_vectors") == result.accepted
    assert all("altitude" in r and "impossible" in r for r in result.rejections)
    assert ingest(case, "flights", path).already_ingested


@pytest.mark.slow
def test_real_sample_values(case: Case, shared_data: Path) -> None:
    folder = shared_data / "adsb" / "opensky-states"
    ingest(case, "flights", folder / "switzerland.csv.gz")
    # line 2: 1533099600,4067f2,46.679232,10.202179,225.37,292.41,0.0,TOM2XE  ,…,11582.4,
    assert stored(case, "WHERE position = 2") == [
        (
            2,
            "4067f2",
            datetime(2018, 8, 1, 5, 0),
            46.679232,
            10.202179,
            38000.0,
            pytest.approx(438.08, abs=0.01),
            None,
            "TOM2XE",
        )
    ]
    ingest(case, "flights", folder / "savan.csv.gz")
    # line 2: …,84.37,100.56,7.8,SAVAN17 ,false,false,false,4720,3535.68,3733.8,…
    row = case.con.execute(
        "SELECT altitude_ft, geoaltitude_ft, vertical_rate_fpm, squawk FROM state_vectors_readable"
        " WHERE icao24 = '39b415' AND position = 2"
    ).fetchone()
    assert row == (
        pytest.approx(11600, abs=1),
        pytest.approx(12250, abs=1),
        pytest.approx(1535.4, abs=0.1),
        "4720",
    )
