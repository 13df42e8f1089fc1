"""readsb readers: the real ADS-B Exchange trace, and small traces and snapshot folders."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import hybridwatch.sources.readsb  # noqa: F401 (registers the readers)
from hybridwatch.case import Case
from hybridwatch.errors import InputError
from hybridwatch.ingest import ingest


def rows(case: Case, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return case.con.execute(sql, list(params)).fetchall()


def utc(seconds: float) -> datetime:
    """A unix time as the store gives it back: naive UTC, millisecond precision."""
    moment = datetime.fromtimestamp(round(seconds * 1000) / 1000, UTC)
    return moment.replace(tzinfo=None)


def stored(case: Case) -> int:
    return int(rows(case, "SELECT count(*) FROM state_vectors")[0][0])


# ----------------------------------------------------------------------------- real trace


@pytest.fixture
def real_trace(shared_data: Path) -> Path:
    return shared_data / "adsb" / "readsb" / "trace_full_ac671b.json"


def test_real_trace_stores_every_point(case: Case, real_trace: Path) -> None:
    raw = json.loads(real_trace.read_bytes())
    points = raw["trace"]
    result = ingest(case, "flights", real_trace)
    assert result.format == "readsb-trace"
    assert result.accepted + result.rejected == len(points) == 2500
    assert result.rejected == 0
    assert stored(case) == len(points)
    assert rows(case, "SELECT DISTINCT icao24 FROM state_vectors_readable") == [("ac671b",)]

    legs = [i for i, p in enumerate(points) if p[6] & 2]
    assert len(legs) == 3
    stored_legs = rows(case, "SELECT locator FROM state_vectors WHERE new_leg ORDER BY time")
    assert stored_legs == [(f"trace[{i}]",) for i in legs]

    ground = sum(1 for p in points if p[3] == "ground")
    assert ground > 0
    assert rows(case, "SELECT count(*) FROM state_vectors WHERE on_ground") == [(ground,)]
    assert rows(
        case, "SELECT count(*) FROM state_vectors WHERE on_ground AND altitude_ft IS NOT NULL"
    ) == [(0,)]
    assert rows(case, "SELECT count(*) FROM state_vectors WHERE NOT on_ground") == [
        (sum(1 for p in points if isinstance(p[3], int | float)),)
    ]


def test_real_trace_units_and_times_match_the_raw_points(case: Case, real_trace: Path) -> None:
    raw = json.loads(real_trace.read_bytes())
    ingest(case, "flights", real_trace)
    for index in (0, 3, 1000, 2499):
        point = raw["trace"][index]
        [row] = rows(
            case,
            "SELECT time, lat, lon, altitude_ft, geoaltitude_ft, groundspeed_kt, track_deg,"
            " vertical_rate_fpm FROM state_vectors WHERE locator = ?",
            f"trace[{index}]",
        )
        time, lat, lon, altitude, geo, speed, track, rate = row
        assert time == utc(raw["timestamp"] + point[0])
        assert (lat, lon) == (point[1], point[2])
        assert altitude == (None if point[3] == "ground" else point[3])
        assert geo == point[10]
        assert speed == pytest.approx(point[4], abs=0.01)  # knots, as given
        assert track == pytest.approx(point[5], abs=0.01)
        assert rate == point[7]  # ft/min, as given


def test_real_trace_carries_callsigns_per_leg(case: Case, real_trace: Path) -> None:
    raw = json.loads(real_trace.read_bytes())
    ingest(case, "flights", real_trace)
    expected: list[str | None] = []
    callsign = None
    for point in raw["trace"]:
        if point[6] & 2:
            callsign = None
        if point[8] and "flight" in point[8]:
            callsign = point[8]["flight"].strip()
        expected.append(callsign)
    got = [r[0] for r in rows(case, "SELECT callsign FROM state_vectors ORDER BY time")]
    assert got == expected
    assert {c for c in got if c} == {"DAL1812", "DAL2418", "DAL1615", "DAL2927"}
    # The first point of the second leg does not inherit the first leg's callsign.
    assert rows(case, "SELECT callsign FROM state_vectors WHERE locator = 'trace[770]'") == [
        (None,)
    ]


def test_real_trace_gzipped_reads_the_same(case: Case, real_trace: Path, tmp_path: Path) -> None:
    packed = tmp_path / "trace_full_ac671b.json.gz"
    packed.write_bytes(gzip.compress(real_trace.read_bytes()))
    result = ingest(case, "flights", packed)
    assert (result.format, result.accepted, result.rejected) == ("readsb-trace", 2500, 0)


# ---------------------------------------------------------------------------- small traces

BASE = 1_700_000_000.0


def write_trace(path: Path, trace: list[object], icao: str = "4b1901") -> Path:
    doc = {"icao": icao, "r": "HB-JMF", "t": "A343", "timestamp": BASE, "trace": trace}
    path.write_text(json.dumps(doc))
    return path


def test_trace_rejects_malformed_points_with_their_index(case: Case, tmp_path: Path) -> None:
    details = {"type": "adsb_icao", "flight": "EDW24  ", "squawk": "1000"}
    trace: list[object] = [
        [0.0, 47.45, 8.55, "ground", 5.0, 90.0, 0, None, details, "adsb_icao"],
        [1.0, 47.46, 8.56, "ground", 6.0],  # too short
        [2.0, "47.4", 8.56, "ground", 6.0, 90.0, 0, None],  # latitude is a string
        [3.0, 47.46, 8.56, "high", 6.0, 90.0, 0, None],  # not an altitude
        "not a point",
        [4.0, 47.46, 8.56, 1200, 150.0, 90.0, "2", 1500],  # flags not an integer
        [5.0, 95.0, 8.56, 1500, 150.0, 90.0, 0, 1500],  # impossible latitude
        [6.0, None, None, 1800, 160.0, 90.0, 1, 1500, None, "adsb_icao"],  # no position: kept
        [7.0, 47.47, 8.57, 2000, 1500.0, 90.0, 0, 1500],  # impossible speed
        [8.0, 47.48, 8.58, 2500, 170.0, 90.0, 8, 1400, None, "adsb_icao", None],  # geometric
        [9.0, 47.49, 8.59, 2600, 170.0, 90.0, 0, 1300],  # only the old 8 fields
        [None, 47.49, 8.59, 2600, 170.0, 90.0, 0, 1300],  # no time
        [10.0, 47.50, 8.60, 2700, 170.0, 90.0, 3, 1300, {"flight": "EDW25"}],  # new leg
        [11.0, 47.51, 8.61, 2800, True, 90.0, 0, 1300],  # speed is a boolean
    ]
    path = write_trace(tmp_path / "trace_full_4b1901.json", trace)
    result = ingest(case, "flights", path)
    assert result.format == "readsb-trace"
    assert result.accepted + result.rejected == len(trace)
    assert result.rejections == [
        "trace[1]: expected a list of at least 8 fields, found 5 fields",
        "trace[2]: latitude '47.4' is not a number",
        "trace[3]: altitude 'high' is not a number",
        "trace[4]: expected a list of at least 8 fields, found 'not a point'",
        "trace[5]: flags '2' are not a non-negative integer",
        "trace[6]: latitude 95.0 is outside ±90°",
        "trace[8]: ground speed 1500.0 kt is impossible",
        "trace[11]: no time offset",
        "trace[13]: ground speed True is not a number",
    ]
    got = {
        r[0]: r[1:]
        for r in rows(
            case,
            "SELECT locator, callsign, squawk, lat, altitude_ft, geoaltitude_ft, on_ground,"
            " new_leg, time FROM state_vectors",
        )
    }
    assert set(got) == {f"trace[{i}]" for i in (0, 7, 9, 10, 12)}
    assert got["trace[0]"][:8] == ("EDW24", "1000", 47.45, None, None, True, False, utc(BASE))
    assert got["trace[7]"][:7] == ("EDW24", "1000", None, 1800.0, None, False, False)
    assert got["trace[9]"][3:6] == (None, 2500.0, False)  # flags & 8: altitude is geometric
    assert got["trace[10]"][:2] == ("EDW24", "1000")
    assert got["trace[12]"][:2] == ("EDW25", None)  # new leg: the old squawk is not carried
    assert got["trace[12]"][6] is True


def test_trace_of_a_non_icao_address_is_refused(case: Case, tmp_path: Path) -> None:
    path = write_trace(
        tmp_path / "trace_full_~2a0b1c.json",
        [[0.0, 47.45, 8.55, 3000, 150.0, 90.0, 0, 0]],
        icao="~2a0b1c",
    )
    with pytest.raises(InputError, match=r"~2a0b1c is not an ICAO address"):
        ingest(case, "flights", path)
    assert stored(case) == 0


def test_truncated_gzip_trace_stores_nothing(case: Case, tmp_path: Path) -> None:
    trace = [[i * 1.0, 47.0 + i / 1e4, 8.0, 30000, 450.0, 90.0, 0, 0] for i in range(5000)]
    path = tmp_path / "trace_full_4b1901.json.gz"
    body = gzip.compress(json.dumps({"icao": "4b1901", "timestamp": BASE, "trace": trace}).encode())
    path.write_bytes(body[: len(body) // 2])
    with pytest.raises(InputError, match="damaged or truncated compressed data"):
        ingest(case, "flights", path, fmt="readsb-trace")
    assert stored(case) == 0
    assert rows(case, "SELECT count(*) FROM sources") == [(0,)]


def test_truncated_json_trace_says_where(case: Case, tmp_path: Path) -> None:
    path = write_trace(tmp_path / "t.json", [[0.0, 47.45, 8.55, 3000, 150.0, 90.0, 0, 0]])
    path.write_text(path.read_text()[:-10])
    with pytest.raises(InputError, match=r"t\.json: line 1 column \d+: not valid JSON"):
        ingest(case, "flights", path)
    assert stored(case) == 0


# ------------------------------------------------------------------ aircraft.json snapshots

NOW = 1_704_067_200.0  # 2024-01-01 00:00 UTC


def snapshot(now: float, aircraft: list[object]) -> bytes:
    return json.dumps({"now": now, "messages": 123456, "aircraft": aircraft}).encode()


def airborne(hex_: str, lat: float, lon: float, **extra: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "hex": hex_,
        "type": "adsb_icao",
        "flight": "AHY123  ",
        "alt_baro": 32000,
        "alt_geom": 32600,
        "gs": 451.3,
        "track": 271.2,
        "baro_rate": -64,
        "squawk": "2215",
        "lat": lat,
        "lon": lon,
        "nic": 8,
        "seen_pos": 0.4,
        "messages": 900,
        "seen": 0.1,
        "rssi": -22.5,
    }
    entry.update(extra)
    return entry


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    """A tar1090-style folder: a plain and a gzip snapshot in a subfolder, plus receiver.json."""
    root = tmp_path / "readsb"
    (root / "2024-01-01").mkdir(parents=True)
    (root / "receiver.json").write_text('{"refresh": 1000, "history": 120, "lat": 40.4}')
    (root / "2024-01-01" / "aircraft_0.json").write_bytes(
        snapshot(
            NOW,
            [
                airborne("600881", 40.41, 49.90),
                airborne("~2a0b1c", 40.50, 49.80),  # TIS-B, non-ICAO address
                {"hex": "60084d", "alt_baro": "ground", "gs": 3.1, "seen": 2.5, "squawk": "7000"},
                airborne("4b1901", 41.00, 48.00, seen_pos=4.0),
            ],
        )
    )
    (root / "2024-01-01" / "aircraft_10.json.gz").write_bytes(
        gzip.compress(
            snapshot(
                NOW + 10,
                [
                    airborne("600881", 40.42, 49.70, seen_pos=1.5),
                    airborne("4b1901", 41.00, 48.00, seen_pos=14.0),  # same report as before
                    {**airborne("3c6444", 50.0, 8.0), "lat": "50.1"},  # malformed latitude
                    airborne("3c6445", 50.0, 8.0, seen_pos=None, seen=3.0),  # no seen_pos
                    "garbage",
                    {"hex": "3c6446", "lat": 50.0, "lon": 8.0},  # neither seen_pos nor seen
                ],
            )
        )
    )
    return root


def test_snapshot_folder_times_and_rejections(case: Case, snapshots: Path) -> None:
    result = ingest(case, "flights", snapshots)
    assert result.format == "readsb-aircraft-json"
    assert result.rejections == [
        "2024-01-01/aircraft_0.json aircraft[1]: address ~2a0b1c is not an ICAO address"
        " (readsb marks non-ICAO and TIS-B addresses with ~)",
        "2024-01-01/aircraft_10.json.gz aircraft[1]: repeats the position given at"
        " 2024-01-01/aircraft_0.json aircraft[3]",
        "2024-01-01/aircraft_10.json.gz aircraft[2]: latitude '50.1' is not a number",
        "2024-01-01/aircraft_10.json.gz aircraft[4]: aircraft entry 'garbage' is not an object",
        "2024-01-01/aircraft_10.json.gz aircraft[5]: neither seen_pos nor seen: the time is"
        " unknown",
        'receiver.json: not an aircraft.json snapshot (no "now" time and "aircraft" list)',
    ]
    assert (result.accepted, result.rejected) == (5, 6)
    got = {
        r[0]: r[1:]
        for r in rows(
            case,
            "SELECT locator, icao24, time, callsign, lat, altitude_ft, geoaltitude_ft,"
            " groundspeed_kt, vertical_rate_fpm, on_ground, squawk, new_leg"
            " FROM state_vectors_readable",
        )
    }
    first = got["2024-01-01/aircraft_0.json aircraft[0]"]
    assert first == (
        "600881",
        utc(NOW - 0.4),
        "AHY123",
        40.41,
        32000.0,
        32600.0,
        pytest.approx(451.3),
        -64.0,
        False,
        "2215",
        None,
    )
    parked = got["2024-01-01/aircraft_0.json aircraft[2]"]
    assert parked[:5] == ("60084d", utc(NOW - 2.5), None, None, None)  # no position: kept
    assert parked[8:10] == (True, "7000")
    assert got["2024-01-01/aircraft_10.json.gz aircraft[0]"][1] == utc(NOW + 10 - 1.5)
    assert got["2024-01-01/aircraft_10.json.gz aircraft[3]"][:2] == ("3c6445", utc(NOW + 7))


def test_single_snapshot_file_is_read_too(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "aircraft.json"
    path.write_bytes(snapshot(NOW, [airborne("600881", 40.41, 49.90)]))
    result = ingest(case, "flights", path)
    assert (result.format, result.accepted) == ("readsb-aircraft-json", 1)
    assert rows(case, "SELECT locator FROM state_vectors") == [("aircraft.json aircraft[0]",)]


def test_snapshot_files_are_read_in_natural_order(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "history"
    root.mkdir()
    for n in (0, 2, 10):  # history_10 sorts before history_2 as text
        entry = airborne("600881", 40.41, 49.90, seen_pos=float(n) + 0.5)
        (root / f"history_{n}.json").write_bytes(snapshot(NOW + n, [entry]))
    result = ingest(case, "flights", root)
    # Each later snapshot repeats the first position; rejections come in time order.
    assert result.rejections == [
        "history_2.json aircraft[0]: repeats the position given at history_0.json aircraft[0]",
        "history_10.json aircraft[0]: repeats the position given at history_0.json aircraft[0]",
    ]


def test_truncated_gzip_snapshot_fails_the_whole_folder(case: Case, snapshots: Path) -> None:
    broken = snapshots / "2024-01-01" / "aircraft_20.json.gz"
    body = gzip.compress(
        snapshot(NOW + 20, [airborne(f"4b{i:04x}", 41.0, 8.0) for i in range(3000)])
    )
    broken.write_bytes(body[: len(body) // 2])
    with pytest.raises(InputError, match=r"aircraft_20\.json\.gz: damaged or truncated"):
        ingest(case, "flights", snapshots)
    assert stored(case) == 0
    assert rows(case, "SELECT count(*) FROM sources") == [(0,)]


def test_large_snapshot_folder_comes_in_several_chunks(tmp_path: Path) -> None:
    from hybridwatch.sources.readsb import CHUNK_ROWS, ReadsbAircraftJsonReader

    root = tmp_path / "big"
    root.mkdir()
    per_file = 60_000
    files = CHUNK_ROWS // per_file + 2
    for n in range(files):
        aircraft = [
            {"hex": f"{i:06x}", "seen": 1.0, "alt_baro": 30000 + n} for i in range(per_file)
        ]
        (root / f"{n}.json").write_bytes(snapshot(NOW + n, aircraft))
    chunks = list(ReadsbAircraftJsonReader().read(root))
    sizes = [c.rows.num_rows for c in chunks if c.rows is not None]
    assert len(sizes) >= 2
    assert max(sizes) < CHUNK_ROWS + per_file
    assert sum(sizes) == files * per_file
    assert chunks[-1].position == sum(p.stat().st_size for p in root.iterdir())
