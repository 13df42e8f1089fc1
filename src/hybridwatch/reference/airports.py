"""Airports from the `airportsdata` package, for giving flights their ends.

`airportsdata` lists some 28,000 ICAO-coded aerodromes, most of them small airfields; an IATA
code is the usual mark of one with scheduled or commercial service, so it is kept as `has_iata`.
The pipeline matches positions to airports in SQL over `airports_table()`; `nearest()` is the
same question in Python, for tests and debugging.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import airportsdata
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
_CELL_DEGREES = 1.0


@dataclass(frozen=True)
class Airport:
    icao: str
    iata: str | None
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    elevation_ft: float

    @property
    def has_iata(self) -> bool:
        """Whether the airport has an IATA code: a proxy for scheduled or commercial service."""
        return self.iata is not None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def airports() -> tuple[Airport, ...]:
    """Every ICAO-coded airport in `airportsdata`, loaded once per process."""
    return tuple(
        Airport(
            icao=row["icao"],
            iata=row["iata"],
            name=row["name"],
            city=row["city"],
            country=row["country"],
            lat=row["lat"],
            lon=row["lon"],
            elevation_ft=row["elevation_ft"],
        )
        for row in table().to_pylist()
    )


@cache
def by_icao() -> dict[str, Airport]:
    return {airport.icao: airport for airport in airports()}


def airport(icao: str) -> Airport | None:
    return by_icao().get(icao.strip().upper())


_SCHEMA = pa.schema(
    [
        pa.field("icao", pa.string(), nullable=False),
        pa.field("iata", pa.string()),
        pa.field("name", pa.string(), nullable=False),
        pa.field("city", pa.string(), nullable=False),
        pa.field("country", pa.string(), nullable=False),
        pa.field("lat", pa.float64(), nullable=False),
        pa.field("lon", pa.float64(), nullable=False),
        pa.field("elevation_ft", pa.float64(), nullable=False),
        pa.field("has_iata", pa.bool_(), nullable=False),
    ]
)


@cache
def table() -> pa.Table:
    """The airports as Arrow (`icao, iata, name, city, country, lat, lon, elevation_ft, has_iata`).

    Read straight from the CSV that `airportsdata` ships, columnar, which is ten times faster
    than its dict loader. Cached: Arrow tables are immutable, so callers share the one copy.
    """
    source = Path(airportsdata.__file__).with_name("airports.csv")
    raw = pacsv.read_csv(
        source,
        convert_options=pacsv.ConvertOptions(
            include_columns=["icao", "iata", "name", "city", "country", "lat", "lon", "elevation"],
            column_types={"elevation": pa.float64(), "lat": pa.float64(), "lon": pa.float64()},
            strings_can_be_null=False,
        ),
    )
    iata = pc.if_else(pc.equal(raw["iata"], ""), pa.scalar(None, pa.string()), raw["iata"])
    unsorted = pa.table(
        {
            "icao": raw["icao"],
            "iata": iata,
            "name": raw["name"],
            "city": raw["city"],
            "country": raw["country"],
            "lat": raw["lat"],
            "lon": raw["lon"],
            # airportsdata gives feet already
            "elevation_ft": pc.fill_null(raw["elevation"], 0.0),
            "has_iata": pc.is_valid(iata),
        }
    )
    return unsorted.sort_by("icao").cast(_SCHEMA)


_LON_CELLS = round(360 / _CELL_DEGREES)


def _lon_cell(lon: float) -> int:
    """The longitude cell, in [-_LON_CELLS/2, _LON_CELLS/2): 180°E and 180°W share a cell."""
    return (math.floor(lon / _CELL_DEGREES) + _LON_CELLS // 2) % _LON_CELLS - _LON_CELLS // 2


@cache
def _grid() -> dict[tuple[int, int], list[Airport]]:
    """Airports bucketed in one-degree cells, so a search reads only the cells near a point."""
    cells: dict[tuple[int, int], list[Airport]] = defaultdict(list)
    for a in airports():
        cells[(math.floor(a.lat / _CELL_DEGREES), _lon_cell(a.lon))].append(a)
    return dict(cells)


def _lon_cells(lon: float, span_degrees: float) -> list[int]:
    """The longitude cells within `span_degrees` of `lon`, wrapping at the antimeridian."""
    if span_degrees >= 180:
        return list(range(-(_LON_CELLS // 2), _LON_CELLS // 2))
    steps = math.floor((lon + span_degrees) / _CELL_DEGREES) - math.floor(
        (lon - span_degrees) / _CELL_DEGREES
    )
    first = _lon_cell(lon - span_degrees)
    return sorted(
        {(first + k + _LON_CELLS // 2) % _LON_CELLS - _LON_CELLS // 2 for k in range(steps + 1)}
    )


def nearest(lat: float, lon: float, max_km: float) -> list[tuple[Airport, float]]:
    """Airports within `max_km` of the point, nearest first, each with its distance in km."""
    if max_km < 0:
        return []
    lat_span = max_km / _KM_PER_DEGREE
    # A degree of longitude shrinks with latitude: widen the search by the poleward edge's cosine.
    poleward = min(90.0, abs(lat) + lat_span)
    cos_edge = math.cos(math.radians(poleward))
    lon_span = 180.0 if cos_edge < 1e-6 else max_km / (_KM_PER_DEGREE * cos_edge)
    grid = _grid()
    lat_low = math.floor((lat - lat_span) / _CELL_DEGREES)
    lat_high = math.floor((lat + lat_span) / _CELL_DEGREES)
    lon_cells = _lon_cells(lon, lon_span)
    found: list[tuple[Airport, float]] = []
    for lat_cell in range(lat_low, lat_high + 1):
        for lon_cell in lon_cells:
            for a in grid.get((lat_cell, lon_cell), ()):
                distance = haversine_km(lat, lon, a.lat, a.lon)
                if distance <= max_km:
                    found.append((a, distance))
    found.sort(key=lambda pair: (pair[1], pair[0].icao))
    return found
