from __future__ import annotations

import numpy as np
import pytest

from hybridwatch.report import basemap

BLACK_SEA = (26.0, 39.0, 52.0, 48.0)  # Burgas (42.57N 27.52E) to Baku (40.47N 50.05E)


def inside(ring: np.ndarray, lon: float, lat: float) -> bool:
    """Even-odd ray casting: does the ring enclose the point?"""
    x, y = ring[:, 0].astype(float), ring[:, 1].astype(float)
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    crosses = (y > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x + (lat - y) * (x2 - x) / (y2 - y)
    return bool(np.count_nonzero(crosses & (lon < at)) % 2)


def levels_at(shapes: list[basemap.Shape], lon: float, lat: float) -> set[int]:
    return {shape.level for shape in shapes if inside(shape.points, lon, lat)}


@pytest.mark.parametrize("resolution", ["c", "l"])
def test_black_sea_is_water_and_its_shores_are_land(resolution: basemap.Resolution) -> None:
    shapes = basemap.shorelines(BLACK_SEA, resolution)
    assert levels_at(shapes, 34.0, 43.0) == set()  # mid Black Sea
    assert levels_at(shapes, 40.0, 45.0) == {1}  # Krasnodar Krai
    assert levels_at(shapes, 27.0, 42.5) == {1}  # inland from Burgas
    assert levels_at(shapes, 49.5, 40.4) == {1}  # Absheron, west of Baku
    # The Caspian is a lake: inside Eurasia (level 1) and inside a level-2 ring.
    assert levels_at(shapes, 51.0, 42.0) == {1, 2}


def test_only_shapes_meeting_the_view_are_read() -> None:
    shapes = basemap.shorelines(BLACK_SEA)
    everything = basemap.shorelines((-180.0, -90.0, 180.0, 90.0))
    assert 0 < len(shapes) < len(everything) / 10
    west, south, east, north = BLACK_SEA
    for shape in shapes:
        lon, lat = shape.points[:, 0], shape.points[:, 1]
        assert lon.min() <= east and lon.max() >= west
        assert lat.min() <= north and lat.max() >= south
    assert all(np.array_equal(shape.points[0], shape.points[-1]) for shape in shapes)


def test_borders_near_burgas_and_baku() -> None:
    borders = basemap.borders(BLACK_SEA)
    assert borders and {shape.level for shape in borders} == {-1}
    points = np.concatenate([shape.points for shape in borders])

    def nearest_deg(lon: float, lat: float) -> float:
        return float(np.hypot(points[:, 0] - lon, points[:, 1] - lat).min())

    assert nearest_deg(27.9, 42.0) < 0.3  # Bulgaria–Turkey, south of Burgas
    assert nearest_deg(48.6, 41.85) < 0.3  # Azerbaijan–Russia at the Samur, north of Baku
