from __future__ import annotations

import math
import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from hybridwatch.reference import airports
from hybridwatch.reference.airports import airport, haversine_km, nearest


def test_burgas_and_baku_exist_with_plausible_coordinates() -> None:
    burgas, baku = airport("LBBG"), airport("ubbb")
    assert burgas is not None and baku is not None
    assert (burgas.country, burgas.iata, burgas.has_iata) == ("BG", "BOJ", True)
    assert abs(burgas.lat - 42.57) < 0.05 and abs(burgas.lon - 27.52) < 0.05
    assert (baku.country, baku.iata) == ("AZ", "GYD")
    assert abs(baku.lat - 40.47) < 0.05 and abs(baku.lon - 50.05) < 0.05
    assert 0 <= baku.elevation_ft < 100 and 50 < burgas.elevation_ft < 300


def test_nearest_to_burgas() -> None:
    found = nearest(42.57, 27.52, 5)
    assert found and found[0][0].icao == "LBBG"
    assert found[0][1] < 1.0
    assert [d for _, d in found] == sorted(d for _, d in found)
    assert all(d <= 5 for _, d in found)


def test_nearest_with_nothing_in_range() -> None:
    assert nearest(0.0, -30.0, 10) == []  # mid-Atlantic
    assert nearest(42.57, 27.52, -1) == []


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.19, abs=0.01)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * 6371.0088, rel=1e-9)
    # Burgas to Baku, about 1,900 km.
    assert haversine_km(42.5696, 27.5152, 40.4675, 50.0467) == pytest.approx(1900, rel=0.02)


def _brute_force(lat: float, lon: float, max_km: float) -> list[str]:
    return sorted(
        a.icao for a in airports.airports() if haversine_km(lat, lon, a.lat, a.lon) <= max_km
    )


@pytest.mark.parametrize(
    ("lat", "lon", "max_km"),
    [
        (42.57, 27.52, 60),
        (51.47, -0.45, 30),
        (-17.75, 179.9, 400),  # Fiji, across the antimeridian
        (65.0, -179.5, 300),  # Chukotka/Alaska, across the antimeridian at high latitude
        (78.25, 15.5, 250),  # Svalbard: a degree of longitude is about 23 km
        (89.5, 0.0, 1500),  # near the pole: every longitude
        (-77.85, 166.7, 100),  # McMurdo
    ],
)
def test_grid_search_agrees_with_brute_force(lat: float, lon: float, max_km: float) -> None:
    assert sorted(a.icao for a, _ in nearest(lat, lon, max_km)) == _brute_force(lat, lon, max_km)


def test_grid_search_agrees_with_brute_force_at_random_points() -> None:
    rng = random.Random(20260905)
    for _ in range(15):
        lat, lon = rng.uniform(-85, 85), rng.uniform(-180, 180)
        got = sorted(a.icao for a, _ in nearest(lat, lon, 150))
        assert got == _brute_force(lat, lon, 150), (lat, lon)


def test_table() -> None:
    table = airports.table()
    assert table.column_names == [
        "icao",
        "iata",
        "name",
        "city",
        "country",
        "lat",
        "lon",
        "elevation_ft",
        "has_iata",
    ]
    assert table.num_rows > 20_000
    assert airports.table() is table, "cached per process"
    assert str(table.schema.field("elevation_ft").type) == "double"
    wanted = pc.is_in(table["icao"], value_set=pa.array(["LBBG", "UBBB"]))
    rows = {r["icao"]: r for r in table.filter(wanted).to_pylist()}
    assert rows["LBBG"]["iata"] == "BOJ" and rows["LBBG"]["has_iata"] is True
    assert rows["UBBB"]["country"] == "AZ"
    iata = table.column("iata").to_pylist()
    assert "" not in iata, "empty IATA codes become nulls"
    assert table.column("has_iata").to_pylist() == [code is not None for code in iata]
