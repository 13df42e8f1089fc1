"""What an aircraft type is for, from its ICAO type designator.

A transponder or registry gives the designator (`IL76`, `A320`); whether a flight could carry
outsize military cargo or is an ordinary airliner rotation follows from the type's class.
"""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from hybridwatch.reference._data import read_rows

CLASSES = (
    "heavy-transport",
    "tactical-transport",
    "tanker",
    "special-mission",
    "airliner-widebody",
    "airliner-narrowbody",
    "regional-jet",
    "regional-turboprop",
    "business-jet",
    "utility-turboprop",
    "helicopter",
    "tiltrotor",
    "combat",
    "bomber",
    "trainer",
    "light-aircraft",
)


@cache
def type_classes() -> dict[str, str]:
    """Designator -> class, for every designator the table knows."""
    return {row["typecode"]: row["class"] for row in read_rows("aircraft_type_classes.csv")}


def type_class(typecode: str) -> str | None:
    """The class of an ICAO type designator (any case); None for designators not in the table."""
    return type_classes().get(typecode.strip().upper())


def table() -> pa.Table:
    """The table as Arrow (`typecode, class`) for SQL joins."""
    classes = type_classes()
    return pa.table({"typecode": list(classes), "class": list(classes.values())})
