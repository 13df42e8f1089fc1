"""What every flight-data reader produces, and the one place units are converted.

Stored units (docs/units.md): time as UTC timestamps, positions in WGS84 degrees, altitudes in
feet, speeds in knots, vertical rates in feet per minute, tracks in degrees true.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hybridwatch.grading import Grade
from hybridwatch.sources.base import Rejection

FT_PER_M = 1 / 0.3048
KT_PER_MS = 3600 / 1852
FPM_PER_MS = 60 / 0.3048

_STATE_COLUMNS = [
    ("time", pa.timestamp("ms")),
    ("icao24", pa.string()),
    ("callsign", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("altitude_ft", pa.float32()),
    ("geoaltitude_ft", pa.float32()),
    ("groundspeed_kt", pa.float32()),
    ("track_deg", pa.float32()),
    ("vertical_rate_fpm", pa.float32()),
    ("on_ground", pa.bool_()),
    ("squawk", pa.string()),
    ("new_leg", pa.bool_()),
]
# What readers fill, the address as six hex digits; `checked_states` hands rows on to the store
# with the address as its 24-bit number instead (`address`, see `_addresses`).
# Rows placed by a locator string (readsb "trace[12]", FR24), built by the reader itself.
STATE_VECTORS = pa.schema([*_STATE_COLUMNS, ("locator", pa.string())])
# Rows of formats numbered by line, row or record: the number only, its unit once per source
# (Reader.position_unit); a string per row cost about 11% of the CPU at 100 million rows.
NUMBERED_STATE_VECTORS = pa.schema([*_STATE_COLUMNS, ("position", pa.int64())])

REPORTED_FLIGHTS = pa.schema(
    [
        ("icao24", pa.string()),
        ("callsign", pa.string()),
        ("registration", pa.string()),
        ("typecode", pa.string()),
        ("origin", pa.string()),
        ("destination", pa.string()),
        ("first_seen", pa.timestamp("ms")),
        ("last_seen", pa.timestamp("ms")),
        ("locator", pa.string()),
    ]
)

OPERATORS = pa.schema(
    [
        ("designator", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("telephony", pa.string()),
        ("locator", pa.string()),
    ]
)

# Crowd-sourced receiver networks: usually reliable, probably true.
ADSB_GRADE = Grade("B", 2)

# Rows outside these are rejected as impossible.
MAX_GROUNDSPEED_KT = 1000.0  # faster than any aircraft that broadcasts ADS-B
MIN_ALTITUDE_FT = -2000.0
MAX_ALTITUDE_FT = 80000.0


def _reason(row: dict[str, object]) -> str:
    """Why one row failed `checked_states` (the first failing rule), in words."""
    address = row["icao24"]
    if not (isinstance(address, str) and len(address) == 6):
        return f"ICAO address {address!r} is not six hex digits"
    try:
        int(address, 16)
    except ValueError:
        return f"ICAO address {address!r} is not six hex digits"
    if row["time"] is None:
        return "no time"
    lat, lon = row["lat"], row["lon"]
    if isinstance(lat, float) and not -90 <= lat <= 90:
        return f"latitude {lat} is outside ±90°"
    if isinstance(lon, float) and not -180 <= lon <= 180:
        return f"longitude {lon} is outside ±180°"
    altitude = row["altitude_ft"]
    if isinstance(altitude, float) and not MIN_ALTITUDE_FT <= altitude <= MAX_ALTITUDE_FT:
        return f"altitude {altitude:.0f} ft is impossible"
    return f"ground speed {row['groundspeed_kt']} kt is impossible"


_ICAO24 = "^[0-9a-f]{6}$"
_HEX_DIGIT = np.full(256, -1, dtype=np.int32)  # a byte's value as a lower-case hex digit
_HEX_DIGIT[list(b"0123456789abcdef")] = np.arange(16, dtype=np.int32)


def _addresses(values: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """Each address's 24-bit number when every value is six lower-case hex digits, else None.

    Read on the string buffers, one pass checking and converting: a regex per row cost 4× more,
    and nearly every feed sends addresses this way. The store keeps the numbers: a string per
    row cost the insert 17% of its CPU (hashing, dictionary, statistics) and every sort by
    aircraft a string key.
    """
    if not pa.types.is_string(values.type):
        return None
    numbers = []
    for chunk in values.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
        offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1]
        if chunk.null_count or not (np.diff(offsets) == 6).all():
            return None
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8) if len(chunk) else offsets[:0]
        digits = _HEX_DIGIT[data[offsets[0] : offsets[-1]]].reshape(-1, 6)
        if (digits < 0).any():
            return None
        value = digits[:, 0]
        for column in range(1, 6):
            value = (value << 4) | digits[:, column]
        numbers.append(pa.array(value, pa.int32()))
    return pa.chunked_array(numbers, pa.int32())


def checked_states(table: pa.Table, unit: str | None = None) -> tuple[pa.Table, list[Rejection]]:
    """Normalise and validate state vectors, vectorised; returns (valid rows as stored, with
    `address` for `icao24`, and rejections).

    `table` has the STATE_VECTORS columns in stored units, or the NUMBERED_STATE_VECTORS ones
    with `unit` naming what `position` counts; `icao24` and `callsign` may still need trimming.
    There is one rejection (locator, e.g. "line 12", and reason) per invalid row. A row with only
    one of lat/lon loses both, and is kept.
    """
    icao = table["icao24"]
    addresses = _addresses(icao)
    if addresses is not None:  # most feeds: no trimming, folding or checking per row
        icao_ok: Any = pa.scalar(True)
    else:
        icao = pc.utf8_lower(pc.utf8_trim_whitespace(icao))
        icao_ok = pc.fill_null(pc.match_substring_regex(icao, _ICAO24), False)
    # callsigns are ASCII letters and digits (ICAO Annex 10), padded with spaces by many feeds
    callsign = pc.ascii_trim_whitespace(table["callsign"])
    callsign = pc.if_else(pc.equal(callsign, ""), pa.scalar(None, pa.string()), callsign)
    lat, lon = table["lat"], table["lon"]
    no_position = pc.or_kleene(pc.is_null(lat), pc.is_null(lon))
    lat = pc.if_else(no_position, pa.scalar(None, pa.float64()), lat)
    lon = pc.if_else(no_position, pa.scalar(None, pa.float64()), lon)

    def within(values: pa.ChunkedArray, low: float, high: float) -> pa.ChunkedArray:
        inside = pc.and_(pc.greater_equal(values, low), pc.less_equal(values, high))
        return pc.fill_null(inside, True)

    valid = pc.and_(icao_ok, pc.is_valid(table["time"]))
    valid = pc.and_(valid, within(lat, -90, 90))
    valid = pc.and_(valid, within(lon, -180, 180))
    valid = pc.and_(valid, within(table["altitude_ft"], MIN_ALTITUDE_FT, MAX_ALTITUDE_FT))
    valid = pc.and_(valid, within(table["groundspeed_kt"], 0, MAX_GROUNDSPEED_KT))
    normalised = (
        table.set_column(table.schema.get_field_index("icao24"), "icao24", icao)
        .set_column(table.schema.get_field_index("callsign"), "callsign", callsign)
        .set_column(table.schema.get_field_index("lat"), "lat", lat)
        .set_column(table.schema.get_field_index("lon"), "lon", lon)
    )
    bad: list[dict[str, Any]] = []
    good = normalised
    if not pc.all(valid).as_py():  # no copy of a chunk with nothing to drop
        good = normalised.filter(valid)
        bad = normalised.filter(pc.invert(valid)).to_pylist()
        addresses = None if addresses is None else addresses.filter(valid)
    if addresses is None:  # trimmed and folded here, then checked by the regex
        addresses = _addresses(good["icao24"])
        assert addresses is not None
    stored = good.set_column(good.schema.get_field_index("icao24"), "address", addresses)
    if unit is not None:
        return stored, [Rejection(f"{unit} {row['position']}", _reason(row)) for row in bad]
    return stored, [Rejection(str(row["locator"]), _reason(row)) for row in bad]
