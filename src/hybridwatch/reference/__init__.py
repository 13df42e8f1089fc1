"""Reference data that gives aircraft an identity and flights their airports.

Tables shipped in `data/` (each file names its public sources) and the `airportsdata` package:

- `addresses`: ICAO address blocks -> State (`country_of`)
- `military`: military-only address ranges (`military_range_of`)
- `callsigns`: the ICAO operator designator in a callsign (`designator`)
- `state_callsigns`: callsign prefixes of air arms and State flight units (`state_callsign`)
- `aircraft_types`: ICAO type designator -> class (`type_class`)
- `airports`: airports, `nearest`, `haversine_km`

Each of those modules has `table()`, the same data as Arrow, for joins in SQL.
"""

from __future__ import annotations

from hybridwatch.reference.addresses import Country, country_of
from hybridwatch.reference.aircraft_types import type_class
from hybridwatch.reference.airports import Airport, haversine_km, nearest
from hybridwatch.reference.callsigns import designator
from hybridwatch.reference.military import MilitaryRange, military_range_of
from hybridwatch.reference.state_callsigns import CallsignMatch, state_callsign

__all__ = [
    "Airport",
    "CallsignMatch",
    "Country",
    "MilitaryRange",
    "country_of",
    "designator",
    "haversine_km",
    "military_range_of",
    "nearest",
    "state_callsign",
    "type_class",
]
