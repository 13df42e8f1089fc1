"""What every flight-data reader produces, and the one place units are converted.

Stored units (docs/units.md): time as UTC timestamps, positions in WGS84 degrees, altitudes in
feet, speeds in knots, vertical rates in feet per minute, tracks in degrees true.
"""

from __future__ import annotations

import pyarrow as pa

from hybridwatch.grading import Grade

FT_PER_M = 1 / 0.3048
KT_PER_MS = 3600 / 1852
FPM_PER_MS = 60 / 0.3048

STATE_VECTORS = pa.schema(
    [
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
        ("locator", pa.string()),
    ]
)

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
